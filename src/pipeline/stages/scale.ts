import { z } from 'zod';
import { significant } from '../../values/significant.js';
import type { Stage } from '../stage.js';
import { axis, inputColumn, isNumber, outputAs } from '../stage-kit.js';
import { defineStage, type ValueRange } from '../stage-plugin.js';

const configSchema = z
  .object({
    type: z.literal('scale'),
    column: inputColumn,
    as: outputAs,
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
  .refine((s) => s.min === undefined || s.max! > s.min, { message: 'max must be greater than min', path: ['max'] });

type ScaleConfig = z.output<typeof configSchema>;

const outputName = (config: ScaleConfig) => config.as ?? `${config.column}_scaled`;

export const scaleStage = defineStage({
  type: 'scale',
  description: 'min–max scaling to [0, 1]',
  configSchema,
  example: { type: 'scale', column: 'sensor_04' },
  outputs: (config) => [{ name: outputName(config), axis: config.axis }],
  ranges: (config) => (config.min === undefined && config.learn === 'auto' ? [config.column] : []),
  create: (config, context) => scale(config.column, outputName(config), rangeOf(config, context.ranges)),
});

/** The fixed range (given, or the whole data's from a pre-scan), or how many rows to learn it from. */
function rangeOf(config: ScaleConfig, ranges: ReadonlyMap<string, ValueRange> | undefined): ValueRange | { learnRows: number } {
  if (config.min !== undefined) return { min: config.min, max: config.max! };
  if (config.learn === 'first') return { learnRows: config.rows };
  const whole = config.learn === 'auto' ? ranges?.get(config.column) : undefined;
  return whole ?? { learnRows: Number.POSITIVE_INFINITY };
}

/**
 * Min–max scaling to [0, 1], as scikit-learn's MinMaxScaler: (x − min) / (max − min), 0 when
 * the range is empty. With a fixed range (given, or pre-scanned from the whole file) values
 * outside it fall outside [0, 1]; a learned range widens with each value for `learnRows` rows.
 */
function scale(column: string, name: string, range: ValueRange | { learnRows: number }): Stage {
  let min = 'min' in range ? range.min : Number.POSITIVE_INFINITY;
  let max = 'max' in range ? range.max : Number.NEGATIVE_INFINITY;
  let learning = 'learnRows' in range ? range.learnRows : 0;
  return (row) => {
    const x = row[column];
    if (!isNumber(x)) {
      row[name] = null;
      return row;
    }
    if (learning > 0) {
      learning--;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const span = max - min;
    row[name] = span > 0 ? significant((x - min) / span) : 0;
    return row;
  };
}
