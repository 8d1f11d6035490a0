import { cell, isoTime, type RowView } from '../chart/row-window.js';
import { toCsv } from '../csv-writer.js';
import type { TimeColumn } from '../export.js';

/** The rows of one stream for the CSV: its window, and which of its series to write, with their names. */
export interface CsvSource {
  rows: RowView;
  /** Indices into `rows.y`, in column order. */
  series: readonly number[];
  names: readonly string[];
  /** The stream's state column (`states`), written after its series: the state at each of its rows' times. */
  state?: TimeColumn;
}

/**
 * Several streams' windows as one CSV: a time column, then one column per series of every source
 * (and its state column, when it has one).
 * Lines are the union of the sources' times, oldest first; a source without a row at a line's time
 * leaves its cells empty. A time that a source has twice (two rows with the same timestamp) gives
 * two lines, each source filling them in its order. Rows without a time come last, one line each.
 */
export function alignedCsv(time: string, sources: readonly CsvSource[]): string {
  const orders = sources.map((s) => timeOrder(s.rows.t));
  const heads = sources.map(() => 0);
  const times: (string | null)[] = [];
  const columns: (number | string | null)[][] = sources.flatMap((s) => [...s.series, ...(s.state ? [s.state] : [])].map(() => []));
  for (;;) {
    // The earliest time among the sources' next rows (NaN, rows without a time, sort last).
    let next = Number.NaN;
    sources.forEach((s, n) => {
      const at = orders[n]![heads[n]!];
      if (at === undefined) return;
      const t = s.rows.t[at]!;
      if (Number.isNaN(next) || t < next) next = t;
    });
    const done = sources.every((_, n) => heads[n]! >= orders[n]!.length);
    if (done) break;
    const timeless = Number.isNaN(next);
    times.push(isoTime(next));
    let column = 0;
    let filled = false;
    sources.forEach((s, n) => {
      const at = orders[n]![heads[n]!];
      const t = at === undefined ? undefined : s.rows.t[at]!;
      // A row without a time takes a line of its own: only the first source that has one fills it.
      const matches = t !== undefined && (timeless ? Number.isNaN(t) && !filled : t === next);
      if (matches) {
        heads[n]!++;
        filled = true;
      }
      for (const i of s.series) columns[column++]!.push(matches ? cell(s.rows.y[i]![at!]!) : null);
      if (s.state) columns[column++]!.push(matches ? (s.state.at(t!) ?? null) : null);
    });
  }
  return toCsv([time, ...sources.flatMap((s) => (s.state ? [...s.names, s.state.name] : s.names))], times, columns);
}

/** Row indices in time order (stable: equal times keep their order), rows without a time last. */
function timeOrder(t: Float64Array): number[] {
  const order = Array.from(t, (_, k) => k);
  let sorted = true;
  for (let k = 1; k < t.length && sorted; k++) sorted = !(t[k]! < t[k - 1]!) && !(Number.isNaN(t[k - 1]!) && !Number.isNaN(t[k]!));
  if (sorted) return order;
  return order.sort((a, b) => {
    const ta = t[a]!;
    const tb = t[b]!;
    if (Number.isNaN(ta) || Number.isNaN(tb)) return Number.isNaN(ta) ? (Number.isNaN(tb) ? a - b : 1) : -1;
    return ta - tb || a - b;
  });
}
