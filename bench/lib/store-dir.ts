// The durable store of a daemon under test: a fresh temp directory (`server.store`), or false
// (memory only), so that a benchmark can compare the two in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StoreSetting {
  /** `server.store`: an absolute directory, or false for memory only. */
  store: string | false;
  /** Removes the directory (nothing for memory only). */
  remove(): void;
}

/** A fresh store directory under the system's temp directory. */
export function tempStore(): StoreSetting {
  const dir = mkdtempSync(join(tmpdir(), 'rtg-bench-store-'));
  return { store: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `server.store: false`: the daemon keeps its history in memory only, as before the store. */
export const memoryOnly: StoreSetting = { store: false, remove() {} };

/** A temp store when `on`, memory only otherwise. */
export const storeSetting = (on: boolean): StoreSetting => (on ? tempStore() : memoryOnly);
