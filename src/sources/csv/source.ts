import { relative } from 'node:path';
import { parseTime, toIsoTime } from '../../values/convert.js';
import { now } from '../clock.js';
import { badRows } from '../counters.js';
import {
  countLines,
  emptyStats,
  missingColumnsError,
  readCsv,
  readHeader,
  skippedRecords,
  type CsvRecord,
  type DamageKind,
} from './file.js';
import { LazyCsvIndex, type CsvSeekStart } from './seek-index.js';
import { ReplayControl, ReplayRefusal, type ReplayHost } from '../replay-control.js';
import { fixedRate, fromTimestamps, type Schedule } from './pacing.js';
import type { Row } from '../../values/row.js';
import { SourceError } from '../errors.js';
import { csvConfigSchema, DEFAULT_RATE } from './config.js';
import { csvRanges, scanRanges } from './ranges.js';
import { defineSource, type Progress } from '../types.js';

/** A seek the replay has checked: where to start reading, and the first record wanted there. */
interface CsvSeekPlan {
  start: CsvSeekStart;
  /** Seek by row: the data record (startRow included) to start at. */
  record?: number;
  /** Seek by time: start at the first record at or after this time (ms). */
  time?: number;
}

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
  replayable: true,
  create(config, { dataDir, fields, timeField, notify, logger, resumeFrom }) {
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
    // The column a seek by time looks up: the one the replay is paced by, else the stream's time.
    const seekColumn = config.timestampColumn ?? timeField;
    const timeOfRow = (out: Row) => (seekColumn ? parseTime(out[seekColumn]) : undefined);
    const toRow = rowMaker();
    const control = new ReplayControl<CsvSeekPlan>(origin);
    control.onChange = (data) => notify({ type: 'replay', data });
    // The row last handed over (or about to be, at a jump): the replay position's data time.
    let position: Row | undefined;
    // Where a durable run continues: the record after the last one stored, in the same pass.
    const resume = csvResumePoint(resumeFrom, logger);
    // The file record after the last row handed over (what `position()` reports).
    let nextRecord = resume?.record ?? 0;
    let pass = resume?.pass ?? 0;
    let emitted = resume?.emitted ?? 0;

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
      position: (): CsvPosition => ({ pass, record: nextRecord, row, emitted }),
      counters: () => ({
        raggedRows: stats.ragged,
        oversized: stats.oversized,
        unterminated: stats.unterminated,
        invalidUtf8: stats.invalidUtf8,
      }),
      skipped: () => skippedRecords(stats),
      ranges: async (names, signal) => {
        const { path: file } = await locate();
        const options = { delimiter: config.delimiter, maxRecordBytes: config.maxRecordBytes, startRow: config.startRow };
        return csvRanges.get(file, JSON.stringify([[...names].sort(), options]), () => scanRanges(file, names, options, signal));
      },
      replay: control,
      async *read(signal) {
        const { path: file } = await locate();
        void countLines(file, signal).then(
          (lines) => (total ??= Math.max(0, lines - 1 - config.startRow)),
          () => undefined,
        );
        const schedule: Schedule | undefined =
          config.timestampColumn !== undefined && config.speed !== undefined
            ? fromTimestamps(timeColumn(config.timestampColumn), config.speed)
            : typeof rate === 'number'
              ? fixedRate(rate)
              : undefined;
        // Once built, the index also gives the exact number of rows.
        // Beside a paced replay the index is read in the same small steps as the rows (see below),
        // resting between them, so that it does not make rows late.
        const chunkBytes = schedule ? 16 * 1024 : 256 * 1024;
        const indexOptions = {
          delimiter: config.delimiter,
          maxRecordBytes: config.maxRecordBytes,
          timeColumn: seekColumn,
          chunkBytes,
          background: schedule !== undefined,
          signal,
        };
        const index = new LazyCsvIndex(file, indexOptions, (built) => (total = Math.max(0, built.records - config.startRow)));
        control.attach(seekHost(index, schedule !== undefined));
        // The first record of each kind of damage is logged when it is met, once per run: never a
        // line per row, however damaged the file.
        const onFirstDamage = (kind: DamageKind, line: number) =>
          logger.warn({ file: config.file, line, kind }, `${config.file} line ${line}: ${DAMAGE_NAMES[kind]}`);
        // Rows emitted before the current segment: a fixed rate counts its row index from there (a
        // resumed replay's next row is due at once, then the rate goes on).
        let segmentBase = emitted;
        for (let first = true; ; pass++, first = false) {
          row = first && resume ? resume.row : 0;
          // Each seek ends the reading of the file where it is and starts another at the target.
          let seek: CsvSeekPlan | undefined;
          do {
            const plan = seek;
            seek = undefined;
            // A resumed replay's first reading skips the records already stored.
            const segment = segmentReader(plan, first && plan === undefined && resume ? resume.record : 0);
            const records = readCsv(file, {
              delimiter: config.delimiter,
              maxRecordBytes: config.maxRecordBytes,
              // Paced: parse in small steps (16 KiB, a millisecond or so), so parsing never delays a
              // row that is due; unpaced: in large steps, for throughput.
              chunkBytes: schedule ? 16 * 1024 : 256 * 1024,
              select: toRow.select,
              stats,
              onFirstDamage: pass === 0 && plan === undefined ? onFirstDamage : undefined,
              from: plan?.start.from,
              signal,
            });
            // When a row starts a new segment: the schedule starts again at it, and viewers are told.
            const jump = () => {
              schedule?.restart();
              segmentBase = emitted;
              control.startSegment();
              notify({ type: 'replay', data: control.data(true) });
            };
            try {
              for await (const batch of records) {
                if (signal.aborted) return;
                if (!schedule) {
                  // Unpaced: hand over everything parsed so far at once (no per-row await).
                  const out = segment.rows(batch, jump);
                  if (!(await control.waitFor(undefined, signal))) break;
                  row += out.length;
                  emitted += out.length;
                  if (out.length > 0) yield out;
                  continue;
                }
                for (const cells of batch) {
                  if (control.seekPending) break;
                  const record = segment.row(cells, jump);
                  if (record === null) continue;
                  if (!(await control.waitFor(schedule.offsetOf(record, emitted - segmentBase), signal))) break;
                  row++;
                  emitted++;
                  yield record;
                }
                if (control.seekPending || signal.aborted) break;
              }
            } catch (error) {
              if (signal.aborted) return;
              throw error instanceof SourceError ? new SourceError(`${config.file}: ${error.message}`) : error;
            } finally {
              await records.return(undefined);
            }
            if (signal.aborted) return;
            seek = control.takeSeek();
          } while (seek !== undefined);
          if (pass === 0 && (stats.oversized > 0 || stats.unterminated > 0 || stats.ragged > 0 || stats.invalidUtf8 > 0)) {
            logger.warn(
              {
                file: config.file,
                skipped: skippedRecords(stats),
                ragged: stats.ragged,
                invalidUtf8: stats.invalidUtf8,
                lines: stats.lines,
              },
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
     * Picks the rows of one reading of the file: from its start (after `startRow`), or from a
     * seek's target; the first row of a seek's reading calls `jump` before it is handed over.
     */
    function segmentReader(plan: CsvSeekPlan | undefined, skipBelow: number) {
      let record = plan ? plan.start.record : 0;
      let jumping = plan !== undefined;
      const wanted = (out: Row, index: number): boolean => {
        if (index < config.startRow) return false;
        if (!jumping) return true;
        if (plan!.record !== undefined && index < plan!.record) return false;
        if (plan!.time !== undefined && (timeOfRow(out) ?? Number.NEGATIVE_INFINITY) < plan!.time) return false;
        return true;
      };
      const take = (cells: CsvRecord, jump: () => void): Row | null => {
        const index = record++;
        if (index < config.startRow || index < skipBelow) return null;
        const out = toRow.row(cells);
        if (!wanted(out, index)) return null;
        position = out;
        nextRecord = index + 1;
        if (jumping) {
          jumping = false;
          row = index - config.startRow;
          jump();
        }
        return out;
      };
      return {
        row: take,
        rows(batch: CsvRecord[], jump: () => void): Row[] {
          const out: Row[] = [];
          for (const cells of batch) {
            const r = take(cells, jump);
            if (r !== null) out.push(r);
          }
          return out;
        },
      };
    }

    /** The replay's side of its control: where it is, and how a seek is checked against the index. */
    function seekHost(index: LazyCsvIndex, paced: boolean): ReplayHost<CsvSeekPlan> {
      const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
      return {
        paced,
        prepare: () => index.start(),
        status: () => {
          const built = index.built;
          return {
            position: {
              row,
              ...(total === undefined ? {} : { total }),
              time: position && seekColumn ? toIsoTime(position[seekColumn]) : null,
            },
            range: {
              rows: built ? Math.max(0, built.records - config.startRow) : null,
              from: built && seekColumn ? iso(built.timeNear(config.startRow)) : null,
              to: built && seekColumn ? iso(built.lastTime) : null,
            },
          };
        },
        async planSeek(seek) {
          // While the index is being built, a seek into the part it covers need not wait for the rest.
          const sofar = index.partial();
          if (sofar && 'row' in seek && seek.row >= 0 && config.startRow + seek.row < sofar.records) {
            return { start: sofar.startFor(config.startRow + seek.row), record: config.startRow + seek.row };
          }
          const file = await index.done().catch(() => {
            throw new ReplayRefusal(409, 'the file could not be indexed for seeking');
          });
          const rows = Math.max(0, file.records - config.startRow);
          if ('row' in seek) {
            if (seek.row < 0) throw new ReplayRefusal(422, `row ${seek.row} is before the start (rows are 0 to ${rows - 1})`);
            if (seek.row >= rows) throw new ReplayRefusal(422, `row ${seek.row} is past the end (rows are 0 to ${rows - 1})`);
            const record = config.startRow + seek.row;
            return { start: file.startFor(record), record };
          }
          if (!seekColumn) throw new ReplayRefusal(409, 'this stream has no time column: seek by row');
          const time = parseTime(seek.time);
          if (time === undefined)
            throw new ReplayRefusal(400, `seek.time ${JSON.stringify(seek.time)} is not a time (ISO-8601, UTC unless it says otherwise)`);
          const first = file.timeNear(config.startRow);
          if (time < first)
            throw new ReplayRefusal(422, `${seek.time} is before the start (the file runs from ${iso(first)} to ${iso(file.lastTime)})`);
          if (time > file.lastTime)
            throw new ReplayRefusal(422, `${seek.time} is past the end (the file runs from ${iso(first)} to ${iso(file.lastTime)})`);
          return { start: file.startForTime(time, config.startRow), time };
        },
      };
    }

    /**
     * Turns projected records into rows holding just the fields the stream reads. (The tokenizer
     * never slices the other fields out.)
     */
    function rowMaker() {
      let names: string[] = [];
      const row = (record: CsvRecord): Row => {
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
      };
    }
  },
});

function timeColumn(name: string) {
  return (row: Record<string, unknown>) => parseTime(row[name]);
}

/** Where a CSV replay is: the file pass, the file record after the last row, rows of this pass and of the run. */
export interface CsvPosition {
  pass: number;
  record: number;
  row: number;
  emitted: number;
}

/** A stored position to continue from, if it is one (anything else starts the replay afresh, with a warning). */
function csvResumePoint(value: unknown, logger: { warn(obj: object, msg: string): void }): CsvPosition | undefined {
  if (value === undefined || value === null) return undefined;
  const p = value as Partial<CsvPosition>;
  const count = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (typeof value === 'object' && count(p.pass) && count(p.record) && count(p.row) && count(p.emitted)) return p as CsvPosition;
  logger.warn({ position: value }, 'the stored replay position is not one a CSV replay gives: the replay starts afresh');
  return undefined;
}
