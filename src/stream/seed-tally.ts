import { wireTimeMs } from '../values/convert.js';
import type { Row } from '../values/row.js';

/** The rows a run's history seed put into the history and their data-time span, for its log line. */
export class SeedTally {
  private rows = 0;
  private from = Number.POSITIVE_INFINITY;
  private to = Number.NEGATIVE_INFINITY;

  constructor(private readonly timeName: string) {}

  add(rows: readonly Row[]): void {
    this.rows += rows.length;
    for (const row of rows) {
      const t = wireTimeMs(row[this.timeName]);
      if (t < this.from) this.from = t;
      if (t > this.to) this.to = t;
    }
  }

  summary(): { rows: number; from: string | null; to: string | null } {
    const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : null);
    return { rows: this.rows, from: iso(this.from), to: iso(this.to) };
  }
}
