import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from 'vitest';

export { layout, type LogLine, memoryLogger } from './fixtures/logger.js';

/** A test with a fresh directory under the system's temporary directory, removed after it. */
export const test = base.extend<{ dir: string }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies by destructuring
  dir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'rtg-store-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});
