import { relative } from 'node:path';
import { z } from 'zod';
import { parseTime, toNumberOrNull } from '../values/convert.js';
import { now } from './clock.js';
import { badRows } from './counters.js';
import { countLines, emptyStats, missingColumnsError, readCsv, readHeader, skippedRecords, type CsvRecord, type DamageKind } from './csv-file.js';
import { fixedRate, fromTimestamps, waitFor, type Schedule } from './pacing.js';
import { type Row } from '../values/row.js';
import { SourceError } from './errors.js';
import { defineSource, type Progress } from './types.js';

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

export const DEFAULT_RATE = 10;

/** How a damaged record is named in logs. */
const DAMAGE_NAMES: Record<DamageKind, string> = {
  ragged: 'a row with a wrong number of cells (kept, with gaps)',
  invalidUtf8: 'a row with bytes that are not UTF-8 (kept, as U+FFFD)',
  oversized: 'a record longer than maxRecordBytes (skipped)',
  unterminated: 'a quoted field never closed at the end of the file (that record skipped)',
};

export const csvSource = defineSource({
  type: 'csv',
  description: 'Replays a CSV file from the data directory, paced at a fixed rate or at its own timestamps.',
  configSchema: csvConfigSchema,
  counters: {
    raggedRows: badRows('ragged'),
    invalidUtf8: badRows('invalid_utf8'),
    oversized: badRows('oversized'),
    unterminated: badRows('unterminated'),
  },
  create(config, { dataDir, fields, notify, logger }) {
    const rate = config.speed === undefined ? (config.rate ?? DEFAULT_RATE) : undefined;
    // Row 0 is due when the source is created, which is when its stream's run starts: the
    // schedule viewers see (`startedAt`) does not shift by the time it takes to open the file.
    const origin = now();
    let path: string | undefined;
    let total: number | undefined;
    let row = 0;
    // Damaged records over all passes of this source (one run of its stream).
    const stats = emptyStats();
    const wanted = config.timestampColumn ? [...new Set([...fields, config.timestampColumn])] : [...new Set(fields)];

    const locate = async (): Promise<{ path: string }> => {
      path ??= await dataDir.resolve(config.file);
      const header = await readHeader(path, config.delimiter, config.maxRecordBytes);
      const missing = wanted.filter((f) => !header.includes(f));
      if (missing.length > 0) throw missingColumnsError(missing, header, relative(dataDir.root, path) || config.file);
      return { path };
    };

    return {
      nominalRate: typeof rate === 'number' ? rate : undefined,
      check: async () => {
        await locate();
      },
      progress: (): Progress => (total === undefined ? { row } : { row, total }),
      counters: () => ({
        raggedRows: stats.ragged,
        oversized: stats.oversized,
        unterminated: stats.unterminated,
        invalidUtf8: stats.invalidUtf8,
      }),
      skipped: () => skippedRecords(stats),
      ranges: async (names, signal) => {
        const { path: file } = await locate();
        return scanRanges(file, names, { delimiter: config.delimiter, maxRecordBytes: config.maxRecordBytes, startRow: config.startRow }, signal);
      },
      async *read(signal) {
        const { path: file } = await locate();
        void countLines(file, signal).then(
          (lines) => (total = Math.max(0, lines - 1 - config.startRow)),
          () => undefined,
        );
        const schedule: Schedule | undefined =
          config.timestampColumn !== undefined && config.speed !== undefined
            ? fromTimestamps(timeColumn(config.timestampColumn), config.speed)
            : typeof rate === 'number'
              ? fixedRate(rate)
              : undefined;
        // The first record of each kind of damage is logged when it is met, once per run: never a
        // line per row, however damaged the file.
        const onFirstDamage = (kind: DamageKind, line: number) =>
          logger.warn({ file: config.file, line, kind }, `${config.file} line ${line}: ${DAMAGE_NAMES[kind]}`);
        let emitted = 0;
        for (let pass = 0; ; pass++) {
          row = 0;
          const toRow = rowMaker(config.startRow);
          const records = readCsv(file, {
            delimiter: config.delimiter,
            maxRecordBytes: config.maxRecordBytes,
            // Paced: parse in small steps (16 KiB, a millisecond or so), so parsing never delays a
            // row that is due; unpaced: in large steps, for throughput.
            chunkBytes: schedule ? 16 * 1024 : 256 * 1024,
            select: toRow.select,
            stats,
            onFirstDamage: pass === 0 ? onFirstDamage : undefined,
            signal,
          });
          try {
            for await (const batch of records) {
              if (signal.aborted) return;
              if (!schedule) {
                // Unpaced: hand over everything parsed so far at once (no per-row await).
                const out = toRow.rows(batch);
                row += out.length;
                emitted += out.length;
                if (out.length > 0) yield out;
                continue;
              }
              for (const cells of batch) {
                const record = toRow.row(cells);
                if (record === null) continue;
                if (!(await waitFor(origin, schedule.offsetOf(record, emitted), signal))) return;
                row++;
                emitted++;
                yield record;
              }
            }
          } catch (error) {
            if (signal.aborted) return;
            throw error instanceof SourceError ? new SourceError(`${config.file}: ${error.message}`) : error;
          } finally {
            await records.return(undefined);
          }
          if (pass === 0 && (stats.oversized > 0 || stats.unterminated > 0 || stats.ragged > 0 || stats.invalidUtf8 > 0)) {
            logger.warn(
              { file: config.file, skipped: skippedRecords(stats), ragged: stats.ragged, invalidUtf8: stats.invalidUtf8, lines: stats.lines },
              `${config.file}: ${skippedRecords(stats)} bad records skipped, ${stats.ragged} ragged and ${stats.invalidUtf8} invalid UTF-8 rows kept`,
            );
          }
          if (!config.loop || signal.aborted) return;
          if (row === 0) throw new SourceError(`${config.file} has no rows after startRow ${config.startRow}`);
          schedule?.endPass();
          notify({ type: 'looped', pass: pass + 1 });
          logger.debug({ pass: pass + 1 }, 'replay looped');
        }
      },
    };

    /**
     * Turns projected records into rows holding just the fields the stream reads; the first
     * `skip` data records are dropped. (The tokenizer never slices the other fields out.)
     */
    function rowMaker(skip: number) {
      let names: string[] = [];
      let seen = 0;
      const row = (record: CsvRecord): Row | null => {
        if (seen++ < skip) return null;
        const out: Row = {};
        for (let i = 0; i < names.length; i++) out[names[i]!] = record[i];
        return out;
      };
      return {
        select(header: string[]): number[] {
          const indexes = wanted.map((name) => header.indexOf(name)).filter((i) => i >= 0);
          names = indexes.map((i) => header[i]!);
          return indexes;
        },
        row,
        rows(batch: CsvRecord[]): Row[] {
          const out: Row[] = [];
          for (const cells of batch) {
            const record = row(cells);
            if (record !== null) out.push(record);
          }
          return out;
        },
      };
    }
  },
});

