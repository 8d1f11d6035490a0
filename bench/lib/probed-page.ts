// Opens a page with the probe (pages/probe.ts) in a fresh browser context, lets it run, and reads
// what the probe recorded. Pages of bench/pages are served at the daemon's origin through
// Playwright routes (the daemon sends no CORS headers); a daemon's own page is loaded as it is.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { ProbeConfig, ProbeResult } from '../pages/probe.js';
import { routeCandidateUi } from './candidate-ui.js';
import type { RunningDaemon } from './daemon.js';
import { withTimeout } from './page-figures.js';
import { delay } from './process.js';

export const benchPage = (name: string) => readFileSync(fileURLToPath(new URL(`../pages/${name}`, import.meta.url)), 'utf8');

/** The bench page of one `<realtime-graph>` with these attributes (values escaped), at /bench/chart.html. */
export function chartPage(attributes: Record<string, string>): { path: string; html: string } {
  const quoted = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const text = Object.entries(attributes)
    .map(([name, value]) => `${name}="${quoted(value)}"`)
    .join(' ');
  return { path: '/bench/chart.html', html: benchPage('element-chart.html').replace('data-bench-attributes', text) };
}

export interface ProbedPage {
  /** The page's path at the daemon's origin. */
  path: string;
  /** The page's HTML, served through a route; absent: the daemon serves `path`. */
  html?: string;
  viewport: { width: number; height: number };
  probe: ProbeConfig;
  /** The probe's script (bundled pages/probe.ts). */
  script: string;
  /** Resolves once the page shows what it should (rejects with why not); before the run is waited for. */
  ready?(page: Page): Promise<void>;
}

export interface ProbedRun {
  result: ProbeResult;
  errors: string[];
}

/** Opens the page, waits for the probe's run to end (`probe.runMs` after the first row), reads it. */
export async function runProbedPage(browser: Browser, daemon: RunningDaemon, spec: ProbedPage): Promise<ProbedRun> {
  const context = await browser.newContext({ viewport: spec.viewport });
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(`window.__probeConfig = ${JSON.stringify(spec.probe)};\n${spec.script}`);
    const url = `${daemon.url}${spec.path}`;
    if (spec.html !== undefined) {
      const html = spec.html;
      await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    }
    await routeCandidateUi(page, daemon.url);
    const started = performance.now();
    await page.goto(url, { waitUntil: 'load' });
    const failed = (why: string) =>
      new Error(`${spec.path}: ${why}${errors.length > 0 ? ` (page errors: ${errors.slice(0, 3).join('; ')})` : ''}`);
    try {
      await spec.ready?.(page);
    } catch (error) {
      throw failed((error as Error).message);
    }
    await delay(Math.max(0, spec.probe.runMs - (performance.now() - started)));
    await page
      .waitForFunction(() => window.__probe.done, undefined, { timeout: 30_000, polling: 250 })
      .catch(async () => {
        const arrived = await page.evaluate(() => window.__probe.result().arrivedRows).catch(() => '?');
        throw failed(`the run did not end within 30 s of its time (${arrived} rows arrived)`);
      });
    const result = await withTimeout(
      page.evaluate(() => window.__probe.result()),
      15_000,
      `${spec.path}: the page did not answer within 15 s`,
    );
    if (result.firstRowAt === null) throw failed('no row arrived');
    return { result, errors };
  } finally {
    await withTimeout(context.close(), 10_000, 'the page did not close').catch(() => undefined);
  }
}
