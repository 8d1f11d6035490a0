import { z } from 'zod';
import { DURATION, parseDuration } from '../values/duration.js';

// The config of a stream's derived-signal stages, its state column and its alert rules. The
// same schemas validate config files, fill defaults and feed the generated JSON Schema.

const columnName = z.string().min(1).max(200);
const inputColumn = columnName.describe('input: a number column of the stream, or an output of an earlier stage');
const outputName = columnName.optional().describe('name of the output column (default: the input name and a suffix)');
const axis = z.enum(['y', 'y2']).default('y').describe('draw the output on the right-hand axis with y2');

/** A duration of data time (`90s`, `10m`, `2h`), greater than zero. */
const duration = z
  .string()
  .regex(DURATION, 'a duration such as "500ms", "30s", "10m", "2h" or "1d"')
  .refine((text) => (parseDuration(text) ?? 0) > 0, 'must be greater than zero');

/** N rows, or a duration of data time. */
const window = z
  .union([z.number().int('a whole number of rows').positive('must be greater than zero (rows)'), duration])
  .describe('rows (a number), or a duration of data time ("10m")');

const scale = z
  .object({
    type: z.literal('scale'),
    column: inputColumn,
    as: outputName,
    axis,
    min: z.number().optional().describe('fixed minimum (give max too)'),
    max: z.number().optional().describe('fixed maximum (give min too)'),
    learn: z
      .enum(['auto', 'running', 'first'])
      .default('auto')
      .describe(
        'without min/max: auto = the whole file for CSV sources (a pre-scan), running otherwise; running = the range so far; first = the range of the first `rows` rows',
      ),
    rows: z.number().int().positive('must be greater than zero').default(100).describe('rows learned from with learn: first'),
  })
  .strict()
  .refine((s) => (s.min === undefined) === (s.max === undefined), { message: 'give both min and max, or neither', path: ['min'] })
  .refine((s) => s.min === undefined || s.max! > s.min, { message: 'max must be greater than min', path: ['max'] })
  .describe('min–max scaling to [0, 1]');

const rolling = z
  .object({
    type: z.literal('rolling'),
    column: inputColumn,
    as: z.string().min(1).max(200).optional().describe('prefix of the output columns (default: the input name): <as>_mean, <as>_std, …'),
    axis,
    window,
    stats: z
      .array(z.enum(['mean', 'std', 'min', 'max']))
      .min(1)
      .max(4)
      .default(['mean']),
  })
  .strict()
  .describe('rolling mean, standard deviation (sample), minimum and maximum');

const zscore = z
  .object({ type: z.literal('zscore'), column: inputColumn, as: outputName, axis, window })
  .strict()
  .describe('(value − rolling mean) / rolling std, the window including the value');

const ewma = z
  .object({
    type: z.literal('ewma'),
    column: inputColumn,
    as: outputName,
    axis,
    alpha: z.number().gt(0).max(1).optional().describe('weight of the newest value, in (0, 1]'),
    halfLife: duration.optional().describe('or: the data time after which a value weighs half'),
  })
  .strict()
  .refine((s) => (s.alpha === undefined) !== (s.halfLife === undefined), {
    message: 'give alpha or halfLife (one of them)',
    path: ['alpha'],
  })
  .describe('exponentially weighted moving average');

const rate = z
  .object({ type: z.literal('rate'), column: inputColumn, as: outputName, axis })
  .strict()
  .describe('change per second of data time since the previous value');

const diff = z
  .object({ type: z.literal('diff'), column: inputColumn, as: outputName, axis })
  .strict()
  .describe('change since the previous value');

export const stageSchema = z.discriminatedUnion('type', [scale, rolling, zscore, ewma, rate, diff]);

const colour = z.string().regex(/^#[0-9a-fA-F]{3,8}$|^[a-z]{3,20}$/, 'a #hex colour or a CSS colour name');

export const statesSchema = z
  .object({
    column: columnName.describe('a text or code column of the stream (e.g. machine_status)'),
    colors: z.record(z.string().min(1).max(200), colour).default({}).describe('band colour per value (others get a palette colour)'),
    unshaded: z.array(z.string().min(1).max(200)).max(64).default([]).describe('values drawn without a band (e.g. NORMAL)'),
  })
  .strict()
  .describe('a column whose changes are sent as `state` events and drawn as bands');

export const alertSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, ".", "_" and "-" (at most 64)'),
    column: columnName.describe('any numeric column, derived ones included'),
    above: z.number().optional().describe('fires when the value is above this'),
    below: z.number().optional().describe('fires when the value is below this'),
    for: z
      .union([z.number().int().positive('must be greater than zero (points)'), duration])
      .optional()
      .describe('only after this many consecutive points (a number) or this much data time ("2m")'),
    resolve: z.number().optional().describe('resolves when the value is back past this level (default: the threshold)'),
  })
  .strict()
  .refine((a) => (a.above === undefined) !== (a.below === undefined), { message: 'give above or below (one of them)', path: ['above'] })
  .refine((a) => a.resolve === undefined || (a.above !== undefined ? a.resolve <= a.above : a.resolve >= a.below!), {
    message: 'resolve must be on the safe side of the threshold (≤ above, ≥ below)',
    path: ['resolve'],
  });

export type StageConfig = z.output<typeof stageSchema>;
export type StatesConfig = z.output<typeof statesSchema>;
export type AlertConfig = z.output<typeof alertSchema>;
