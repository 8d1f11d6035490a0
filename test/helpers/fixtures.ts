// vitest fixtures (test.extend): what a test needs is set up before it, handed over, and torn down
// after, whether the test passes or not.
import { test } from 'vitest';
import { launchBrowser } from './browser.js';
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

/**
 * `withDaemon` plus a `browser` (one Chromium per file) and a fresh `page` per test, closed after
 * it. The page is not navigated: a test opens what it needs.
 */
export function withBrowser(options: TestDaemonOptions | (() => TestDaemonOptions)) {
  return (
    withDaemon(options)
      // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
      .extend('browser', { scope: 'file' }, async ({}, { onCleanup }) => {
        const browser = await launchBrowser();
        onCleanup(() => browser.close());
        return browser;
      })
      .extend('page', async ({ browser }, { onCleanup }) => {
        const page = await browser.newPage();
        onCleanup(() => page.close());
        return page;
      })
  );
}
