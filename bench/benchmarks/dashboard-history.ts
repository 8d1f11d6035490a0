// Issue 27: a dashboard's first paint with 24 h of history in each chart. The dashboard of the
// `dashboard` benchmark (4 pumps × 3 charts, 8 value tiles) with `range: 24h`, on 4 live 10 rows/s
// streams whose daemon keeps 24 h of each (864,000 rows; filled as browser-history fills its day),
// against one chart with `range="24h"` alone on its page, alternately in the same run.
//
// Drawn: the first animation frame at which a chart's first line reaches back 24 h before its
// newest point (within two pixel columns of its plot), found by pages/first-paint.ts on every frame;
// the figure is the time from the navigation's start to the frame at which every chart is.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FirstPaintConfig, FirstPaintResult } from '../pages/first-paint.js';
import { browserMissing, launchChromium, type RunningBrowser } from '../lib/browser.js';
import { routeCandidateUi } from '../lib/candidate-ui.js';
import { dashboard, OPERATOR_TOKEN, panelCounts, PUMPS, type DashboardShape } from '../lib/dashboard-config.js';
import { startDaemon, type RunningDaemon } from '../lib/daemon.js';
import { DAY_COLUMNS, DAY_FILE, DAY_ROWS, ensureDayFile } from '../lib/day-file.js';
import { withTimeout } from '../lib/page-figures.js';
import { chartPage } from '../lib/probed-page.js';
import { fillReplay } from '../lib/replay-fill.js';
import { resultRow } from '../lib/results.js';
import { bundledPageScript } from '../lib/scripts.js';
import { median } from '../lib/stats.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const DAY_MS = 24 * 3600_000;
const PANEL_WINDOW = 600;
const RUNS = 3;
/** Rate 100 × 500: 50,000 rows/s per stream while the history fills (the daemon reads the 4 as fast as it can). */
const FILL_SPEED = 500;
const FILL_TIMEOUT_MS = 240_000;
const PAINT_TIMEOUT_MS = 30_000;
const VIEWPORT = { width: 1920, height: 1080 };
const VALUES = DAY_COLUMNS.slice(1);
/** A repeat visit is this load of the page in one browser context (V8 keeps the code of a script it has run twice from the HTTP cache). */
const REPEAT_LOAD = 3;

const shape: DashboardShape = {
  id: 'day',
  pumps: PUMPS,
  charts: VALUES.map((column) => [column]),
  tiles: VALUES.slice(0, 2),
  window: PANEL_WINDOW,
  range: '24h',
};
const { charts: CHARTS, tiles: TILES } = panelCounts(shape);

const config = {
  server: { shutdownTimeoutMs: 2000, auth: { operatorToken: OPERATOR_TOKEN } },
  streams: PUMPS.map((id) => ({
    id,
    autostart: true,
    idleStopMs: 0,
    source: { type: 'csv', file: DAY_FILE, rate: 100 },
    columns: DAY_COLUMNS,
    // A joining viewer gets its window; 32 bytes a row: 64 MiB holds the day.
    history: { rows: PANEL_WINDOW, keep: { duration: '24h', rows: 1_000_000, bytes: '64MiB' } },
  })),
  dashboards: [dashboard(shape)],
};

/**
 * Loads a page in a fresh context (nothing cached), or in `reused` (what its loads before cached:
 * the HTTP cache, and V8's code cache of the scripts), and waits until `charts` charts show their 24 h.
 */
async function firstPaint(
  browser: Browser,
  daemon: RunningDaemon,
  script: string,
  path: string,
  html: string | undefined,
  charts: number,
  reused?: BrowserContext,
) {
  // In UTC, Plotly's Dates are the epoch ms they show (see plotly-time.ts).
  const context = reused ?? (await browser.newContext({ viewport: VIEWPORT, timezoneId: 'UTC' }));
  const errors: string[] = [];
  try {
    const page: Page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    const paintConfig: FirstPaintConfig = { charts, spanMs: DAY_MS };
    await page.addInitScript(`window.__firstPaintConfig = ${JSON.stringify(paintConfig)};\n${script}`);
    const url = `${daemon.url}${path}`;
    if (html !== undefined) await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await routeCandidateUi(page, daemon.url);
    await page.goto(url, { waitUntil: 'commit' });
    await page
      .waitForFunction(() => window.__firstPaint?.result().doneAt != null, undefined, { timeout: PAINT_TIMEOUT_MS, polling: 250 })
      .catch(async () => {
        const state = await page
          .evaluate(() => ({ ...window.__firstPaint.result(), dashboard: customElements.get('realtime-dashboard') !== undefined }))
          .catch(() => undefined);
        const why = !state
          ? 'the page did not answer'
          : `${state.drawnAt.length} of ${charts} charts drawn with 24 h (${state.found} charts on the page` +
            `${path.startsWith('/dashboards/') && !state.dashboard ? '; <realtime-dashboard> is not defined: this bundle has no dashboard element' : ''})`;
        throw new Error(
          `${path}: not drawn within ${PAINT_TIMEOUT_MS / 1000} s: ${why}${errors.length > 0 ? `; page errors: ${errors.slice(0, 3).join('; ')}` : ''}`,
        );
      });
    const result: FirstPaintResult = await page.evaluate(() => window.__firstPaint.result());
    await page.close();
    return { ...result, errors };
  } finally {
    if (!reused) await withTimeout(context.close(), 10_000, 'the page did not close').catch(() => undefined);
  }
}

