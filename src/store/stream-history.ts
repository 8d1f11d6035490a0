// One stream's durable history: its writer (a buffer, committed in the background up to the
// newest checkpoint), its last committed checkpoint, and the reads of what is stored.
import type { HistorySeries } from '../protocol/events.js';
import type { PassSummary } from '../stream/history-store.js';
import type { CommitGroup } from './commit-group.js';
import { writeBatch } from './commit.js';
import { messageOf } from './errors.js';
import type { StoreHealth } from './health.js';
import { m4Series } from './m4.js';
import { PendingWrites } from './pending.js';
import { marksFrom, passSummaries, recentRows, rowCount, rowsAfterSeq } from './readers.js';
import { enforceRetention } from './retention.js';
import type { SerialConnection } from './serial.js';
import type {
  RetentionLimits,
  RunCheckpoint,
  StoredMark,
  StoredRow,
  StoreLogger,
  StoreM4Request,
  StreamLayout,
  StreamStats,
  StreamWriter,
} from './types.js';

/** What a stream's handle shares with its store. */
export interface StoreContext {
  write: SerialConnection;
  /** One transaction for the commits of all streams due together. */
  group: CommitGroup;
  read: SerialConnection;
  health: StoreHealth;
  logger: StoreLogger;
  flushMs: number;
  /** A checkpoint no source waits for may wait this long for a commit (StoreOptions.maxDelayMs). */
  maxDelayMs: number;
  maxRows: number;
}

export class StreamHistory {
  readonly writer: StreamWriter;
  private readonly pending: PendingWrites;
  private last: RunCheckpoint | undefined;
  /** The rn of the next committed row. */
  private nextRn: number;
  private stored: number;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private warned = false;
  private commits = 0;
  private lastCommitMs = 0;
  private maxCommitMs = 0;
  /** Commit latencies (ms), the newest 1,000: the bench's percentiles. */
  readonly latencies: number[] = [];

  constructor(
    readonly layout: StreamLayout,
    readonly table: string,
    private readonly context: StoreContext,
    checkpoint: RunCheckpoint | undefined,
    stored: number,
  ) {
    this.last = checkpoint;
    this.nextRn = checkpoint?.rows ?? 0;
    this.stored = stored;
    this.pending = new PendingWrites(layout.timeName, layout.columns, () => this.appended());
    this.writer = this.pending;
  }

  /** Rows buffered, not committed yet. */
  get pendingRows(): number {
    return this.pending.rowCount;
  }

  /** The last committed checkpoint (the one stored when the stream was opened, then each commit's). */
  checkpoint(): RunCheckpoint | undefined {
    return this.last;
  }

  health(): { ok: boolean; message?: string } {
    return this.context.health.report();
  }

  /** Commits everything up to the newest checkpoint now (a graceful stop). */
  async flush(): Promise<void> {
    // At most: the commit under way, then one for what came meanwhile.
    for (let i = 0; i < 3 && (this.running || this.pending.hasCheckpoint); i++) {
      if (!this.running) this.kick();
      await this.running;
    }
  }

  /** Flushes and stops the commit loop; the handle's writer discards what comes after. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  /** Stops the handle at once, discarding what it buffered (its tables are being dropped). */
  detach(): void {
    this.closed = true;

    this.pending.clear();
  }

  recent(limit: number): Promise<StoredRow[]> {
    return this.context.read.use((c) => recentRows(c, this.table, this.layout.columns, limit));
  }

  rowsAfterSeq(seq: number, limit: number): Promise<StoredRow[]> {
    return this.context.read.use((c) => rowsAfterSeq(c, this.table, this.layout.columns, seq, limit));
  }

  marks(fromRn = 0): Promise<StoredMark[]> {
    return this.context.read.use((c) => marksFrom(c, this.layout.stream, fromRn));
  }

  passes(): Promise<PassSummary[]> {
    return this.context.read.use((c) => passSummaries(c, this.table));
  }

  count(): Promise<number> {
    return this.context.read.use((c) => rowCount(c, this.table));
  }

