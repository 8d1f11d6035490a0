import { z } from 'zod';
import { significant } from '../../values/significant.js';
import { parseDuration } from '../../values/duration.js';
import type { TimeOf } from '../data-time.js';
import { type Baseline, followBaseline, learnBaseline } from '../robust-baseline.js';
import type { Stage } from '../stage.js';
import { axis, columnName, duration, isNumber, outputAs } from '../stage-kit.js';
import { defineStage } from '../stage-plugin.js';

const configSchema = z
  .object({
    type: z.literal('anomaly'),
    columns: z.array(columnName).min(1).max(64).describe('the number columns that together describe normal running'),
    as: outputAs.describe('name of the score column (default: anomaly)'),
    axis,
    learn: z
      .union([z.number().int().positive(), duration])
      .default('6h')
      .describe('the warm-up that learns normal: rows (a number) or data time ("6h"); the score is null until it is over'),
    adapt: z
      .number()
      .min(0)
      .max(0.1)
      .default(0.001)
      .describe('after the warm-up, how fast normal follows slow change (a share of the spread per row; 0: never)'),
    smooth: z.number().int().min(1).max(10_000).default(10).describe('rows over which each deviation is averaged (an EWMA)'),
    top: z.number().int().min(1).max(64).default(3).describe('the score reads the largest `top` averaged deviations'),
    ignore: z
      .object({
        column: columnName.describe('a state column, e.g. machine_status'),
        values: z.array(z.string().min(1)).min(1).max(64).describe('states whose rows are never learned from, e.g. [BROKEN, RECOVERING]'),
      })
      .strict()
      .optional()
      .describe('rows never learned from'),
  })
  .strict();

type AnomalyConfig = z.output<typeof configSchema>;

/** The averaged squared deviation at which the score reaches 1 − 1/e (about 3 spreads, held). */
const SCORE_SCALE = 9;

export const anomalyStage = defineStage({
  type: 'anomaly',
  description:
    'a score in [0, 1] of how far the columns are from the normal learned in a warm-up: each value’s robust deviation (from the median, in scaled MADs), squared and averaged over `smooth` rows; the mean of the largest `top` of them gives 1 − e^−(d − 1)/9',
  configSchema,
  example: { type: 'anomaly', columns: ['sensor_04', 'sensor_18'], learn: 3 },
  outputs: (config) => [{ name: config.as ?? 'anomaly', axis: config.axis }],
  inputs: (config) => config.columns,
  create: (config, context) => anomaly(config, context.timeOf),
});

/**
 * Null during the warm-up and for rows without a number in any column. A row of an ignored state
 * is scored but never learned from. Each row costs O(columns) (the `top` largest are found in one
 * pass), apart from the end of the warm-up, which sorts what it kept once.
 */
function anomaly(config: AnomalyConfig, timeOf: TimeOf): Stage {
  const { columns, adapt, top } = config;
  const name = config.as ?? 'anomaly';
  const learnMs = typeof config.learn === 'string' ? parseDuration(config.learn)! : undefined;
  const learnRows = typeof config.learn === 'number' ? config.learn : Number.POSITIVE_INFINITY;
  const alpha = 2 / (config.smooth + 1);
  const ignoreColumn = config.ignore?.column;
  const ignored = new Set(config.ignore?.values ?? []);
  const kept: number[][] = columns.map(() => []);
  let learned = 0;
  let learnStart = Number.NaN;
  let baselines: (Baseline | undefined)[] | undefined;
  const energy = new Float64Array(columns.length).fill(1);
  const largest = new Float64Array(Math.min(top, columns.length));

  return (row) => {
    const learnable = ignoreColumn === undefined || !ignored.has(String(row[ignoreColumn]));
    if (!baselines) {
      let any = false;
      if (learnable) {
        for (let i = 0; i < columns.length; i++) {
          const x = row[columns[i]!];
          if (isNumber(x)) {
            kept[i]!.push(x);
            any = true;
          }
        }
      }
      if (any) {
        learned++;
        if (learnStart !== learnStart) learnStart = timeOf(row);
        const done = learnMs !== undefined ? timeOf(row) - learnStart >= learnMs : learned >= learnRows;
        if (done) {
          baselines = kept.map((values) => learnBaseline(values));
          for (const values of kept) values.length = 0;
        }
      }
      row[name] = null;
      return row;
    }
    largest.fill(0);
    let seen = 0;
    for (let i = 0; i < columns.length; i++) {
      const x = row[columns[i]!];
      const baseline = baselines[i];
      if (!isNumber(x) || !baseline) continue;
      const z = (x - baseline.centre) / baseline.spread;
      const e = (1 - alpha) * energy[i]! + alpha * z * z;
      energy[i] = e;
      seen++;
      // Insert into the few largest, kept in descending order.
      for (let k = 0; k < largest.length; k++) {
        if (e <= largest[k]!) continue;
        largest.copyWithin(k + 1, k, largest.length - 1);
        largest[k] = e;
        break;
      }
    }
    if (seen === 0) {
      row[name] = null;
      return row;
    }
    const count = Math.min(seen, largest.length);
    let sum = 0;
    for (let k = 0; k < count; k++) sum += largest[k]!;
    const score = 1 - Math.exp(-Math.max(0, sum / count - 1) / SCORE_SCALE);
    // Normal follows slow change, but never what it is scoring as abnormal.
    if (adapt > 0 && learnable && score < 0.5) {
      for (let i = 0; i < columns.length; i++) {
        const x = row[columns[i]!];
        const baseline = baselines[i];
        if (isNumber(x) && baseline) followBaseline(baseline, x, adapt);
      }
    }
    row[name] = significant(score);
    return row;
  };
}
