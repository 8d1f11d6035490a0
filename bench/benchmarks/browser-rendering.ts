// (b) Browser rendering: the <realtime-graph> element in headless Chromium at 1,000 rows/s with a
// 10,000-point window; reference: one Plotly.extendTraces call per row on the same stream. Also the
// element drawing two such streams in one chart (`streams="a,b"`), 2,000 rows/s in all.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { routeCandidateUi } from '../lib/candidate-ui.js';
import { browserMissing, launchChromium, type RunningBrowser } from '../lib/browser.js';
import { startDaemon, type RunningDaemon } from '../lib/daemon.js';
import { delay } from '../lib/process.js';
import { ensureLargeFile, LARGE_FILE, largeFileTimeline, PUMP_COLUMNS } from '../lib/pump-file.js';
import { LONG_TASK_MS, pageFigures, withTimeout, type PageFigures } from '../lib/page-figures.js';
import { resultRow, type ResultRow } from '../lib/results.js';
import { bundledPageScript } from '../lib/scripts.js';
import { mean } from '../lib/stats.js';
import type { ProbeResult } from '../pages/probe.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const RATE = 1000;
const WINDOW_POINTS = 10_000;
const RUN_MS = 20_000;
const WARMUP_MS = 2000;
const RUNS = 3;

const pageFile = (name: string) => readFileSync(fileURLToPath(new URL(`../pages/${name}`, import.meta.url)), 'utf8');
const plotlyFile = () => readFileSync(fileURLToPath(new URL('../../node_modules/plotly.js-dist-min/plotly.min.js', import.meta.url)));

function renderConfig(streams: number) {
  return {
    server: { shutdownTimeoutMs: 2000 },
    streams: Array.from({ length: streams }, (_, i) => ({
      id: `render-${i}`,
      history: 0,
      idleStopMs: 0,
      source: { type: 'csv', file: LARGE_FILE, rate: RATE },
      columns: PUMP_COLUMNS,
    })),
  };
}

/** Figures over [first row + warm-up, end of run]. */
function figures(result: ProbeResult): PageFigures {
  return pageFigures(result, (result.firstRowAt ?? Number.NaN) + WARMUP_MS);
}

interface PageScripts {
  probe: string;
  naive: string;
}

type PageKind = 'element' | 'element-streams' | 'naive';

/** `stream` is the page's stream, or for `element-streams` its streams, comma-separated. */
async function measurePage(browser: Browser, daemon: RunningDaemon, scripts: PageScripts, kind: PageKind, stream: string) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 640 } });
  const errors: string[] = [];
  try {
    const page: Page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    const probeConfig = { ...largeFileTimeline(), runMs: RUN_MS };
    await page.addInitScript(`window.__probeConfig = ${JSON.stringify(probeConfig)};\n${scripts.probe}`);
    // The pages are served at the daemon's origin (it sends no CORS headers), intercepted by Playwright.
    const benchPages = `${daemon.url}/bench/**`;
    await page.route(benchPages, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/bench/element.html') {
        const html = pageFile('element.html').replace('{{stream}}', stream).replace('{{window}}', String(WINDOW_POINTS));
        return route.fulfill({ contentType: 'text/html', body: html });
      }
      if (path === '/bench/element-streams.html') {
        const html = pageFile('element-streams.html').replace('{{streams}}', stream).replace('{{window}}', String(WINDOW_POINTS));
        return route.fulfill({ contentType: 'text/html', body: html });
      }
      if (path === '/bench/naive.html') return route.fulfill({ contentType: 'text/html', body: pageFile('naive.html') });
      if (path === '/bench/naive.js') return route.fulfill({ contentType: 'text/javascript', body: scripts.naive });
      if (path === '/bench/plotly.min.js') return route.fulfill({ contentType: 'text/javascript', body: plotlyFile() });
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await routeCandidateUi(page, daemon.url);
    const query = `?stream=${encodeURIComponent(stream)}&window=${WINDOW_POINTS}`;
    await page.goto(`${daemon.url}/bench/${kind}.html${query}`, { waitUntil: 'load' });
    await page.unroute(benchPages); // no interception of the event stream or the Plotly chunk
    // The probe ends the run RUN_MS after the first row and closes the page's event streams.
    await delay(RUN_MS);
    await page.waitForFunction(() => window.__probe.done, undefined, { timeout: 20_000, polling: 250 });
    const result = await withTimeout(
      page.evaluate(() => window.__probe.result()),
      15_000,
      'the page did not answer within 15 s',
    );
    if (result.firstRowAt === null) throw new Error(`${kind}: no row arrived (${errors.join('; ') || 'no page error'})`);
    return { figures: figures(result), mismatches: result.mismatches, errors };
  } finally {
    await withTimeout(context.close(), 10_000, 'the page did not close').catch(() => undefined);
  }
}

