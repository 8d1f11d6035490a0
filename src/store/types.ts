// What a run writes to the durable store and reads back after a restart. The store is an embedded
// database (DuckDB) in a directory the daemon owns; see docs/history.md.
import type { HistorySeries } from '../protocol/events.js';
import type { PassSummary } from '../stream/history-store.js';
import type { Row } from '../values/row.js';

export interface StoreColumn {
  name: string;
  type: 'number' | 'text';
}

/**
 * The shape of one stream's history. While its fingerprint (source, columns and stages) stays the
 * same, every run of the stream continues the one history; when it changes, a new history starts.
 */
export interface StreamLayout {
  stream: string;
  fingerprint: string;
  /** The pipeline output's time column (ISO-8601 text or epoch ms on the wire; stored as epoch ms). */
  timeName: string;
  /** The value columns of `meta.columns`, in order. */
  columns: readonly StoreColumn[];
}

/** Where a stream's run stands, committed in the same transaction as the rows and marks before it. */
export interface RunCheckpoint {
  /** The run id, which continues across restarts. */
  run: string;
  /** The run's event seq at the checkpoint (event ids continue from it). */
  seq: number;
  /** Rows stored in the history so far: the next row's number (`rn`). */
  rows: number;
  /** The history pass of the newest row. */
  pass: number;
  /** The source's position after the last row before the checkpoint (DataSource.position), as JSON. */
  position: unknown;
  /** What else the run needs to continue (its segment and passes), as JSON. */
  extra: unknown;
}

/** A stored row: its number in the history, the event it was sent in, its pass, time and values. */
export interface StoredRow {
  rn: number;
  seq: number;
  pass: number;
  /** Epoch ms. */
  t: number;
  /** In StreamLayout.columns order: a number, a string, or null. */
  values: (number | string | null)[];
}

/** A state change or an alert transition, stored with the row count and event seq it came at. */
export interface StoredMark {
  rn: number;
  seq: number;
  pass: number;
  name: 'state' | 'alert';
  payload: unknown;
}

/** What a run appends, in order: rows, marks and checkpoints. A commit takes everything up to the newest checkpoint. */
export interface StreamWriter {
  /** Pipeline output rows, sent in the event `seq` (rows of the history seed: the seq when read). */
  rows(rows: readonly Row[], seq: number, pass: number): void;
  mark(name: 'state' | 'alert', payload: unknown, seq: number, pass: number): void;
  /**
   * The rows and marks before it, and it, are committed together; `committed` is called after. A
   * checkpoint with `committed` (a source waits for it) is committed at the next flush, one without
   * may wait up to the store's maxDelayMs.
   */
  checkpoint(checkpoint: RunCheckpoint, committed?: () => void): void;
}

/** One stream's part of the store, as runs and the daemon use it. */
export interface DurableStream {
  readonly writer: StreamWriter;
  /** The newest committed checkpoint (loaded when the stream was opened). */
  checkpoint(): RunCheckpoint | undefined;
  /** The newest `limit` rows, oldest first. */
  recent(limit: number): Promise<StoredRow[]>;
  /** The marks from row number `fromRn` on, oldest first. */
  marks(fromRn?: number): Promise<StoredMark[]>;
  /** Commits everything up to the newest checkpoint now. */
  flush(): Promise<void>;
  /** Rows buffered, not committed yet (read after every item a source yields: a getter, not stats()). */
  readonly pendingRows: number;
  /** M4 in SQL over the stored rows of a pass in [from, to] (the cold tier of /history). */
  m4(request: StoreM4Request): Promise<{ rows: number; resolution: 'full' | 'm4'; series: HistorySeries[] }>;
  /** The passes stored, with their time spans. */
  passes(): Promise<PassSummary[]>;
  /** Deletes the rows past the limits; resolves with the rows deleted. */
  enforce(limits: RetentionLimits): Promise<number>;
  stats(): StreamStats;
}

/** The daemon's store: one part per stream. */
export interface DurableStreams {
  /** Opens a stream's part; a layout whose fingerprint differs from the stored one starts a new history. */
  stream(layout: StreamLayout): Promise<DurableStream>;
  /** Whether it still writes, and if not, what to do (one sentence naming the file). */
  health(): { ok: boolean; message?: string };
  stats(): StoreStats;
  /** The database file. */
  readonly file: string;
}

/** What the store logs with (a pino logger fits). */
export interface StoreLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface StoreOptions {
  logger: StoreLogger;
  /** DuckDB's memory_limit (default '64MB'). */
  memoryLimit?: string;
  /** DuckDB's threads (default 1). */
  threads?: number;
  /** How often commits are due (ms, default 200): a checkpoint whose source waits for it (its `committed` callback) is committed within this. */
  flushMs?: number;
  /**
   * A checkpoint no source waits for (no `committed` callback), unless it is a new run's first or
   * has 50 rows before it, may wait this long (ms, default 2000) to share a commit with later ones:
   * a commit costs DuckDB about half a millisecond of CPU per table it appends to, whatever the
   * rows, so a slow stream committing every flushMs costs more than its rows. A crash loses none
   * of them from a source that can be read again (a file, a Kafka topic); from one that cannot, at
   * most this much.
   */
  maxDelayMs?: number;
  /** A commit as soon as this many rows wait (default 5000). */
  maxRows?: number;
}

/** What /history's cold tier asks the store: the rows of one pass in [from, to] on `points` pixel columns. */
export interface StoreM4Request {
  pass: number;
  from: number;
  to: number;
  points: number;
}

export interface StreamStats {
  stream: string;
  /** Rows stored (committed, less those retention removed). */
  rows: number;
  /** An estimate of the bytes the rows take on disk (rows × bytes per row). */
  bytes: number;
  commits: number;
  lastCommitMs: number;
  maxCommitMs: number;
  /** Rows buffered, not committed yet. */
  pendingRows: number;
  /** Rows without a time, not stored. */
  untimed: number;
}

export interface StoreStats {
  /** The database file and its write-ahead log, in bytes. */
  fileBytes: number;
  rows: number;
  commits: number;
  /** Transactions written: the commits of streams due together share one. */
  transactions: number;
  writeErrors: number;
  pendingRows: number;
  lastCommitMs: number;
  maxCommitMs: number;
  streams: StreamStats[];
}

export interface RetentionLimits {
  /** Rows older than the newest row's time less this go. */
  durationMs: number;
  /** Beyond this (estimated as rows × bytes per row), the oldest rows go. */
  diskBytes: number;
}
