import type { Cell, Rows } from '../protocol.js';

/** Rows in columnar form: `y[i][k]` is series i at time `t[k]`. */
export interface Columns {
  t: (string | null)[];
  y: Cell[][];
}

/**
 * The element's window of rows: the newest `limit` rows of every numeric column, whether drawn
 * yet or not. Rows arrive here as they come; the chart takes the ones it has not drawn yet
 * (`take`) once per frame, or not at all while the view is paused. Nothing within the window is
 * lost while paused: `take` then returns up to `limit` rows, exactly what the chart needs to catch
 * up. CSV export reads the whole window (`snapshot`).
 *
 * Old rows are dropped in bulk (when the arrays reach twice the limit), so a push costs O(rows).
 */
export class PointBuffer {
  private t: (string | null)[] = [];
  private y: Cell[][];
  private pendingRows = 0;

  constructor(
    readonly series: number,
    private limit: number,
  ) {
    this.y = Array.from({ length: series }, () => []);
    this.limit = Math.max(1, Math.floor(limit));
  }

  /** Rows held (at most `limit`). */
  get size(): number {
    return Math.min(this.t.length, this.limit);
  }

  /** Rows not drawn yet (at most `limit`). */
  get pending(): number {
    return this.pendingRows;
  }

  get window(): number {
    return this.limit;
  }

  /** Appends rows; `pick[i]` is the column of `rows.y` that feeds series i. */
  push(rows: Rows, pick: readonly number[]): void {
    const count = rows.t.length;
    for (const t of rows.t) this.t.push(t);
    for (let i = 0; i < this.series; i++) {
      const column = rows.y[pick[i]!];
      const target = this.y[i]!;
      for (let k = 0; k < count; k++) target.push(column?.[k] ?? null);
    }
    this.pendingRows = Math.min(this.limit, this.pendingRows + count);
    if (this.t.length >= this.limit * 2) this.trim();
  }

  /** The rows not drawn yet (the newest `limit` at most); they count as drawn afterwards. */
  take(): Columns {
    const out = this.last(this.pendingRows);
    this.pendingRows = 0;
    return out;
  }

  /**
   * The window: the newest `limit` rows. With `drawnOnly`, the rows the chart shows (the window
   * as it was when the chart last took rows).
   */
  snapshot(drawnOnly = false): Columns {
    if (!drawnOnly) return this.last(this.limit);
    const end = this.t.length - this.pendingRows;
    const start = Math.max(0, end - this.limit);
    return { t: this.t.slice(start, end), y: this.y.map((c) => c.slice(start, end)) };
  }

  /** Marks everything held as drawn (the chart was just built from a snapshot). */
  markDrawn(): void {
    this.pendingRows = 0;
  }

  /** Changes the number of rows kept. */
  setLimit(limit: number): void {
    this.limit = Math.max(1, Math.floor(limit));
    this.pendingRows = Math.min(this.pendingRows, this.limit);
    this.trim();
  }

  clear(): void {
    this.t = [];
    this.y = Array.from({ length: this.series }, () => []);
    this.pendingRows = 0;
  }

  private last(count: number): Columns {
    const n = Math.min(count, this.t.length);
    if (n <= 0) return { t: [], y: this.y.map(() => []) };
    const start = this.t.length - n;
    return { t: this.t.slice(start), y: this.y.map((c) => c.slice(start)) };
  }

  private trim(): void {
    const extra = this.t.length - this.limit;
    if (extra <= 0) return;
    this.t.splice(0, extra);
    for (const column of this.y) column.splice(0, extra);
  }
}
