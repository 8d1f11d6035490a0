import type { Logger } from 'pino';
import type { DurableStore } from '../store/durable-store.js';
import type { StreamHub } from './hub.js';

/** How often the store's oldest rows are deleted (history.keep.duration and keep.disk). */
const EVERY_MS = 60_000;
/** A stream taken out of the config keeps its stored history this long (it may come back). */
export const REMOVED_STREAM_GRACE_MS = 7 * 24 * 3600_000;

/** The store's background work: retention per stream, and the history of streams no longer configured. */
export class StoreUpkeep {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: DurableStore,
    private readonly hub: StreamHub,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => this.run(), EVERY_MS);
    this.timer.unref();
  }

  /** One round (skipped while the previous one is still going). */
  run(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async round(): Promise<void> {
    try {
      for (const channel of this.hub.list()) {
        const part = channel.durable?.stream;
        if (!part) continue;
        const { durationMs, disk } = channel.config.history.keep;
        const deleted = await part.enforce({ durationMs, diskBytes: disk });
        if (deleted > 0) this.logger.debug({ stream: channel.id, deleted }, 'store retention: oldest rows deleted');
      }
      const removed = await this.store.removeUnlisted(
        this.hub.list().map((c) => c.id),
        REMOVED_STREAM_GRACE_MS,
      );
      if (removed.length > 0) this.logger.info({ streams: removed }, 'store: the history of streams no longer configured is deleted');
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'store upkeep failed; it tries again later');
    }
  }
}
