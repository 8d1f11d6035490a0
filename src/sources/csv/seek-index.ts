import { parseTime } from '../../values/convert.js';
import { emptyStats, readCsv, type CsvStart } from './file.js';

export interface CsvIndexOptions {
  delimiter: string;
  maxRecordBytes: number;
  /** The column whose times a seek by time looks up (undefined: seeks by row only). */
  timeColumn?: string;
  /** Records between two entries at first (doubled whenever the entries would exceed `maxEntries`). */
  stride?: number;
  /** Entries kept at most: the index's memory does not grow with the file. */
  maxEntries?: number;
  /** Bytes tokenized per step (small beside a paced replay: a step holds the event loop). */
  chunkBytes?: number;
  /**
   * Rest after each step for as long as it took (at least 1 ms), so that building beside a replay
   * takes at most half of the CPU the process gets and never delays a due row by more than a step.
   */
  background?: boolean;
  signal?: AbortSignal;
}

/** Where reading has to start to reach a record: a boundary from the index and how many records to pass over. */
export interface CsvSeekStart {
  from: CsvStart;
  /** The data record (0 = the first after the header) at `from`. */
  record: number;
}

/**
 * A sparse index of a CSV file: the byte offset, line and time of every `stride`-th data record,
 * so a replay can start reading near any record instead of parsing the file from its start.
 * At most `maxEntries` entries (3 numbers each): when full, every other one is dropped and the
 * stride doubles, so a file of any length costs a few tens of KB.
 */
export class CsvIndex {
  /** Data records in the file (ragged and invalid-UTF-8 ones included, skipped ones not: as a replay delivers them). */
  records = 0;
  /** The time of the last record that has one (NaN without a time column). */
  lastTime = Number.NaN;
  /** Whether the whole file has been read (until then `records` and `lastTime` are as far as it got). */
  complete = false;
  private offsets: number[] = [];
  private lines: number[] = [];
  /** Time of each entry's record (NaN when it has none). */
  private times: number[] = [];

  private constructor(
    readonly header: readonly string[],
    private stride: number,
    private readonly maxEntries: number,
  ) {}

  /** Reads the whole file once (in the background: it yields between chunks) and returns its index. */
  static build(path: string, options: CsvIndexOptions): Promise<CsvIndex> {
    return CsvIndex.begin(path, options).done;
  }

  /**
   * Starts building; `partial()` is the index so far (undefined before the header is read), which
   * already serves seeks to the records it covers, `done` the whole of it.
   */
  static begin(path: string, options: CsvIndexOptions): { partial(): CsvIndex | undefined; done: Promise<CsvIndex> } {
    let index: CsvIndex | undefined;
    return { partial: () => index, done: CsvIndex.read(path, options, (built) => (index = built)) };
  }

  private static async read(path: string, options: CsvIndexOptions, started: (index: CsvIndex) => void): Promise<CsvIndex> {
    let index: CsvIndex | undefined;
    const stride = options.stride ?? 256;
    const maxEntries = Math.max(2, options.maxEntries ?? 4096);
    let timeAt = -1;
    const select = (header: string[]) => {
      index = new CsvIndex(header, stride, maxEntries);
      started(index);
      timeAt = options.timeColumn === undefined ? -1 : header.indexOf(options.timeColumn);
      return timeAt >= 0 ? [timeAt] : [];
    };
    const onRecord = (fields: (string | undefined)[], offset: number, line: number) => {
      const time = timeAt >= 0 ? parseTime(fields[0]) : undefined;
      index!.add(offset, line, time ?? Number.NaN);
    };
    const records = readCsv(path, {
      delimiter: options.delimiter,
      maxRecordBytes: options.maxRecordBytes,
      select,
      onRecord,
      chunkBytes: options.chunkBytes,
      stats: emptyStats(),
      signal: options.signal,
    });
    let stepStart = performance.now();
    for await (const _ of records) {
      // The records themselves are not kept: onRecord has taken what the index needs.
      if (!options.background) continue;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, performance.now() - stepStart)));
      stepStart = performance.now();
    }
    if (!index) throw new RangeError('the file has no header');
    index.complete = true;
    return index;
  }

  /** Entries kept (bounded by maxEntries). */
  get entries(): number {
    return this.offsets.length;
  }

  /** The nearest start at or before data record `record`. */
  startFor(record: number): CsvSeekStart {
    const i = Math.max(0, Math.min(this.offsets.length - 1, Math.floor(record / this.stride)));
    return this.start(i);
  }

  /**
   * The nearest start at or before the first record at or after `time`, assuming the file's
   * times do not decrease (in a file whose times jump back, it finds one such record, not the first).
   * Records before `minRecord` are never chosen.
   */
  startForTime(time: number, minRecord = 0): CsvSeekStart {
    const lowest = Math.floor(minRecord / this.stride);
    let lo = lowest;
    let hi = this.times.length - 1;
    // The last entry whose time is before `time`: the record sought is at it or after it.
    let found = lowest;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = this.times[mid]!;
      if (Number.isNaN(t) || t < time) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return this.start(found);
  }

  /** The time of data record `record`'s entry, or of the nearest entry before it. */
  timeNear(record: number): number {
    return this.times[Math.max(0, Math.min(this.times.length - 1, Math.floor(record / this.stride)))] ?? Number.NaN;
  }

  private start(i: number): CsvSeekStart {
    return { from: { offset: this.offsets[i]!, line: this.lines[i]!, header: this.header }, record: i * this.stride };
  }

  private add(offset: number, line: number, time: number): void {
    const record = this.records++;
    if (!Number.isNaN(time)) this.lastTime = time;
    if (record % this.stride !== 0) return;
    if (this.offsets.length === this.maxEntries) this.thin();
    if (record % this.stride !== 0) return;
    this.offsets.push(offset);
    this.lines.push(line);
    this.times.push(time);
  }

  /** Keeps every other entry and doubles the stride. */
  private thin(): void {
    const keep = <T>(values: T[]) => values.filter((_, i) => i % 2 === 0);
    this.offsets = keep(this.offsets);
    this.lines = keep(this.lines);
    this.times = keep(this.times);
    this.stride *= 2;
  }
}

/**
 * An index built once, when first asked for: when an operator first asks for the replay's state
 * or gives it a command (an operator page asks as it opens), not at the start of every run,
 * since building it beside a fast replay makes its rows late.
 */
export class LazyCsvIndex {
  /** The whole index, once built. */
  built: CsvIndex | undefined;
  private building: ReturnType<typeof CsvIndex.begin> | undefined;

  constructor(
    private readonly path: string,
    private readonly options: CsvIndexOptions,
    private readonly onBuilt: (index: CsvIndex) => void,
  ) {}

  start(): void {
    if (this.building) return;
    this.building = CsvIndex.begin(this.path, this.options);
    this.building.done.then(
      (index) => {
        this.built = index;
        this.onBuilt(index);
      },
      () => undefined, // a failed index only refuses seeks (done() says why)
    );
  }

  /** The index so far (it already serves seeks to the records it covers). */
  partial(): CsvIndex | undefined {
    return this.building?.partial();
  }

  done(): Promise<CsvIndex> {
    this.start();
    return this.building!.done;
  }
}
