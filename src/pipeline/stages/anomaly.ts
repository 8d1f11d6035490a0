import { z } from 'zod';
import { parseDuration } from '../../values/duration.js';
import { significant } from '../../values/significant.js';
import type { TimeOf } from '../data-time.js';
import { learnSpread } from '../robust-baseline.js';
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
      .default('12h')
      .describe(
        'the warm-up that learns how much the columns move when normal: rows (a number) or data time ("12h"); the score is null until it is over',
      ),
    baseline: z
      .number()
      .int()
      .min(2)
      .max(1_000_000)
      .default(240)
      .describe('rows over which the slow mean of each column (what normal is now) follows normal running'),
    smooth: z.number().int().min(1).max(10_000).default(10).describe('rows over which the fast mean and the roughness are averaged'),
    top: z.number().int().min(1).max(64).default(3).describe('the score reads the largest `top` column deviations'),
    adapt: z
      .boolean()
      .default(true)
      .describe('after the warm-up, normal keeps following slow change (false: it stays as the warm-up left it)'),
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

/** The mean column deviation at which the score reaches 1 − 1/e: about 3 spreads, held. */
const SCORE_SCALE = 9;

export const anomalyStage = defineStage({
  type: 'anomaly',
  description:
    'a score in [0, 1] of how far several columns are from normal running: per column, how far its fast mean has moved from its slow mean, and how rough it is against its fast mean, each in the spreads learned in a warm-up; the largest `top` give 1 − e^−(d − 1)/9',
  configSchema,
  example: { type: 'anomaly', columns: ['sensor_04', 'sensor_18'], learn: 3, baseline: 2 },
  outputs: (config) => [{ name: config.as ?? 'anomaly', axis: config.axis }],
  inputs: (config) => config.columns,
  references: (config) => (config.ignore ? [{ field: 'ignore.column', column: config.ignore.column }] : []),
  create: (config, context) => anomaly(config, context.timeOf),
});

/** One column's state: its fast and slow means, its roughness, and the spreads the warm-up learned. */
interface ColumnState {
  fast: number;
  slow: number;
  rough: number;
  /** Spread of a value's step from the fast mean, and of the fast mean from the slow one. */
  stepSpread: number;
  shiftSpread: number;
  steps: number[];
  shifts: number[];
}

/**
 * Null during the warm-up and for rows without a number in any column. Each column has a fast
 * mean (over `smooth` rows) and a slow one (over `baseline` rows, following normal rows only). Two
 * deviations, in spreads learned in the warm-up (median absolute deviations, robust to the odd
 * spike), catch the two ways a pump gives notice: the fast mean moving away from the slow one (a
 * drift), and steps from the fast mean growing (more noise). A column counts by the larger; the
 * score by the mean of the `top` largest columns. O(columns) a row, apart from the warm-up's end.
 */
function anomaly(config: AnomalyConfig, timeOf: TimeOf): Stage {
  const { columns, adapt } = config;
  const name = config.as ?? 'anomaly';
  const learnMs = typeof config.learn === 'string' ? parseDuration(config.learn)! : undefined;
  const learnRows = typeof config.learn === 'number' ? config.learn : Number.POSITIVE_INFINITY;
  const fastRate = 2 / (config.smooth + 1);
  const slowRate = 2 / (config.baseline + 1);
  const ignoreColumn = config.ignore?.column;
  const ignored = new Set(config.ignore?.values ?? []);
  const state: (ColumnState | undefined)[] = columns.map(() => undefined);
  const largest = new Float64Array(Math.min(config.top, columns.length));
  let learning = true;
  let learned = 0;
  let learnStart = Number.NaN;

  return (row) => {
    // The slow mean follows every normal row, abnormal-looking ones too: held back, it would stay
    // behind an ordinary slow drift for good, and the score with it.
    const learnable = ignoreColumn === undefined || !ignored.has(String(row[ignoreColumn]));
    const follow = learnable && (learning || adapt);
    largest.fill(0);
    let seen = 0;
    for (let i = 0; i < columns.length; i++) {
      const x = row[columns[i]!];
      if (!isNumber(x)) continue;
      const s = state[i];
      if (!s) {
        state[i] = { fast: x, slow: x, rough: 1, stepSpread: 1, shiftSpread: 1, steps: [], shifts: [] };
        continue;
      }
      const step = x - s.fast;
      s.fast += fastRate * step;
      if (follow) s.slow += slowRate * (x - s.slow);
      const shift = s.fast - s.slow;
      seen++;
      if (learning) {
        // The slow mean needs `baseline` rows to settle before its distance means anything.
        if (learnable && learned >= config.baseline) {
          s.steps.push(step);
          s.shifts.push(shift);
        }
        continue;
      }
      const zStep = step / s.stepSpread;
      const zShift = shift / s.shiftSpread;
      s.rough += fastRate * (zStep * zStep - s.rough);
      const d = Math.max(s.rough, zShift * zShift);
      for (let k = 0; k < largest.length; k++) {
        if (d <= largest[k]!) continue;
        largest.copyWithin(k + 1, k, largest.length - 1);
        largest[k] = d;
        break;
      }
    }
    if (learning) {
      if (seen > 0 && learnable) {
        learned++;
        if (learnStart !== learnStart) learnStart = timeOf(row);
        if (learnMs !== undefined ? timeOf(row) - learnStart >= learnMs : learned >= learnRows) endWarmUp();
      }
      row[name] = null;
      return row;
    }
    if (seen === 0) {
      row[name] = null;
      return row;
    }
    const count = Math.min(seen, largest.length);
    let sum = 0;
    for (let k = 0; k < count; k++) sum += largest[k]!;
    row[name] = significant(1 - Math.exp(-Math.max(0, sum / count - 1) / SCORE_SCALE));
    return row;
  };

  function endWarmUp(): void {
    learning = false;
    for (const s of state) {
      if (!s) continue;
      s.stepSpread = learnSpread(s.steps);
      s.shiftSpread = learnSpread(s.shifts);
      s.steps = [];
      s.shifts = [];
    }
  }
}
