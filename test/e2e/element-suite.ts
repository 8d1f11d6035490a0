// The one setup of the browser tests: a daemon and one Chromium per describe block, a fresh page
// per test (or one kept for the block), and a test that fails when its page logged an error.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser, serveElementPage, watchPageErrors } from '../helpers/browser.js';
import { startTestDaemon, type TestDaemon, type TestDaemonOptions } from '../helpers/daemon.js';

/** What the suite needs of a daemon: where it listens, and how to stop it after the block. */
export interface SuiteDaemon {
  url: string;
  stop(): Promise<void>;
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  timezoneId?: string;
  /** Runs in the page before its scripts (e.g. to record the element's events). */
  init?: () => void;
  /** Runs here before the page loads (e.g. to record the requests it makes). */
  beforeLoad?: (page: Page) => void;
  /** Console errors the test expects (the browser's own lines for requests it refuses): not failures. */
  expectedErrors?: RegExp;
  /** The page stays open for the tests that follow (until the next page is opened, or the block ends). */
  keep?: boolean;
}

export interface ElementPageOptions extends PageOptions {
  /** Extra markup for the page's head (styles). */
  head?: string;
  /** The daemon the page is on and loads the element from (default: the suite's). */
  origin?: string;
}

export interface BrowserSuite<D extends SuiteDaemon> {
  readonly daemon: D;
  readonly browser: Browser;
  /** Opens a page on the daemon's origin (or `origin`) that loads the element's script and holds `body`. */
  open(body: string, options?: ElementPageOptions): Promise<Page>;
  /** Opens `url`: the daemon's own page, or a page of another origin. */
  visit(url: string, options?: PageOptions): Promise<Page>;
  /** The errors the current page logged so far, expected ones included. */
  errors(): string[];
}

interface OpenPage {
  page: Page;
  errors: string[];
  /** Errors before this index were checked after an earlier test (a kept page). */
  checked: number;
  expected: RegExp | undefined;
  keep: boolean;
}

/**
 * For a describe block of browser tests: the daemon `startDaemon` starts and one Chromium for the
 * whole block, and the pages the tests open. After each test the page it used is closed (unless
 * kept), and the test fails if the page logged an error it did not expect.
 */
export function browserSuite<D extends SuiteDaemon>(startDaemon: () => Promise<D>): BrowserSuite<D> {
  let daemon: D | undefined;
  let browser: Browser | undefined;
  let current: OpenPage | undefined;

  const closePage = async () => {
    const open = current;
    current = undefined;
    await open?.page.close();
  };
  const load = async (url: string | ((page: Page) => Promise<string>), options: PageOptions): Promise<Page> => {
    await closePage();
    const { viewport = { width: 1200, height: 700 }, timezoneId, init, beforeLoad, expectedErrors, keep = false } = options;
    const page = await browser!.newPage(timezoneId ? { viewport, timezoneId } : { viewport });
    current = { page, errors: watchPageErrors(page), checked: 0, expected: expectedErrors, keep };
    beforeLoad?.(page);
    const href = typeof url === 'string' ? url : await url(page);
    if (init) await page.addInitScript(init);
    await page.goto(href);
    return page;
  };

  beforeAll(async () => {
    daemon = await startDaemon();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    const open = current;
    if (!open) return;
    const logged = open.errors.slice(open.checked).filter((e) => !open.expected?.test(e));
    open.checked = open.errors.length;
    if (!open.keep) await closePage();
    expect(logged, 'errors the page logged').toEqual([]);
  });
  afterAll(async () => {
    await closePage();
    await browser?.close();
    await daemon?.stop();
  });

  return {
    get daemon() {
      return daemon!;
    },
    get browser() {
      return browser!;
    },
    open: (body, { head = '', origin, ...options } = {}) =>
      load((page) => serveElementPage(page, origin ?? daemon!.url, { head, body }), options),
    visit: (url, options = {}) => load(url, options),
    errors: () => current?.errors.slice() ?? [],
  };
}

/** browserSuite with a test daemon started with what `daemonOptions` returns. */
export function elementSuite(daemonOptions: () => TestDaemonOptions | Promise<TestDaemonOptions>): BrowserSuite<TestDaemon> {
  return browserSuite(async () => startTestDaemon(await daemonOptions()));
}