export const dashboardHistory: Benchmark = {
  name: 'dashboard-history',
  title: 'Browser: first paint of a dashboard with 24 h of history',
  description:
    `Headless Chromium (${VIEWPORT.width}×${VIEWPORT.height}, UTC, a fresh context per load: nothing cached). The daemon's page ` +
    `\`/dashboards/${shape.id}\`: ${CHARTS} chart panels (${PUMPS.length} pumps × ${VALUES.length} charts of one column) and ${TILES} value tiles ` +
    `with \`range: 24h\`, on ${PUMPS.length} live 10 rows/s streams whose daemon keeps 24 h of each (${DAY_ROWS.toLocaleString('en-US')} rows, ` +
    `filled at the operator speed ×${FILL_SPEED} as browser-history does, all ${PUMPS.length} at once). Figure: from the navigation's start to ` +
    'the first animation frame at which every chart’s first line reaches back 24 h before its newest point (within two pixel ' +
    'columns of its plot), checked on every frame (bench/pages/first-paint.ts). Reference: one `<realtime-graph range="24h">` of one ' +
    `such stream and column alone on a page of the same size, measured the same way, alternately, ${RUNS} rounds. Repeat visit: the ` +
    `dashboard loaded ${REPEAT_LOAD} times in one browser context, the last load measured (the chunks come from the HTTP cache, and V8 ` +
    'keeps the compiled code of a script it ran twice from there).',
  budgetMs: 420_000,
  async run(context: BenchContext) {
    const missing = browserMissing();
    if (missing) throw new Error(missing);
    await ensureDayFile(context.log);
    const runs = Math.min(RUNS, context.runs);
    const script = await bundledPageScript('first-paint');
    const daemon = await startDaemon({ config, startTimeoutMs: 30_000 });
    let chromium: RunningBrowser | undefined;
    const onDashboard: number[] = [];
    const firstChart: number[] = [];
    const medianChart: number[] = [];
    const alone: number[] = [];
    const repeated: number[] = [];
    const notes: string[] = [];
    try {
      const fill = { operatorToken: OPERATOR_TOKEN, fillSpeed: FILL_SPEED, liveSpeed: 0.1, rows: DAY_ROWS, timeoutMs: FILL_TIMEOUT_MS };
      const seconds = await Promise.all(PUMPS.map((id) => fillReplay(daemon, id, fill, context)));
      context.log(`24 h of history in each of ${PUMPS.length} streams, filled in ${Math.max(...seconds).toFixed(1)} s; live at 10 rows/s`);
      chromium = await launchChromium();
      const browser = chromium.browser;
      const single = chartPage({ stream: PUMPS[0]!, columns: VALUES[0]!, window: String(PANEL_WINDOW), range: '24h' });
      // $RTG_BENCH_NO_DASHBOARD=1 leaves out the dashboard page: for a bundle older than <realtime-dashboard>.
      const withDashboard = process.env.RTG_BENCH_NO_DASHBOARD !== '1';
      const dashboardStep = async () => {
        const result = await firstPaint(browser, daemon, script, `/dashboards/${shape.id}`, undefined, CHARTS);
        onDashboard.push(result.doneAt!);
        firstChart.push(result.drawnAt[0]!);
        medianChart.push(median(result.drawnAt));
        if (result.errors.length > 0) notes.push(`dashboard page errors: ${result.errors.slice(0, 3).join('; ')}`);
        context.log(
          `dashboard: every chart drawn with 24 h at ${result.doneAt!.toFixed(0)} ms (first ${result.drawnAt[0]!.toFixed(0)}, median ${median(result.drawnAt).toFixed(0)})`,
        );
      };
      // The same dashboard loaded REPEAT_LOAD times in one context, as by a user who opened it before.
      const repeatStep = async () => {
        const visits = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'UTC' });
        try {
          const loads: number[] = [];
          for (let k = 0; k < REPEAT_LOAD; k++)
            loads.push((await firstPaint(browser, daemon, script, `/dashboards/${shape.id}`, undefined, CHARTS, visits)).doneAt!);
          repeated.push(loads.at(-1)!);
          context.log(`dashboard, loads 1–${REPEAT_LOAD} in one context: ${loads.map((ms) => ms.toFixed(0)).join(', ')} ms`);
        } finally {
          await withTimeout(visits.close(), 10_000, 'the pages did not close').catch(() => undefined);
        }
      };
      await interleaved(context, runs, [
        ...(withDashboard ? [dashboardStep, repeatStep] : []),
        async () => {
          const result = await firstPaint(browser, daemon, script, single.path, single.html, 1);
          alone.push(result.doneAt!);
          context.log(`one chart: drawn with 24 h at ${result.doneAt!.toFixed(0)} ms`);
        },
      ]);
    } finally {
      await chromium?.close();
      await daemon.stop();
    }
    const reference = { what: 'one <realtime-graph range="24h"> of one such stream alone on its page', runs: alone };
    return [
      resultRow({
        benchmark: 'dashboard-history',
        measure: `dashboard of ${CHARTS} charts and ${TILES} tiles with range 24h (${DAY_ROWS.toLocaleString('en-US')} rows per stream): navigation → every chart drawn with its 24 h`,
        unit: 'ms',
        runs: onDashboard,
        target: { of: 'figure', op: '<', value: 1500 },
        reference,
        notes: [
          `the first chart drawn: ${firstChart.map((v) => v.toFixed(0)).join(', ')} ms; the median chart: ${medianChart.map((v) => v.toFixed(0)).join(', ')} ms`,
          ...notes,
        ],
      }),
      ...(repeated.length > 0
        ? [
            resultRow({
              benchmark: 'dashboard-history',
              measure: `the same dashboard on a repeat visit (load ${REPEAT_LOAD} in one browser context: its scripts and their compiled code cached)`,
              unit: 'ms',
              runs: repeated,
              reference,
              notes: [],
            }),
          ]
        : []),
    ];
  },
};
