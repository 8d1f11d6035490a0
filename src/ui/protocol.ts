// The shapes of the daemon's SSE events, as the element reads them.

export interface ColumnInfo {
  name: string;
  type: 'number' | 'text';
  axis: 'y' | 'y2';
}

export interface Threshold {
  value: number;
  label?: string;
  color?: string;
  axis: 'y' | 'y2';
}

export interface StreamSummary {
  id: string;
  title: string;
  source: string;
  time: string;
  columns: ColumnInfo[];
  thresholds: Threshold[];
  state: string;
  /** The source's connection: connecting, live or reconnecting (null for sources without one). */
  status: 'connecting' | 'live' | 'reconnecting' | null;
  viewers: number;
}

/** `meta`: sent first on every connection. */
export interface StreamMeta extends StreamSummary {
  run: string;
  startedAt: string;
  rate: number | null;
  progress: Progress | null;
  /** Completed passes of a looping replay. */
  pass: number;
}

export interface Progress {
  row: number;
  total?: number;
}

/** `jobfinished`: a non-looping source is exhausted. */
export interface JobFinished {
  /** Rows delivered in the run. */
  rows: number;
  progress: Progress | null;
  /** Bad records (e.g. oversized or unparseable CSV records) the source skipped in the run; absent from older daemons (read it as 0). */
  skipped?: number;
}

/** `batch`: columnar rows; `y[i]` is the i-th column of `meta.columns`. */
export interface BatchData {
  t: (string | null)[];
  y: unknown[][];
}

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
    return { t: batch.t, y: batch.y as Cell[][] };
  }
  const row = data as Record<string, Cell>;
  return {
    t: [(row[meta.time] as string | null) ?? null],
    y: meta.columns.map((c) => [row[c.name] ?? null]),
  };
}
