import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser, serveElementPage, watchPageErrors } from '../helpers/browser.js';
import { startTestDaemon, type TestDaemon, type TestDaemonOptions } from '../helpers/daemon.js';

export interface ElementPageOptions {
  /** Extra markup for the page's head (styles). */
  head?: string;
  viewport?: { width: number; height: number };
  timezoneId?: string;
  /** Runs in the page before its scripts (e.g. to record the element's events). */
  init?: () => void;
}

export interface ElementSuite {
  readonly daemon: TestDaemon;
  readonly browser: Browser;
  /** Opens a page on the daemon's origin holding `body` (closed after the test, which fails if the page logged an error). */
  open(body: string, options?: ElementPageOptions): Promise<Page>;
}

/**
 * For a describe block of browser tests of the element: a test daemon (started with what
 * `daemonOptions` returns) and one Chromium for the whole block, and a fresh page per test.
 */
export function elementSuite(daemonOptions: () => TestDaemonOptions | Promise<TestDaemonOptions>): ElementSuite {
  let daemon: TestDaemon | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let errors: string[] = [];

  beforeAll(async () => {
    daemon = await startTestDaemon(await daemonOptions());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
  });
  afterEach(async () => {
    const logged = errors;
    errors = [];
    await page?.close();
    page = undefined;
    expect(logged).toEqual([]);
  });

  return {
    get daemon() {
      return daemon!;
    },
    get browser() {
      return browser!;
    },
    async open(body, { head = '', viewport = { width: 1200, height: 700 }, timezoneId, init } = {}) {
      await page?.close();
      page = await browser!.newPage(timezoneId ? { viewport, timezoneId } : { viewport });
      errors = watchPageErrors(page);
      const url = await serveElementPage(page, daemon!.url, { head, body });
      if (init) await page.addInitScript(init);
      await page.goto(url);
      return page;
    },
  };
}
