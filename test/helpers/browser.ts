import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or undefined when they can. */
export const browserMissing = existsSync(CHROMIUM_PATH)
  ? undefined
  : `no Chromium at ${CHROMIUM_PATH} (install Debian's chromium, or set CHROMIUM_PATH)`;

/** Headless, as root, and with no call home: the flags a closed network needs (tests and benchmarks). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Headless Chromium with the flags this machine's closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}

/** Collects page errors and console errors so a test can assert there were none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Points drawn in each trace of the chart inside a <realtime-graph> (reads Plotly's gd.data). */
export function tracePoints(page: Page, selector = 'realtime-graph'): Promise<number[]> {
  return page.evaluate((sel) => {
    const host = document.querySelector(sel);
    const plot = host?.shadowRoot?.querySelector('.js-plotly-plot') as (HTMLElement & { data?: { x: unknown[] }[] }) | null;
    return plot?.data?.map((trace) => trace.x.length) ?? [];
  }, selector);
}

/**
 * What the chart really drew: for each trace of the plot, the points of its SVG line (the `M` and
 * `L` commands of its paths: a line with gaps is several paths) and the share of the plot's width
 * the line spans. True only once Plotly has rendered the data, unlike the size of a screenshot.
 */
export function drawnLines(page: Page, selector = 'realtime-graph'): Promise<{ points: number; span: number }[]> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel)?.shadowRoot;
    const plotArea = root?.querySelector('.nsewdrag')?.getBoundingClientRect();
    if (!root || !plotArea) return [];
    return [...root.querySelectorAll('.cartesianlayer g.trace.scatter')].map((trace) => {
      const paths = [...trace.querySelectorAll<SVGPathElement>('path.js-line')];
      const boxes = paths.map((p) => p.getBoundingClientRect());
      const left = Math.min(...boxes.map((b) => b.left));
      const right = Math.max(...boxes.map((b) => b.right));
      return {
        points: paths.reduce((n, p) => n + ((p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0), 0),
        span: paths.length === 0 ? 0 : (right - left) / plotArea.width,
      };
    });
  }, selector);
}

/**
 * Answers `<origin>/test.html` in `page` with a page that loads the element's script from that
 * origin and holds `body` (and `head`); returns the page's URL, for `page.goto` (after any init
 * scripts the test adds).
 */
export async function serveElementPage(page: Page, origin: string, { head = '', body }: { head?: string; body: string }): Promise<string> {
  const url = `${origin}/test.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/realtime-graph.js"></script>${head}</head><body>${body}</body></html>`,
    }),
  );
  return url;
}

/**
 * Saves a screenshot of `target` as test-results/`name`, and with RTG_UPDATE_SCREENSHOTS=1 as
 * docs/`name` too (the pictures the README and docs/ show).
 */
export async function saveScreenshot(target: Page | Locator, name: string): Promise<void> {
  await mkdir('test-results', { recursive: true });
  const shot = await target.screenshot({ path: `test-results/${name}` });
  if (process.env.RTG_UPDATE_SCREENSHOTS === '1') await writeFile(`docs/${name}`, shot);
}
