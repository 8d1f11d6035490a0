import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from 'vitest';
import type { StoreLogger, StreamLayout } from '../../src/store/types.js';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  details: object;
  message: string;
}

/** A logger that keeps its lines. */
export function memoryLogger(): StoreLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (details, message) => lines.push({ level: 'info', details, message }),
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
    error: (details, message) => lines.push({ level: 'error', details, message }),
  };
}

export function layout(stream = 'plant/line-1', fingerprint = 'f1'): StreamLayout {
  return {
    stream,
    fingerprint,
    timeName: 'time',
    columns: [
      { name: 'temp', type: 'number' },
      { name: 'state', type: 'text' },
      { name: 'flow', type: 'number' },
    ],
  };
}

/** A test with a fresh directory under the system's temporary directory, removed after it. */
export const test = base.extend<{ dir: string }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies by destructuring
  dir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'rtg-store-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});
