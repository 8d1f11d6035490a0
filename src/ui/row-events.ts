// Rows as the element keeps them, whichever event brought them: an `update` (one row object) or a
// `batch` (columns). The wire types themselves are in src/protocol/events.ts, shared with the daemon.
import type { BatchData, MetaData } from '../protocol/events.js';

export type Cell = number | string | null;

/** Rows in columnar form, whichever event they came in. */
export interface Rows {
  t: (string | null)[];
  y: Cell[][];
}

/** Turns an `update` (one row object) or a `batch` into columns in `meta.columns` order. */
export function toRows(event: 'update' | 'batch', data: unknown, meta: MetaData): Rows {
  if (event === 'batch') {
    const batch = data as BatchData;
    return { t: batch.t, y: batch.y };
  }
  const row = data as Record<string, Cell>;
  return {
    t: [(row[meta.time] as string | null) ?? null],
    y: meta.columns.map((c) => [row[c.name] ?? null]),
  };
}
