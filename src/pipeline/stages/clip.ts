import { z } from 'zod';
import { significant } from '../../values/significant.js';
import type { Stage } from '../stage.js';
import { axis, inputColumn, isNumber, outputAs } from '../stage-kit.js';
import { defineStage } from '../stage-plugin.js';

const configSchema = z
  .object({
    type: z.literal('clip'),
    column: inputColumn,
    as: outputAs,
    axis,
    min: z.number().optional().describe('values below this become this'),
    max: z.number().optional().describe('values above this become this'),
  })
  .strict()
  .refine((s) => s.min !== undefined || s.max !== undefined, { message: 'give min, max or both', path: ['min'] })
  .refine((s) => s.min === undefined || s.max === undefined || s.max >= s.min, { message: 'max must not be less than min', path: ['max'] });

const outputName = (config: z.output<typeof configSchema>) => config.as ?? `${config.column}_clipped`;

export const clipStage = defineStage({
  type: 'clip',
  description: 'the value limited to [min, max] (a spike past a limit is drawn at the limit)',
  configSchema,
  example: { type: 'clip', column: 'sensor_04', min: 0, max: 50 },
  outputs: (config) => [{ name: outputName(config), axis: config.axis }],
  create: (config) =>
    clip(config.column, outputName(config), config.min ?? Number.NEGATIVE_INFINITY, config.max ?? Number.POSITIVE_INFINITY),
});

function clip(column: string, name: string, min: number, max: number): Stage {
  return (row) => {
    const x = row[column];
    row[name] = isNumber(x) ? significant(Math.min(Math.max(x, min), max)) : null;
    return row;
  };
}
