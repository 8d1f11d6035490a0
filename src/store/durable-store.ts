// The embedded durable store of stream histories: one DuckDB file in a directory the daemon owns,
// with a `streams` table (each stream's layout and last checkpoint), a rows table per stream and
// one `marks` table. Commits go through one write connection; reads through another, so that a
// long query does not hold up commits (and reads see committed rows only).
import { statSync } from 'node:fs';
import type { DuckDBInstance } from '@duckdb/node-api';
import { CommitGroup } from './commit-group.js';
import { StoreHealth } from './health.js';
import { openDatabase } from './open.js';
import { layoutJson, rowsTable } from './schema.js';
import { SerialConnection } from './serial.js';
import { loadStream } from './stream-load.js';
import { type StoreContext, StreamHistory } from './stream-history.js';
import type { StoreLogger, StoreOptions, StoreStats, StreamLayout } from './types.js';

export class DurableStore {
  private readonly streams = new Map<string, StreamHistory>();
  private closed = false;
  /** Every flushMs, every stream whose commit is due commits, together (see CommitGroup and PendingWrites.due). */
  private readonly timer: NodeJS.Timeout;

  private constructor(
    /** The database file. */
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly context: StoreContext,
    private readonly logger: StoreLogger,
  ) {
    this.timer = setInterval(() => {
      const now = performance.now();
      for (const stream of this.streams.values()) stream.tick(now);
    }, context.flushMs);
    this.timer.unref();
  }

  /** Opens (or creates) `<dir>/history.duckdb`; a StoreError says why it cannot. */
  static async open(dir: string, options: StoreOptions): Promise<DurableStore> {
    const { logger, memoryLimit = '64MB', threads = 1, flushMs = 200, maxDelayMs = 2000, maxRows = 5000 } = options;
    if (!Number.isInteger(threads) || threads < 1) throw new TypeError(`threads must be a positive integer, not ${threads}`);
    if (!(flushMs > 0)) throw new TypeError(`flushMs must be a positive number, not ${flushMs}`);
    if (!(maxDelayMs >= 0)) throw new TypeError(`maxDelayMs must be a number ≥ 0, not ${maxDelayMs}`);
    if (!Number.isInteger(maxRows) || maxRows < 1) throw new TypeError(`maxRows must be a positive integer, not ${maxRows}`);
    const { instance, file } = await openDatabase(dir, { memoryLimit, threads }, logger);
    const write = new SerialConnection(await instance.connect());
    const read = new SerialConnection(await instance.connect());
    const health = new StoreHealth(file, logger);
    const group = new CommitGroup(write);
    return new DurableStore(file, instance, { write, read, group, health, logger, flushMs, maxDelayMs, maxRows }, logger);
  }

  /**
   * The history of a stream, continued when its fingerprint is the stored one, else started anew
   * (its old rows and marks dropped). Asking again for the same stream and fingerprint gives the same handle.
   */
  async stream(layout: StreamLayout): Promise<StreamHistory> {
    if (this.closed) throw new Error('The store is closed');
    const open = this.streams.get(layout.stream);
    if (open && open.layout.fingerprint === layout.fingerprint && layoutJson(open.layout) === layoutJson(layout)) return open;
    if (open) {
      await open.close();
      this.streams.delete(layout.stream);
    }
    const table = rowsTable(layout.stream);
    const { checkpoint, stored } = await this.context.write.use((c) => loadStream(c, layout, table, this.logger));
    const history = new StreamHistory(layout, table, this.context, checkpoint, stored);
    this.streams.set(layout.stream, history);
    return history;
  }

  health(): { ok: boolean; message?: string } {
    return this.context.health.report();
  }

  /**
   * Drops the tables of streams not in `streamIds` whose last commit is older than `graceMs`
   * (a stream taken out of the configuration keeps its history that long); returns their ids.
   */
  async removeUnlisted(streamIds: readonly string[], graceMs: number): Promise<string[]> {
    const listed = new Set(streamIds);
    return this.context.write.use(async (c) => {
      const reader = await c.runAndReadAll(
        // A stream's last write is its newest checkpoint (or its creation, before any).
        `SELECT s.stream FROM streams s LEFT JOIN (SELECT stream, max(written_ms) AS written_ms FROM checkpoints GROUP BY stream) c USING (stream)
         WHERE coalesce(c.written_ms, epoch_ms(s.updated_at)) < $now - $grace`,
        { grace: Math.max(0, Math.floor(graceMs)), now: Date.now() },
      );
      const removed = (reader.getRows() as string[][]).map((row) => row[0]!).filter((id) => !listed.has(id));
      for (const id of removed) {
        await c.run('BEGIN TRANSACTION');
        try {
          await c.run(`DROP TABLE IF EXISTS ${rowsTable(id)}`);
          await c.run('DELETE FROM marks WHERE stream = $id', { id });
          await c.run('DELETE FROM checkpoints WHERE stream = $id', { id });
          await c.run('DELETE FROM streams WHERE stream = $id', { id });
          await c.run('COMMIT');
        } catch (error) {
          await c.run('ROLLBACK').catch(() => undefined);
          throw error;
        }
        this.streams.get(id)?.detach();
        this.streams.delete(id);
      }
      return removed;
    });
  }

  stats(): StoreStats {
    const streams = [...this.streams.values()].map((s) => s.stats());
    let fileBytes = 0;
    for (const path of [this.file, `${this.file}.wal`]) fileBytes += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    return {
      fileBytes,
      rows: streams.reduce((sum, s) => sum + s.rows, 0),
      commits: streams.reduce((sum, s) => sum + s.commits, 0),
      transactions: this.context.group.transactions,
      writeErrors: this.context.health.writeErrors,
      pendingRows: streams.reduce((sum, s) => sum + s.pendingRows, 0),
      lastCommitMs: streams.reduce((last, s) => Math.max(last, s.lastCommitMs), 0),
      maxCommitMs: streams.reduce((most, s) => Math.max(most, s.maxCommitMs), 0),
      streams,
    };
  }

  /** Flushes every stream, then closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await Promise.all([...this.streams.values()].map((s) => s.close()));
    await this.context.write.idle();
    await this.context.read.idle();
    this.context.write.connection.closeSync();
    this.context.read.connection.closeSync();
    this.instance.closeSync();
  }
}
