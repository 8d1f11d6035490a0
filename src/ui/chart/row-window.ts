import type { Cell, Rows } from '../row-events.js';

/** Rows in columnar form, oldest first: `y[i][k]` is series i at time `t[k]` (epoch ms; NaN for no time / a gap). */
export interface RowView {
  t: Float64Array;
  y: Float64Array[];
}

/** Spare room above the rows kept, so that old rows are dropped in bulk (a push costs O(rows)). */
const slackFor = (limit: number) => Math.max(1024, limit >> 2);

/**
 * The element's window at full resolution: the newest `limit` rows of every numeric column,
 * whether drawn yet or not, as numbers (time in epoch ms, gaps as NaN) in one Float64Array per
 * column. Rows arrive here as they come; the chart takes the ones it has not drawn yet (`take`)
 * once per frame, or not at all while the view is paused. Nothing within the window is lost while
 * paused: `take` then returns up to `limit` rows, exactly what the chart needs to catch up. CSV
 * export reads the whole window (`view`).
 *
 * The rows the chart shows (`drawnView`) are kept too while paused (at most `limit` more rows in
 * all), so that a paused chart can still be zoomed and drawn again from them.
 */
export class RowWindow {
  private times: Float64Array = new Float64Array(0);
  private values: Float64Array[];
  /** Index of the oldest row kept, and one past the newest. */
  private start = 0;
  private end = 0;
  /** Rows pushed since the last clear, and how many of them the chart has taken. */
  private total = 0;
  private drawnTotal = 0;

  constructor(
    readonly series: number,
    private limit: number,
  ) {
    this.limit = Math.max(1, Math.floor(limit));
    this.values = Array.from({ length: series }, () => new Float64Array(0));
  }

  /** Rows in the window (at most `limit`). */
  get size(): number {
    return Math.min(this.end - this.start, this.limit);
  }

  /** Rows not drawn yet (at most `limit`). */
  get pending(): number {
    return Math.min(this.limit, this.total - this.drawnTotal);
  }

  get window(): number {
    return this.limit;
  }

  /** Appends rows; `pick[i]` is the column of `rows.y` that feeds series i. */
  push(rows: Rows, pick: readonly number[]): void {
    const count = rows.t.length;
    if (count === 0) return;
    this.makeRoom(count);
    const at = this.end;
    for (let k = 0; k < count; k++) this.times[at + k] = toEpochMs(rows.t[k]);
    for (let i = 0; i < this.series; i++) {
      const column = rows.y[pick[i]!];
      const target = this.values[i]!;
      for (let k = 0; k < count; k++) target[at + k] = toNumber(column?.[k]);
    }
    this.end += count;
    this.total += count;
  }

  /** The rows not drawn yet (the newest `limit` at most); they count as drawn afterwards. */
  take(): RowView {
    const out = this.slice(this.end - this.pending, this.end);
    this.drawnTotal = this.total;
    return out;
  }

  /** The window: the newest `limit` rows, drawn or not. */
  view(): RowView {
    return this.slice(this.end - this.size, this.end);
  }

  /** The time of the oldest row kept (undefined when empty). */
  oldestTime(): number | undefined {
    return this.size > 0 ? this.times[this.end - this.size] : undefined;
  }

  /** The time of the newest row kept (undefined when empty). */
  newestTime(): number | undefined {
    return this.size > 0 ? this.times[this.end - 1] : undefined;
  }

  /** What the chart shows: the newest `limit` rows among those it has taken (those still kept). */
  drawnView(): RowView {
    const drawnEnd = Math.max(this.start, this.end - (this.total - this.drawnTotal));
    return this.slice(Math.max(this.start, drawnEnd - this.limit), drawnEnd);
  }

  /** The times of the oldest and the newest row the chart shows (epoch ms), without copying; null when none. */
  drawnSpan(): [number, number] | null {
    const drawnEnd = Math.max(this.start, this.end - (this.total - this.drawnTotal));
    const first = Math.max(this.start, drawnEnd - this.limit);
    if (drawnEnd <= first) return null;
    return [this.times[first]!, this.times[drawnEnd - 1]!];
  }

  /**
   * False when some rows the chart shows are no longer kept: paused for longer than the window
   * lasts (the chart then keeps what it drew, and `take` catches up on resume).
   */
  get drawnKept(): boolean {
    const firstKept = this.total - (this.end - this.start);
    return firstKept <= Math.max(0, this.drawnTotal - this.limit);
  }

  /** Changes the number of rows kept. */
  setLimit(limit: number): void {
    this.limit = Math.max(1, Math.floor(limit));
    this.compact(0);
  }

  clear(): void {
    this.start = this.end = 0;
    this.total = this.drawnTotal = 0;
  }

  /** Views (no copies) of rows [from, to) of the arrays; valid until the next push. */
  private slice(from: number, to: number): RowView {
    return { t: this.times.subarray(from, to), y: this.values.map((c) => c.subarray(from, to)) };
  }

  private makeRoom(count: number): void {
    if (this.end + count <= this.times.length) return;
    this.compact(count);
  }

  /**
   * Moves the rows still needed to the front of the arrays (growing them when they are too
   * small for those plus `incoming`): the newest `limit` rows, and the `limit` rows the chart
   * shows, at most `2 × limit` rows in all.
   */
  private compact(incoming: number): void {
    // In row numbers (0 = the first row pushed since the last clear).
    const keepFrom = Math.max(this.total - 2 * this.limit, Math.min(this.total - this.limit, this.drawnTotal - this.limit));
    const keep = Math.min(this.end - this.start, this.total - keepFrom);
    const from = this.end - keep;
    const needed = keep + incoming;
    if (needed > this.times.length) {
      const capacity = needed + slackFor(this.limit);
      this.times = moved(this.times, from, this.end, capacity);
      this.values = this.values.map((c) => moved(c, from, this.end, capacity));
    } else if (from > 0) {
      this.times.copyWithin(0, from, this.end);
      for (const c of this.values) c.copyWithin(0, from, this.end);
    }
    this.start = 0;
    this.end = keep;
  }
}

function moved(source: Float64Array, from: number, to: number, capacity: number): Float64Array {
  const target = new Float64Array(capacity);
  target.set(source.subarray(from, to));
  return target;
}

/** The daemon sends times as ISO-8601 UTC strings (or null). */
function toEpochMs(time: string | null | undefined): number {
  return typeof time === 'string' ? Date.parse(time) : Number.NaN;
}

/** Numeric columns hold numbers or null (a gap). */
function toNumber(value: Cell | undefined): number {
  return typeof value === 'number' ? value : Number.NaN;
}

/** An epoch-ms time as the daemon sent it (ISO-8601 UTC), or null for a row without a time. */
export function isoTime(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** A value as a CSV / chart cell: NaN (a gap) is null. */
export function cell(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
