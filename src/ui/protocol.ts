// How the element reads the daemon's events. The wire types themselves are defined once, in
// src/protocol/events.ts, which the daemon uses too; these are the element's views of them.
import type { BatchData, ColumnInfo, JobFinishedData, MetaData, Progress, StreamInfo, Threshold } from '../protocol/events.js';

export type { ColumnInfo, Progress, Threshold };
/** An entry of /api/streams. */
export type StreamSummary = StreamInfo;
/** `meta`: sent first on every connection. */
export type StreamMeta = MetaData;
/** `jobfinished`: a non-looping source is exhausted (`skipped` absent from older daemons: read it as 0). */
export type JobFinished = JobFinishedData;

export type Cell = number | string | null;

/** Rows in columnar form, whichever event they came in. */
export interface Rows {
  t: (string | null)[];
  y: Cell[][];
}

/** Turns an `update` (one row object) or a `batch` into columns in `meta.columns` order. */
export function toRows(event: 'update' | 'batch', data: unknown, meta: StreamMeta): Rows {
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
