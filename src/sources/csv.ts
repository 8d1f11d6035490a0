import { relative } from 'node:path';
import { z } from 'zod';
import { parseTime } from '../pipeline/values.js';
import { now } from './clock.js';
import { countLines, csvOptions, parseFile, readHeader, recordBatches } from './csv-file.js';
import { fixedRate, fromTimestamps, waitFor, type Schedule } from './pacing.js';
import { defineSource, SourceError, type Progress, type Row } from './types.js';

export const csvConfigSchema = z
  .object({
    file: z.string().min(1).describe('CSV file, relative to the data directory'),
    rate: z
      .union([z.number().positive().max(1_000_000), z.literal('unlimited')])
      .optional()
      .describe('rows per second (default 10), or "unlimited" to replay as fast as viewers are served'),
    timestampColumn: z
      .string()
      .min(1)
      .optional()
      .describe('replay at the times in this column instead of at a fixed rate (needs `speed`)'),
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
      .describe('a record longer than this ends the replay with an error (bounds memory)'),
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

export const DEFAULT_RATE = 10;

export const csvSource = defineSource({
  type: 'csv',
  description: 'Replays a CSV file from the data directory, paced at a fixed rate or at its own timestamps.',
  configSchema: csvConfigSchema,
  create(config, { dataDir, fields, notify, logger }) {
    const rate = config.speed === undefined ? (config.rate ?? DEFAULT_RATE) : undefined;
    // Row 0 is due when the source is created, which is when its stream's run starts: the
    // schedule viewers see (`startedAt`) does not shift by the time it takes to open the file.
    const origin = now();
    let path: string | undefined;
    let total: number | undefined;
    let row = 0;
    // Rows with more or fewer cells than the header (kept, with gaps), and records that ended a
    // replay (too long, an unclosed quote), over all passes of this source.
    const counters = { raggedRows: 0, badRecords: 0 };

    const locate = async (): Promise<{ path: string }> => {
      path ??= await dataDir.resolve(config.file);
      const header = await readHeader(path, config.delimiter, config.maxRecordBytes);
      const wanted = config.timestampColumn ? [...fields, config.timestampColumn] : fields;
      const missing = wanted.filter((f) => !header.includes(f));
      if (missing.length > 0) {
        const shown = header.length > 12 ? `${header.slice(0, 12).join(', ')}, …` : header.join(', ');
        throw new SourceError(
          `column${missing.length > 1 ? 's' : ''} ${missing.map((m) => JSON.stringify(m)).join(', ')} not found in ` +
            `${relative(dataDir.root, path) || config.file} (it has: ${shown})`,
        );
      }
      return { path };
    };

    return {
      nominalRate: typeof rate === 'number' ? rate : undefined,
      check: async () => {
        await locate();
      },
      progress: (): Progress => (total === undefined ? { row } : { row, total }),
      counters: () => ({ ...counters }),
      async *read(signal) {
        const { path: file } = await locate();
        void countLines(file, signal).then(
          (lines) => (total = Math.max(0, lines - 1 - config.startRow)),
          () => undefined,
        );
        const keep = new Set(config.timestampColumn ? [...fields, config.timestampColumn] : fields);
        const schedule: Schedule | undefined =
          config.timestampColumn !== undefined && config.speed !== undefined
            ? fromTimestamps(timeColumn(config.timestampColumn), config.speed)
            : typeof rate === 'number'
              ? fixedRate(rate)
              : undefined;
        let emitted = 0;
        for (let pass = 0; ; pass++) {
          row = 0;
          // Paced: parse in small steps (16 KiB, a millisecond or so), so parsing never delays a
          // row that is due; unpaced: in large steps, for throughput.
          const parser = parseFile(file, csvOptions(config.delimiter, config.maxRecordBytes), schedule ? 16 * 1024 : 256 * 1024);
          const project = projectFields(keep, config.startRow);
          try {
            for await (const batch of recordBatches<string[]>(parser, schedule ? 256 : 4096)) {
              if (signal.aborted) return;
              if (!schedule) {
                // Unpaced: hand over everything parsed so far at once (no per-row await).
                const out: Row[] = [];
                for (const cells of batch) {
                  const record = project(cells);
                  if (record !== null) out.push(record);
                }
                row += out.length;
                emitted += out.length;
                if (out.length > 0) yield out;
                continue;
              }
              for (const cells of batch) {
                const record = project(cells);
                if (record === null) continue;
                if (!(await waitFor(origin, schedule.offsetOf(record, emitted), signal))) return;
                row++;
                emitted++;
                yield record;
              }
            }
          } catch (error) {
            if (signal.aborted) return;
            counters.badRecords++;
            throw csvError(error, config.file);
          } finally {
            counters.raggedRows += parser.info.invalid_field_length;
            parser.destroy();
          }
          if (!config.loop || signal.aborted) return;
          if (row === 0) throw new SourceError(`${config.file} has no rows after startRow ${config.startRow}`);
          schedule?.endPass();
          notify({ type: 'looped', pass: pass + 1 });
          logger.debug({ pass: pass + 1 }, 'replay looped');
        }
      },
    };
  },
});

/**
 * Turns parsed records into rows: the first record is the header; each later record becomes an
 * object with just the fields the stream reads; the first `skip` data records are dropped.
 * (Cheaper than csv-parse's own `columns` option, which walks every field of every record.)
 */
function projectFields(keep: ReadonlySet<string>, skip: number) {
  let names: string[] = [];
  let indexes: number[] = [];
  let seen = -1;
  return (record: string[]): Row | null => {
    if (seen++ < 0) {
      record.forEach((name, i) => {
        if (keep.has(name.trim())) {
          names.push(name.trim());
          indexes.push(i);
        }
      });
      names = [...names];
      indexes = [...indexes];
      return null;
    }
    if (seen <= skip) return null;
    const row: Row = {};
    for (let i = 0; i < indexes.length; i++) row[names[i]!] = record[indexes[i]!];
    return row;
  };
}

function timeColumn(name: string) {
  return (row: Record<string, unknown>) => parseTime(row[name]);
}

/** Turns a csv-parse error into a message that names the file and line, without internals. */
function csvError(error: unknown, file: string): SourceError {
  const e = error as { code?: string; lines?: number; message?: string };
  const where = typeof e.lines === 'number' ? ` at line ${e.lines}` : '';
  switch (e.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return new SourceError(`${file}${where}: a record is longer than maxRecordBytes`);
    case 'CSV_QUOTE_NOT_CLOSED':
      return new SourceError(`${file}${where}: a quoted field is never closed`);
    case undefined:
      return new SourceError(`${file}: could not be read`);
    default:
      return new SourceError(`${file}${where}: malformed CSV (${e.code})`);
  }
}
