// Sample-and-hold: the latest value of each column, so that sensors publishing on their own topics
// draw as continuous lines (one wide row with every column, not one row per sensor with gaps).
import type { Row } from '../../values/row.js';

export class HeldValues {
  private readonly index = new Map<string, number>();
  private readonly values: unknown[];
  /** When each value was received (ms, monotonic); -Infinity before the first. */
  private readonly receivedAt: number[];
  private seen = false;

  constructor(
    private readonly columns: readonly string[],
    private readonly staleMs?: number,
  ) {
    columns.forEach((name, i) => {
      this.index.set(name, i);
    });
    this.values = columns.map(() => null);
    this.receivedAt = columns.map(() => Number.NEGATIVE_INFINITY);
  }

  /** Holds the values of the stream's columns in `values`; false when it has none of them. */
  update(values: Row, at: number): boolean {
    let known = false;
    for (const name in values) {
      const i = this.index.get(name);
      if (i === undefined) continue;
      this.values[i] = values[name];
      this.receivedAt[i] = at;
      known = true;
    }
    this.seen ||= known;
    return known;
  }

  /** Whether any column has had a value yet. */
  get hasValues(): boolean {
    return this.seen;
  }

  /** A row with every column at its latest value; values older than staleMs (at `now`) are null. */
  row(now: number): Row {
    const row: Row = {};
    const oldest = this.staleMs === undefined ? Number.NEGATIVE_INFINITY : now - this.staleMs;
    for (let i = 0; i < this.columns.length; i++) {
      row[this.columns[i]!] = this.receivedAt[i]! >= oldest ? this.values[i] : null;
    }
    return row;
  }
}
