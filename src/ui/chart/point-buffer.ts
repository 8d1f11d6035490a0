import type { Cell, Rows } from '../protocol.js';

/**
 * Rows received since the last frame, kept per series. Bounded by the chart window: when the page
 * is hidden (no animation frames), older points are dropped because they would scroll out anyway.
 */
export class PointBuffer {
  t: (string | null)[] = [];
  y: Cell[][];

  constructor(
    private series: number,
    private readonly limit: number,
  ) {
    this.y = Array.from({ length: series }, () => []);
  }

  get size(): number {
    return this.t.length;
  }

  /** Appends rows; `pick[i]` is the column of `rows.y` that feeds series i. */
  push(rows: Rows, pick: readonly number[]): void {
    for (const t of rows.t) this.t.push(t);
    for (let i = 0; i < pick.length; i++) {
      const column = rows.y[pick[i]!] ?? [];
      const target = this.y[i]!;
      for (const value of column) target.push(value);
    }
    if (this.t.length > this.limit * 2) this.trim();
  }

  /** Takes everything buffered (at most `limit` newest points) and empties the buffer. */
  take(): { t: (string | null)[]; y: Cell[][] } {
    this.trim();
    const out = { t: this.t, y: this.y };
    this.t = [];
    this.y = Array.from({ length: this.series }, () => []);
    return out;
  }

  clear(): void {
    this.take();
  }

  private trim(): void {
    const extra = this.t.length - this.limit;
    if (extra <= 0) return;
    this.t.splice(0, extra);
    for (const column of this.y) column.splice(0, extra);
  }
}
