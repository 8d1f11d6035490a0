// The config of a CSV source: the file, its pace, and how it is read.
import { z } from 'zod';

/** Rows per second of a replay that names no rate nor speed. */
export const DEFAULT_RATE = 10;

export const csvConfigSchema = z
  .object({
    file: z.string().min(1).describe('CSV file, relative to the data directory'),
    rate: z
      .union([z.number().positive().max(1_000_000), z.literal('unlimited')])
      .optional()
      .describe('rows per second (default 10), or "unlimited" to replay as fast as viewers are served'),
    timestampColumn: z.string().min(1).optional().describe('replay at the times in this column instead of at a fixed rate (needs `speed`)'),
    speed: z
      .number()
      .positive()
      .max(1_000_000)
      .optional()
      .describe('with timestampColumn: replay speed factor (60 plays one minute of data per second)'),
    loop: z.boolean().default(false).describe('start again at startRow when the file ends'),
    startRow: z.number().int().nonnegative().default(0).describe('skip this many data rows first'),
    delimiter: z.string().length(1).default(',').describe('field delimiter'),
    maxRecordBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024)
      .describe('a record longer than this many bytes is skipped, counted and logged (bounds memory)'),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.speed !== undefined && config.rate !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['speed'], message: 'use either rate or speed, not both' });
    }
    if (config.speed !== undefined && config.timestampColumn === undefined) {
      ctx.addIssue({ code: 'custom', path: ['timestampColumn'], message: 'speed needs timestampColumn' });
    }
    if (config.timestampColumn !== undefined && config.speed === undefined) {
      ctx.addIssue({ code: 'custom', path: ['speed'], message: 'timestampColumn needs speed' });
    }
  });

export type CsvConfig = z.output<typeof csvConfigSchema>;
