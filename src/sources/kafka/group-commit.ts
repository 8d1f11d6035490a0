// Commits a stream's stored position to its configured consumer group, in the consumer thread, for
// operators' lag tools. Nothing reads these offsets back: a run resumes from the position its store
// holds, and without one starts as configured, whatever the group says.
import type { Consumer } from 'kafkajs';
import type { LogLevel } from './wire.js';

/** At most one commit per interval: a store may commit many times a second. */
const COMMIT_INTERVAL_MS = 1000;

export class GroupCommitter {
  private consumer: Consumer | undefined;
  private pending: [number, number][] | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly topic: string,
    private readonly log: (level: LogLevel, fields: Record<string, unknown>, message: string) => void,
  ) {}

  /** The consumer that commits, while it is in its group; undefined when it stops. */
  attach(consumer: Consumer | undefined): void {
    this.consumer = consumer;
  }

  /** Commits `[partition, next offset]` pairs soon (the latest of those given meanwhile). */
  commit(offsets: [number, number][]): void {
    this.pending = offsets;
    // (unref: a commit due never keeps a stopping consumer thread alive)
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, COMMIT_INTERVAL_MS).unref();
  }

  /** Commits what is pending now (a consumer about to stop). A failure is logged, never thrown. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const offsets = this.pending;
    const consumer = this.consumer;
    if (!offsets || !consumer) return;
    this.pending = undefined;
    const topic = this.topic;
    try {
      await consumer.commitOffsets(offsets.map(([partition, offset]) => ({ topic, partition, offset: String(offset) })));
    } catch (error) {
      this.pending ??= offsets; // (retried with the next commit)
      this.log('debug', { err: (error as Error).message }, 'cannot commit the stored position to the consumer group');
    }
  }
}