  /** M4 in SQL over the rows of a pass in [from, to]: the series of queryHistory (without gap breaks). */
  m4(request: StoreM4Request): Promise<{ rows: number; resolution: 'full' | 'm4'; series: HistorySeries[] }> {
    return this.context.read.use((c) => m4Series(c, this.table, this.layout.columns, request));
  }

  /** Deletes the rows past the limits (on the write connection, between commits); resolves with the rows deleted. */
  async enforce(limits: RetentionLimits): Promise<number> {
    if (this.context.health.failed) return 0;
    const deleted = await this.context.write.use((c) => enforceRetention(c, this.layout.stream, this.table, this.rowBytes(), limits));
    this.stored -= deleted;
    return deleted;
  }

  /** Estimated bytes of a stored row: rn, seq, t, pass, 8 per number and 16 per text value. */
  rowBytes(): number {
    let bytes = 28;
    for (const c of this.layout.columns) bytes += c.type === 'number' ? 8 : 16;
    return bytes;
  }

  stats(): StreamStats {
    return {
      stream: this.layout.stream,
      rows: this.stored,
      bytes: this.stored * this.rowBytes(),
      commits: this.commits,
      lastCommitMs: this.lastCommitMs,
      maxCommitMs: this.maxCommitMs,
      pendingRows: this.pending.rowCount,
      untimed: this.pending.untimed,
    };
  }

  private appended(): void {
    if (this.closed || this.context.health.failed) {
      this.context.health.discardedRows += this.pending.clear();
      return;
    }
    if (this.pending.rowCount >= this.context.maxRows && this.pending.hasCheckpoint) this.kick();
  }

  /** The store's timer, every flushMs for all streams at once (`now`: performance.now()): commits if a commit is due. */
  tick(now: number): void {
    if (this.pending.due(now, this.context.maxDelayMs, this.last?.run)) this.kick();
  }

  /** Starts a commit, or asks for one more after the one under way. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (!this.pending.hasCheckpoint) return;
    this.running = this.commit().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async commit(): Promise<void> {
    const batch = this.pending.take();
    if (batch === undefined) return;
    const { health } = this.context;
    if (health.failed) {
      health.discardedRows += batch.t.length;
      return;
    }
    const started = performance.now();
    // A run that ended (finished, failed) is followed by a new one: a new history.
    const newRun = this.last !== undefined && batch.checkpoint.run !== this.last.run;
    if (newRun) this.nextRn = 0;
    try {
      await this.context.group.commit(
        (c) => writeBatch(c, this.layout.stream, this.table, this.layout.columns, this.nextRn, batch, newRun),
        { stream: this.layout.stream, checkpoint: batch.checkpoint },
      );
    } catch (error) {
      health.fail(error);
      health.discardedRows += batch.t.length + this.pending.clear();
      return;
    }
    const ms = performance.now() - started;
    this.commits++;
    this.lastCommitMs = ms;
    this.maxCommitMs = Math.max(this.maxCommitMs, ms);
    if (this.latencies.length >= 1000) this.latencies.shift();
    this.latencies.push(ms);
    if (newRun) {
      this.stored = 0;
      this.context.logger.info(
        { stream: this.layout.stream, run: batch.checkpoint.run },
        `${this.layout.stream}: a new run: its stored history starts again`,
      );
    }
    this.stored += batch.t.length;
    const { rows } = batch.checkpoint;
    if (rows !== this.nextRn + batch.t.length && !this.warned) {
      this.warned = true;
      this.context.logger.warn(
        { stream: this.layout.stream, checkpointRows: rows, storedThrough: this.nextRn + batch.t.length },
        `${this.layout.stream}: a checkpoint counts ${rows} rows where the store holds rows up to ${this.nextRn + batch.t.length}: row numbers follow the checkpoint.`,
      );
    }
    this.nextRn = rows;
    this.last = batch.checkpoint;
    for (const committed of batch.committed) {
      try {
        committed();
      } catch (error) {
        this.context.logger.error(
          { stream: this.layout.stream, err: messageOf(error) },
          `${this.layout.stream}: a committed callback threw.`,
        );
      }
    }
  }
}
