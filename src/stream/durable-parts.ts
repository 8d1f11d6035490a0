import type { Logger } from 'pino';
import type { StreamConfig } from '../config/schema.js';
import type { DurableStream, DurableStreams } from '../store/types.js';
import type { RestoredRun } from './run-restore.js';
import { streamLayout } from './stream-layout.js';
import { streamShape } from './stream-shape.js';

/**
 * The stored rows a continued run takes back into memory (its hot tier) and through its stages:
 * enough for every window of a day at 2 rows/s, and loaded in about a second. Older rows stay in
 * the store, which answers /history for them.
 */
export const RESTORED_ROWS = 200_000;

/** A stream's part of the store, and the run stored there to continue (if it did not end). */
export interface DurablePart {
  stream: DurableStream;
  restored?: RestoredRun;
}

/** Opens a stream's part of the store; undefined (memory only, with one error line) when it cannot be. */
export async function openDurablePart(store: DurableStreams, config: StreamConfig, logger: Logger): Promise<DurablePart | undefined> {
  try {
    const stream = await store.stream(streamLayout(config, streamShape(config)));
    return { stream, restored: await storedRun(stream, config) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ stream: config.id, err: message }, `stream ${config.id}: the store cannot be used (${message}); it runs memory only`);
    return undefined;
  }
}

/**
 * The run the store holds for a stream. One that ended (finished, failed) comes back too, as it
 * ended: its history and events are served, and starting the stream again starts a new run.
 */
export async function storedRun(stream: DurableStream, config: StreamConfig): Promise<RestoredRun | undefined> {
  const checkpoint = stream.checkpoint();
  if (!checkpoint) return undefined;
  const rows = await stream.recent(Math.min(config.history.keep.rows, RESTORED_ROWS));
  const marks = await stream.marks(0);
  return { checkpoint, rows, marks };
}
