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
export async function openDaemonStore(dir: string, logger: Logger): Promise<DurableStore | undefined> {
  try {
    return await DurableStore.open(dir, { logger });
  } catch (error) {
    if (error instanceof StoreError && lockHolder(error.cause) !== undefined) throw error;
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ path: dir, err: message }, `${message} Streams run memory only: their history is lost at a restart.`);
    return undefined;
  }
}
