import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { DurableStore } from './durable-store.js';
import { lockHolder, StoreError } from './errors.js';

/** Where the store is when the config does not say: `var/` beside the (first) config file or directory. */
export function defaultStoreDir(configPaths: readonly string[]): string {
  return join(dirname(resolve(configPaths[0] ?? '.')), 'var');
}

/**
 * Opens the daemon's store. Another daemon holding it refuses this one (a StoreError naming the
 * lock, thrown); any other failure is one error line, and the daemon runs memory only (undefined).
 */
export async function openDaemonStore(dir: string, logger: Logger): Promise<{ store?: DurableStore; failure?: StoreFailure }> {
  try {
    return { store: await DurableStore.open(dir, { logger }) };
  } catch (error) {
    if (error instanceof StoreError && lockHolder(error.cause) !== undefined) throw error;
    const message = `${error instanceof Error ? error.message : String(error)} Streams run memory only: their history is lost at a restart.`;
    logger.error({ path: dir }, message);
    return { failure: { path: dir, message } };
  }
}

/** A store that could not be opened: where, and what to do (for /readyz and /metrics). */
export interface StoreFailure {
  path: string;
  message: string;
}
