import type { Row } from '../values/row.js';
import { now } from '../sources/clock.js';

export interface BatchOptions {
  /** Rows per second above which rows are grouped into batches. */
  aboveRate: number;
  /** A batch is sent at most this long after its first row arrived. */
  tickMs: number;
  maxRows: number;
}

/**
 * Groups fast rows into batches and lets slow rows through one by one. A row counts as fast when it
 * arrives sooner after the previous one (or the first, after the start of the run) than the
 * `aboveRate` interval (or always, when the source declares a nominal rate above it), so a
 * 10 rows/s replay keeps the demo's one-event-per-row wire format while an unpaced replay goes
 * out in batches.
 */
export class Batcher {
  private pending: Row[] = [];
  /** `[partition, offset, …]` of the pending rows, for sources that give positions. */
  private positions: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** When the previous row arrived; the first row is measured from the start of the run. */
  private lastArrival = now();
  private readonly minGap: number;
  private readonly mode: 'single' | 'batch' | 'adaptive';

  constructor(
    private readonly options: BatchOptions,
    nominalRate: number | undefined,
    private readonly emitRow: (row: Row, position?: number[]) => void,
    private readonly emitBatch: (rows: Row[], positions?: number[]) => void,
  ) {
    this.minGap = 1000 / options.aboveRate;
    this.mode = nominalRate === undefined ? 'adaptive' : nominalRate > options.aboveRate ? 'batch' : 'single';
  }

  /**
   * Adds rows that the source delivered together (`positions`: partition, offset per row). They
   * count as fast when they came in faster than `aboveRate` on average since the previous
   * delivery, so the clock is read once per delivery, not once per row.
   */
  addAll(rows: readonly Row[], positions?: readonly number[]): void {
    if (rows.length === 0) return;
    let fast = this.mode === 'batch';
    if (this.mode === 'adaptive') {
      const t = now();
      fast = t - this.lastArrival < rows.length * this.minGap;
      this.lastArrival = t;
    }
    if (!fast && this.pending.length === 0) {
      for (let i = 0; i < rows.length; i++) this.emitRow(rows[i]!, positions ? [positions[2 * i]!, positions[2 * i + 1]!] : undefined);
      return;
    }
    for (let i = 0; i < rows.length; i++) {
      this.pending.push(rows[i]!);
      if (positions) this.positions.push(positions[2 * i]!, positions[2 * i + 1]!);
      if (this.pending.length >= this.options.maxRows) this.flush();
    }
    if (this.pending.length > 0) this.timer ??= setTimeout(() => this.flush(), this.options.tickMs);
  }

  /** Sends what is pending now (before a lifecycle event, so events stay in order). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const rows = this.pending;
    if (rows.length === 0) return;
    const positions = this.positions.length > 0 ? this.positions : undefined;
    this.pending = [];
    this.positions = [];
    if (rows.length === 1) this.emitRow(rows[0]!, positions);
    else this.emitBatch(rows, positions);
  }

  /** Drops pending rows and timers (the run was stopped). */
  discard(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.positions = [];
  }
}
