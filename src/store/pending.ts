// The writer's buffer: rows, marks and checkpoints as a run appends them, kept columnar until a
// commit takes everything up to the newest checkpoint. Appending is synchronous and does no I/O.
import { wireTimeMs } from '../values/convert.js';
import type { Row } from '../values/row.js';
import type { RunCheckpoint, StoreColumn, StreamWriter } from './types.js';

export interface PendingMark {
  /** Rows appended before it (in this buffer): its rn is the commit's first rn plus this. */
  at: number;
  seq: number;
  pass: number;
  name: 'state' | 'alert';
  payload: unknown;
}

interface PendingCheckpoint {
  rows: number;
  marks: number;
  checkpoint: RunCheckpoint;
  committed: (() => void) | undefined;
}

/** What one commit writes: rows and marks in order, the newest checkpoint, and every `committed` callback up to it. */
export interface Batch {
  t: number[];
  seq: number[];
  pass: number[];
  /** Per column of the layout: its values, one per row. */
  values: (number | string | null)[][];
  marks: PendingMark[];
  checkpoint: RunCheckpoint;
  committed: (() => void)[];
}

/**
 * From this many rows up to a checkpoint, a commit is due at once: its fixed cost (about 0.6 ms of
 * DuckDB's CPU per table) is small beside their appending, and a busy replay does not fall
 * seconds behind its last commit (after a crash, the rows since the commit are read again at the
 * replay's pace before a reconnected viewer sees new ones).
 */
export const ROWS_WORTH_A_COMMIT = 50;

export class PendingWrites implements StreamWriter {
  private t: number[] = [];
  private seqs: number[] = [];
  private passes: number[] = [];
  private values: (number | string | null)[][];
  private markList: PendingMark[] = [];
  private checkpoints: PendingCheckpoint[] = [];
  /** Rows without a time: not stored (they cannot be placed on the time axis). */
  untimed = 0;
  /** When (performance.now()) the oldest thing waiting was appended; undefined while nothing waits. */
  private since: number | undefined;
  /** A checkpoint waiting has a `committed` callback: its source waits for the commit. */
  private awaited = false;

  constructor(
    private readonly timeName: string,
    private readonly columns: readonly StoreColumn[],
    /** Called after each append: the store decides whether to commit now. */
    private readonly appended: () => void = () => {},
  ) {
    this.values = columns.map(() => []);
  }

  get rowCount(): number {
    return this.t.length;
  }

  get hasCheckpoint(): boolean {
    return this.checkpoints.length > 0;
  }

  /**
   * A commit is due at `now` (performance.now()) for a checkpoint waiting: at once when its source
   * waits for it, when it begins a run other than `committedRun` (the last committed one's: a crash
   * then continues the new run instead of starting another), or when ROWS_WORTH_A_COMMIT rows
   * wait; else once the oldest thing waiting is `maxDelayMs` old.
   */
  due(now: number, maxDelayMs: number, committedRun: string | undefined): boolean {
    const newest = this.checkpoints.at(-1);
    if (newest === undefined) return false;
    return (
      this.awaited ||
      newest.checkpoint.run !== committedRun ||
      newest.rows >= ROWS_WORTH_A_COMMIT ||
      now - (this.since ?? now) >= maxDelayMs
    );
  }

  rows(rows: readonly Row[], seq: number, pass: number): void {
    this.since ??= performance.now();
    const time = this.timeName;
    const columns = this.columns;
    for (const row of rows) {
      const t = wireTimeMs(row[time]);
      if (t !== t) {
        this.untimed++;
        continue;
      }
      this.t.push(t);
      this.seqs.push(seq);
      this.passes.push(pass);
      for (let i = 0; i < columns.length; i++) {
        const value = row[columns[i]!.name];
        // As the in-memory history: a number column keeps numbers (NaN is a gap), a text column strings.
        if (columns[i]!.type === 'number') this.values[i]!.push(typeof value === 'number' && value === value ? value : null);
        else this.values[i]!.push(typeof value === 'string' ? value : null);
      }
    }
    this.appended();
  }

  mark(name: 'state' | 'alert', payload: unknown, seq: number, pass: number): void {
    this.since ??= performance.now();
    this.markList.push({ at: this.t.length, seq, pass, name, payload });
  }

  checkpoint(checkpoint: RunCheckpoint, committed?: () => void): void {
    this.since ??= performance.now();
    if (committed) this.awaited = true;
    this.checkpoints.push({ rows: this.t.length, marks: this.markList.length, checkpoint, committed });
    this.appended();
  }

  /** Takes everything up to the newest checkpoint (undefined when there is none); what follows it stays. */
  take(): Batch | undefined {
    const newest = this.checkpoints.at(-1);
    if (newest === undefined) return undefined;
    const n = newest.rows;
    const committed: (() => void)[] = [];
    for (const c of this.checkpoints) if (c.committed) committed.push(c.committed);
    const marks = this.markList.splice(0, newest.marks);
    for (const mark of this.markList) mark.at -= n;
    this.checkpoints = [];
    this.awaited = false;
    // What stays (rows after the newest checkpoint) waits from now: close enough, it came after it.
    this.since = this.t.length > n || this.markList.length > 0 ? performance.now() : undefined;
    return {
      t: this.t.splice(0, n),
      seq: this.seqs.splice(0, n),
      pass: this.passes.splice(0, n),
      values: this.values.map((column) => column.splice(0, n)),
      marks,
      checkpoint: newest.checkpoint,
      committed,
    };
  }

  /** Forgets everything buffered (a failed store discards writes); returns the rows dropped. */
  clear(): number {
    const dropped = this.t.length;
    this.t = [];
    this.seqs = [];
    this.passes = [];
    this.values = this.columns.map(() => []);
    this.markList = [];
    this.checkpoints = [];
    this.since = undefined;
    this.awaited = false;
    return dropped;
  }
}
