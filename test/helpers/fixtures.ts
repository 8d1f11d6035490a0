// vitest fixtures (test.extend): what a test needs is set up before it, handed over, and torn down
// after, whether the test passes or not.
import { test } from 'vitest';
import { startTestDaemon, type TestDaemonOptions } from './daemon.js';

/**
 * `test` with a `daemon` fixture: one daemon per file, started on a free loopback port with its
 * own config and data directory the first time a test asks for it, stopped after the file.
 */
export function withDaemon(options: TestDaemonOptions | (() => TestDaemonOptions)) {
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  return test.extend('daemon', { scope: 'file' }, async ({}, { onCleanup }) => {
    const daemon = await startTestDaemon(typeof options === 'function' ? options() : options);
    onCleanup(() => daemon.stop());
    return daemon;
  });
}
