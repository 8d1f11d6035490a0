import { z } from 'zod';
import { significant } from '../../values/significant.js';
import type { TimeOf } from '../data-time.js';
import type { Stage } from '../stage.js';
import { axis, inputColumn, isNumber, outputAs } from '../stage-kit.js';
import { defineStage } from '../stage-plugin.js';

const configSchema = z.object({ type: z.literal('rate'), column: inputColumn, as: outputAs, axis }).strict();

const outputName = (config: z.output<typeof configSchema>) => config.as ?? `${config.column}_rate`;

export const rateStage = defineStage({
  type: 'rate',
  description: 'change per second of data time since the previous value',
  configSchema,
  example: { type: 'rate', column: 'sensor_04' },
  outputs: (config) => [{ name: outputName(config), axis: config.axis }],
  create: (config, context) => rate(config.column, outputName(config), context.timeOf),
});

/** Null at the first value, and when no data time passed since the previous one. */
function rate(column: string, name: string, timeOf: TimeOf): Stage {
  let last: number | undefined;
  let lastTime = Number.NaN;
  return (row) => {
    const x = row[column];
    if (!isNumber(x)) {
      row[name] = null;
      return row;
    }
    const t = timeOf(row);
    const dt = t - lastTime;
    row[name] = last !== undefined && dt > 0 ? significant(((x - last) * 1000) / dt) : null;
    last = x;
    lastTime = t;
    return row;
  };
}
