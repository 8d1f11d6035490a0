// What the stage plugins share: the config fields most stages have, windows of rows or data time,
// and the number test of a stage's read.
//
// Each stage reads and writes the row in its own closure, not through a shared helper: V8 keeps
// one inline cache per property access in the source, and an access that every stage of a
// pipeline passes through sees all their column names, goes megamorphic, and costs more than
// the arithmetic (measured: the six stages of the derived benchmark took twice as long so).
// `isNumber` takes a value, not a row, so it is safe to share (V8 inlines it at each call).
import { z } from 'zod';
import { DURATION, parseDuration } from '../values/duration.js';
import type { WindowSize } from './sliding-window.js';

export const columnName = z.string().min(1).max(200);

/** The `column` of a stage. */
export const inputColumn = columnName.describe('input: a number column of the stream, or an output of an earlier stage');

/** The `as` of a stage with one output. */
export const outputAs = columnName.optional().describe('name of the output column (default: the input name and a suffix)');

/** The `axis` of a stage's outputs. */
export const axis = z.enum(['y', 'y2']).default('y').describe('draw the output on the right-hand axis with y2');

/** A duration of data time (`90s`, `10m`, `2h`), greater than zero. */
export const duration = z
  .string()
  .regex(DURATION, 'a duration such as "500ms", "30s", "10m", "2h" or "1d"')
  .refine((text) => (parseDuration(text) ?? 0) > 0, 'must be greater than zero');

/** N rows, or a duration of data time. */
export const window = z
  .union([z.number().int('a whole number of rows').positive('must be greater than zero (rows)'), duration])
  .describe('rows (a number), or a duration of data time ("10m")');

/** A checked `window`: N rows, or ms of data time. */
export function windowSize(window: number | string): WindowSize {
  return typeof window === 'number' ? { rows: window } : { ms: parseDuration(window)! };
}

/** A finite number: what a stage computes with (anything else gets null outputs). */
export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && value - value === 0;
}
