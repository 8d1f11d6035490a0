import { z } from 'zod';
import { parseDuration } from '../../values/duration.js';
import { significant } from '../../values/significant.js';
import type { Row } from '../../values/row.js';
import type { TimeOf } from '../data-time.js';
import type { Stage } from '../stage.js';
import { axis, duration, inputColumn, isNumber, outputAs } from '../stage-kit.js';
import { defineStage } from '../stage-plugin.js';

const configSchema = z
  .object({
    type: z.literal('ewma'),
    column: inputColumn,
    as: outputAs,
    axis,
    alpha: z.number().gt(0).max(1).optional().describe('weight of the newest value, in (0, 1]'),
    halfLife: duration.optional().describe('or: the data time after which a value weighs half'),
  })
  .strict()
  .refine((s) => (s.alpha === undefined) !== (s.halfLife === undefined), {
    message: 'give alpha or halfLife (one of them)',
    path: ['alpha'],
  });

const outputName = (config: z.output<typeof configSchema>) => config.as ?? `${config.column}_ewma`;

export const ewmaStage = defineStage({
  type: 'ewma',
  description: 'exponentially weighted moving average',
  configSchema,
  example: { type: 'ewma', column: 'sensor_04', halfLife: '10m' },
  outputs: (config) => [{ name: outputName(config), axis: config.axis }],
  create: (config, context) =>
    ewma(
      config.column,
      outputName(config),
      config.alpha !== undefined ? { alpha: config.alpha } : { halfLifeMs: parseDuration(config.halfLife!)! },
      context.timeOf,
    ),
});

/** With `halfLife` (ms), the weight of the newest value follows the data time since the previous one. */
function ewma(column: string, name: string, weight: { alpha: number } | { halfLifeMs: number }, timeOf: TimeOf): Stage {
  const alpha = 'alpha' in weight ? weight.alpha : undefined;
  const halfLifeMs = 'halfLifeMs' in weight ? weight.halfLifeMs : Number.NaN;
  let average: number | undefined;
  let lastTime = Number.NaN;
  // The weight for the last step: rows mostly come at a fixed step, and Math.pow was most of
  // this stage's cost.
  let lastDt = Number.NaN;
  let lastWeight = 0;
  const next = (x: number, row: Row): number => {
    if (average === undefined) {
      if (alpha === undefined) lastTime = timeOf(row);
      average = x;
      return average;
    }
    if (alpha !== undefined) {
      average += alpha * (x - average);
      return average;
    }
    const t = timeOf(row);
    const dt = t - lastTime;
    lastTime = t;
    // A time going backwards or missing counts as no time passed.
    if (!(dt > 0)) return average;
    if (dt !== lastDt) {
      lastDt = dt;
      lastWeight = 1 - 0.5 ** (dt / halfLifeMs);
    }
    average += lastWeight * (x - average);
    return average;
  };
  return (row) => {
    const x = row[column];
    row[name] = isNumber(x) ? significant(next(x, row)) : null;
    return row;
  };
}