/** The range of each field's numeric cells (after `startRow` data rows), read in one pass. */
async function scanRanges(
  file: string,
  names: readonly string[],
  options: { delimiter: string; maxRecordBytes: number; startRow: number },
  signal: AbortSignal,
): Promise<Map<string, { min: number; max: number }>> {
  let found: string[] = [];
  const min = names.map(() => Number.POSITIVE_INFINITY);
  const max = names.map(() => Number.NEGATIVE_INFINITY);
  let seen = 0;
  const records = readCsv(file, {
    delimiter: options.delimiter,
    maxRecordBytes: options.maxRecordBytes,
    chunkBytes: 256 * 1024,
    select: (header) => {
      found = names.filter((n) => header.includes(n));
      return found.map((n) => header.indexOf(n));
    },
    signal,
  });
  for await (const batch of records) {
    for (const cells of batch) {
      if (seen++ < options.startRow) continue;
      for (let i = 0; i < cells.length; i++) {
        const x = toNumberOrNull(cells[i]);
        if (x === null) continue;
        if (x < min[i]!) min[i] = x;
        if (x > max[i]!) max[i] = x;
      }
    }
  }
  const out = new Map<string, { min: number; max: number }>();
  found.forEach((name, i) => {
    if (min[i]! <= max[i]!) out.set(name, { min: min[i]!, max: max[i]! });
  });
  return out;
}

function timeColumn(name: string) {
  return (row: Record<string, unknown>) => parseTime(row[name]);
}