export const browserRendering: Benchmark = {
  name: 'browser',
  title: 'Browser rendering',
  description:
    `Headless Chromium (1200×640) shows the real \`<realtime-graph window="${WINDOW_POINTS}" autostart>\` element on a page served ` +
    `at the daemon's origin; the stream replays the generated pump file at ${RATE} rows/s with 3 value columns, for ${RUN_MS / 1000} s per run. ` +
    'An init script records requestAnimationFrame timestamps, long tasks (PerformanceObserver), each `rg-data` (rows arrived) and ' +
    '`rg-render` (points drawn, matched to arrivals first-in first-out). Figures over the run after a 2 s warm-up: frames per ' +
    'second (p5 and median of 1000 / frame interval), lag from a row’s arrival to its drawing (p99), lateness of its drawing ' +
    'against the stream schedule (p99), rows drawn per second, long tasks. Reference: a page with its own EventSource on the ' +
    `same stream and one \`Plotly.extendTraces\` call per row (plotly.js-dist-min, window ${WINDOW_POINTS}), alternately, ${RUNS} runs each. ` +
    `The two-stream rows: \`<realtime-graph streams="a,b" window="${WINDOW_POINTS}">\`, two such streams at ${RATE} rows/s each, in the same rounds.`,
  budgetMs: 240_000,
  async run(context: BenchContext) {
    const missing = browserMissing();
    if (missing) throw new Error(missing);
    await ensureLargeFile(context.log);
    const runs = Math.min(RUNS, context.runs);
    const scripts: PageScripts = { probe: await bundledPageScript('probe'), naive: await bundledPageScript('naive') };
    // $RTG_BENCH_ONE_STREAM=1 leaves out the two-stream page: for a bundle older than `streams`.
    const twoStreams = process.env.RTG_BENCH_ONE_STREAM !== '1';
    const daemon = await startDaemon({ config: renderConfig(4 * runs) });
    let chromium: RunningBrowser | undefined;
    const element: PageFigures[] = [];
    const naive: PageFigures[] = [];
    const two: PageFigures[] = [];
    const notes: string[] = [];
    try {
      chromium = await launchChromium();
      const browser = chromium.browser;
      let stream = 0;
      const streams = (kind: PageKind) =>
        kind === 'element-streams' ? [`render-${stream++}`, `render-${stream++}`].join(',') : `render-${stream++}`;
      const step = (kind: PageKind, into: PageFigures[]) => async () => {
        const result = await measurePage(browser, daemon, scripts, kind, streams(kind));
        into.push(result.figures);
        if (result.errors.length > 0) notes.push(`${kind} page errors: ${result.errors.slice(0, 3).join('; ')}`);
        const f = result.figures;
        context.log(
          `${kind}: fps p5 ${f.fpsP5.toFixed(1)} median ${f.fpsMedian.toFixed(1)}, lag p50 ${f.lagP50.toFixed(1)} p99 ${f.lagP99.toFixed(1)} ms, ` +
            `lateness p99 ${f.latenessP99.toFixed(0)} ms, ${Math.round(f.drawnPerSecond)} rows drawn/s, ${f.longTasks} long tasks, ` +
            `${result.mismatches} renders drew more rows than had arrived`,
        );
      };
      await interleaved(context, runs, [
        step('element', element),
        step('naive', naive),
        ...(twoStreams ? [step('element-streams', two)] : []),
      ]);
    } finally {
      await chromium?.close();
      await daemon.stop();
    }
    const naiveWhat = 'one Plotly.extendTraces per row';
    const row = (measure: string, unit: string, pick: (f: PageFigures) => number, target?: ResultRow['target'], extra: string[] = []) =>
      resultRow({
        benchmark: 'browser',
        measure,
        unit,
        runs: element.map(pick),
        ...(target ? { target } : {}),
        reference: { what: naiveWhat, runs: naive.map(pick) },
        notes: extra,
      });
    // Two streams: the same figures of the same element, against the same reference (one stream, one call per row).
    const twoRow = (measure: string, unit: string, pick: (f: PageFigures) => number, target: ResultRow['target']) =>
      resultRow({
        benchmark: 'browser',
        measure,
        unit,
        runs: two.map(pick),
        target,
        reference: { what: naiveWhat, runs: naive.map(pick) },
        notes: [],
      });
    const twoRows = twoStreams
      ? [
          twoRow('two streams in one chart (2 × 1,000 rows/s, 10,000-point window each): frames per second, p5', 'fps', (f) => f.fpsP5, {
            of: 'figure',
            op: '>=',
            value: 30,
          }),
          twoRow('two streams in one chart: lag from arrival to drawn, p99', 'ms', (f) => f.lagP99, { of: 'figure', op: '<', value: 100 }),
        ]
      : [];
    return [
      row('frames per second, p5 (1,000 rows/s, 10,000-point window)', 'fps', (f) => f.fpsP5, { of: 'figure', op: '>=', value: 30 }, [
        `${element.length} runs of ${RUN_MS / 1000} s per page (fewer than 5: each run takes ${RUN_MS / 1000} s)`,
        ...notes,
      ]),
      row('frames per second, median', 'fps', (f) => f.fpsMedian),
      row('lag from arrival to drawn, p99', 'ms', (f) => f.lagP99, { of: 'figure', op: '<', value: 100 }),
      row('lag from arrival to drawn, p50', 'ms', (f) => f.lagP50),
      row('drawn − due on the stream schedule, p99', 'ms', (f) => f.latenessP99, undefined, [
        'shows a backlog that the arrival → drawn lag cannot: rows waiting in the EventSource queue have not "arrived" yet',
      ]),
      row('rows drawn per second', 'rows/s', (f) => f.drawnPerSecond),
      row(`long tasks > ${LONG_TASK_MS} ms per run (after warm-up)`, 'tasks', (f) => f.longTasks, undefined, [
        `long-task time per second (element): ${mean(element.map((f) => f.longTaskMsPerSecond)).toFixed(0)} ms, (naive): ${mean(naive.map((f) => f.longTaskMsPerSecond)).toFixed(0)} ms`,
      ]),
      ...twoRows,
    ];
  },
};
