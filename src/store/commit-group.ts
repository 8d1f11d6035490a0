import type { DuckDBConnection } from '@duckdb/node-api';
import { appendCheckpoints, type CheckpointRecord } from './commit.js';
import type { SerialConnection } from './serial.js';

type Job = (connection: DuckDBConnection) => Promise<void>;

/**
 * Commits the writes of every stream that asks in the same turn of the event loop in one
 * transaction, their checkpoints appended together at the end. A DuckDB commit costs a few
 * milliseconds of CPU whatever it holds, so eight slow streams committing together cost one
 * commit, not eight. A failure rolls them all back, and each caller sees it.
 */
export class CommitGroup {
  private queued: { job: Job; checkpoint: CheckpointRecord; done: () => void; failed: (error: unknown) => void }[] = [];
  private scheduled = false;
  /** Group transactions committed. */
  transactions = 0;

  constructor(private readonly write: SerialConnection) {}

  /** Runs `job`, then appends `checkpoint`, inside the next group transaction; resolves once that transaction is committed. */
  commit(job: Job, checkpoint: CheckpointRecord): Promise<void> {
    return new Promise((done, failed) => {
      this.queued.push({ job, checkpoint, done, failed });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.run());
    });
  }

  private async run(): Promise<void> {
    this.scheduled = false;
    const jobs = this.queued;
    this.queued = [];
    try {
      await this.write.use(async (c) => {
        await c.run('BEGIN TRANSACTION');
        try {
          for (const { job } of jobs) await job(c);
          await appendCheckpoints(
            c,
            jobs.map((j) => j.checkpoint),
          );
          await c.run('COMMIT');
        } catch (error) {
          await c.run('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    } catch (error) {
      for (const { failed } of jobs) failed(error);
      return;
    }
    this.transactions++;
    for (const { done } of jobs) done();
  }
}
