// Issue 27, fast with many panels: (a) a dashboard of 12 chart panels (4 pumps × 3 charts) and 8
// value tiles, each stream at 10 rows/s, against one chart of one such stream on its own page;
// (c) the EventSources the dashboard page opens (one per stream however many panels show it);
// (b) one `layout="stack"` chart of the 52 sensors (units in 5 groups) with its 10,000-row window
// full, at 10 rows/s, against the same chart with the lines overlaid. Alternately, the same run.
//
// The windows are full from the start: each stream replays the generated pump file at rate 10 with
// the operator speed raised until it has read a window of rows, then at ×1, and keeps that many
// rows for a joining viewer (`history`), so every chart opens on a full window.
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchChromium, type RunningBrowser } from '../lib/browser.js';
import {
  ALL_SENSORS,
  dashboard,
  OPERATOR_TOKEN,
  panelCounts,
  PUMP_CHARTS,
  PUMP_TILES,
  PUMPS,
  pumpStream,
  sensorUnit,
  type DashboardShape,
} from '../lib/dashboard-config.js';
import { startDaemon } from '../lib/daemon.js';
import { firstDrawnAt, pageFigures, type PageFigures } from '../lib/page-figures.js';
import { chartPage, runProbedPage, type ProbedPage } from '../lib/probed-page.js';
import { ensureLargeFile, largeFileTimeline } from '../lib/pump-file.js';
import { fillReplay } from '../lib/replay-fill.js';
import { resultRow, type ResultRow } from '../lib/results.js';
import { bundledPageScript } from '../lib/scripts.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const RATE = 10;
/** Rows per chart panel of the dashboard (and of its reference chart). */
const PANEL_WINDOW = 600;
const STACK_WINDOW = 10_000;
const STACK_STREAM = 'pump-all';
const DASHBOARD_MS = 14_000;
const STACK_MS = 14_000;
/** After each page's first drawing: the figures leave it out. */
const WARMUP_MS = 2000;
const RUNS = 3;
const DASHBOARD_VIEWPORT = { width: 1920, height: 1080 };
const STACK_VIEWPORT = { width: 1200, height: 900 };

const shape: DashboardShape = { id: 'pumps', pumps: PUMPS, charts: PUMP_CHARTS, tiles: PUMP_TILES, window: PANEL_WINDOW };
const { charts: CHARTS, tiles: TILES } = panelCounts(shape);

const pumpColumns = [...new Set(PUMP_CHARTS.flat().concat(PUMP_TILES))].sort().map((column) => ({
  column,
  unit: sensorUnit(Number(column.slice(-2))),
}));

const config = {
  server: { shutdownTimeoutMs: 2000, auth: { operatorToken: OPERATOR_TOKEN } },
  streams: [
    ...PUMPS.map((id) => pumpStream(id, pumpColumns, RATE, PANEL_WINDOW)),
    pumpStream(STACK_STREAM, ALL_SENSORS, RATE, STACK_WINDOW),
  ],
  dashboards: [dashboard(shape)],
};

/** Resolves once the dashboard shows `charts` `<realtime-graph>` elements (looked for in every shadow root). */
async function dashboardShown(page: Page, charts: number): Promise<void> {
  await page
    .waitForFunction(() => customElements.get('realtime-dashboard') !== undefined, undefined, { timeout: 10_000, polling: 100 })
    .catch(() => {
      throw new Error('<realtime-dashboard> is not defined after 10 s: this build of the bundle has no dashboard element');
    });
  // Counted in the page (a function given to Playwright is sent as its text: no outer names).
  const count = `(() => {
    const find = (root) => [...root.querySelectorAll('*:not(svg):not(svg *)')].reduce(
      (n, el) => n + (el.localName === 'realtime-graph' ? 1 : 0) + (el.shadowRoot ? find(el.shadowRoot) : 0), 0);
    return find(document);
  })()`;
  await page.waitForFunction(`${count} >= ${charts}`, undefined, { timeout: 20_000, polling: 200 }).catch(async () => {
    const found = await page.evaluate(count).catch(() => '?');
    throw new Error(`the dashboard shows ${found} <realtime-graph> charts after 20 s, ${charts} expected`);
  });
}

interface PageRun {
  figures: PageFigures;
  charts: number;
  eventSources: string[];
}

export const browserDashboard: Benchmark = {
  name: 'dashboard',
  title: 'Browser: a dashboard of many panels, a stacked chart of 52 sensors',
  description:
    `Headless Chromium. Dashboard (${DASHBOARD_VIEWPORT.width}×${DASHBOARD_VIEWPORT.height}): the daemon's own page \`/dashboards/pumps\` of ` +
    `${CHARTS} chart panels (${PUMPS.length} pumps × ${PUMP_CHARTS.length} charts of 2 columns, window ${PANEL_WINDOW}) and ${TILES} value tiles ` +
    `(2 per pump), each pump a stream replaying the generated pump file at ${RATE} rows/s; ${DASHBOARD_MS / 1000} s per run. ` +
    'The probe (bench/pages/probe.ts) matches each chart’s `rg-data` to its `rg-render` first-in first-out, one queue per chart (the ' +
    'first node of the events’ composed path), and counts the EventSources the page constructs. Figures after a 2 s warm-up from the first ' +
    'drawing: frames per second (p5 of 1000 / frame interval), lag from a row’s arrival to its drawing (p99, all charts). Reference: one ' +
    `\`<realtime-graph stream columns window="${PANEL_WINDOW}">\` of one such stream and 2 columns alone on a page of the same size. Stacked: ` +
    `\`<realtime-graph layout="stack" window="${STACK_WINDOW}">\` (${STACK_VIEWPORT.width}×${STACK_VIEWPORT.height}) on a stream of the file's ` +
    `52 sensors with units in 5 groups (bar, °C, A, %, mV) at ${RATE} rows/s, its window full from the start (the stream read ` +
    `${STACK_WINDOW.toLocaleString('en-US')} rows at the operator speed ×500 first, and gives a joining viewer that many); reference: the same chart ` +
    `without \`layout\` (52 lines on one plot). Every stream's window is filled the same way. The four pages alternately, ${RUNS} rounds.`,
  budgetMs: 300_000,
  async run(context: BenchContext) {
    const missing = browserMissing();
    if (missing) throw new Error(missing);
    await ensureLargeFile(context.log);
    const runs = Math.min(RUNS, context.runs);
    const script = await bundledPageScript('probe');
    const daemon = await startDaemon({ config, startTimeoutMs: 30_000 });
    let chromium: RunningBrowser | undefined;
    const onDashboard: PageRun[] = [];
    const oneChart: PageRun[] = [];
    const stacked: PageRun[] = [];
    const overlaid: PageRun[] = [];
    const notes: string[] = [];
    try {
      const fill = (stream: string, rows: number, speed: number) =>
        fillReplay(daemon, stream, { operatorToken: OPERATOR_TOKEN, fillSpeed: speed, liveSpeed: 1, rows, timeoutMs: 60_000 }, context);
      const seconds = await Promise.all([...PUMPS.map((id) => fill(id, PANEL_WINDOW, 100)), fill(STACK_STREAM, STACK_WINDOW, 500)]);
      context.log(`windows filled in ${Math.max(...seconds).toFixed(1)} s; live at ${RATE} rows/s`);
      chromium = await launchChromium();
      const browser: Browser = chromium.browser;
      const probe = (runMs: number) => ({ ...largeFileTimeline(), runMs });
      const pages: Record<string, ProbedPage> = {
        dashboard: {
          path: `/dashboards/${shape.id}`,
          viewport: DASHBOARD_VIEWPORT,
          probe: probe(DASHBOARD_MS),
          script,
          ready: (page) => dashboardShown(page, CHARTS),
        },
        'one chart': {
          ...chartPage({ stream: PUMPS[0]!, columns: PUMP_CHARTS[0]!.join(','), window: String(PANEL_WINDOW) }),
          viewport: DASHBOARD_VIEWPORT,
          probe: probe(DASHBOARD_MS),
          script,
        },
        stacked: {
          ...chartPage({ stream: STACK_STREAM, window: String(STACK_WINDOW), layout: 'stack' }),
          viewport: STACK_VIEWPORT,
          probe: probe(STACK_MS),
          script,
        },
        overlaid: {
          ...chartPage({ stream: STACK_STREAM, window: String(STACK_WINDOW) }),
          viewport: STACK_VIEWPORT,
          probe: probe(STACK_MS),
          script,
        },
      };
      const step = (name: string, into: PageRun[]) => async () => {
        const { result, errors } = await runProbedPage(browser, daemon, pages[name]!);
        const figures = pageFigures(result, firstDrawnAt(result) + WARMUP_MS);
        into.push({ figures, charts: result.charts, eventSources: result.eventSources });
        if (errors.length > 0) notes.push(`${name} page errors: ${errors.slice(0, 3).join('; ')}`);
        const f = figures;
        context.log(
          `${name}: fps p5 ${f.fpsP5.toFixed(1)} median ${f.fpsMedian.toFixed(1)}, lag p50 ${f.lagP50.toFixed(1)} p99 ${f.lagP99.toFixed(1)} ms, ` +
            `${Math.round(f.drawnPerSecond)} rows drawn/s by ${result.charts} charts over ${f.seconds.toFixed(1)} s, ${f.longTasks} long tasks, ` +
            `${result.eventSources.length} EventSources, ${result.droppedRows} rows dropped undrawn, ${result.mismatches} renders drew more rows than had arrived`,
        );
        if (name === 'dashboard' && result.charts !== CHARTS)
          throw new Error(`rows arrived at ${result.charts} charts of the dashboard, ${CHARTS} expected`);
      };
      // $RTG_BENCH_NO_DASHBOARD=1 leaves out the dashboard pages: for a bundle older than <realtime-dashboard>.
      const withDashboard = process.env.RTG_BENCH_NO_DASHBOARD !== '1';
      await interleaved(context, runs, [
        ...(withDashboard ? [step('dashboard', onDashboard), step('one chart', oneChart)] : []),
        step('stacked', stacked),
        step('overlaid', overlaid),
      ]);
    } finally {
      await chromium?.close();
      await daemon.stop();
    }
    const pick = (runs: PageRun[], f: (figures: PageFigures) => number) => runs.map((r) => f(r.figures));
    const oneChartWhat = `one <realtime-graph> of one pump stream (2 columns, window ${PANEL_WINDOW}) alone on its page`;
    // A row of one page's figures against its reference page's, in the same rounds.
    const rowOf =
      (runs: PageRun[], reference: { what: string; runs: PageRun[] }) =>
      (measure: string, unit: string, f: (figures: PageFigures) => number, target?: ResultRow['target'], extra: string[] = []) =>
        resultRow({
          benchmark: 'dashboard',
          measure,
          unit,
          runs: pick(runs, f),
          ...(target ? { target } : {}),
          reference: { what: reference.what, runs: pick(reference.runs, f) },
          notes: extra,
        });
    const dashboardRow = rowOf(onDashboard, { what: oneChartWhat, runs: oneChart });
    const stackRow = rowOf(stacked, { what: 'the same chart without layout (52 lines on one plot)', runs: overlaid });
    const streamIds = (urls: string[]) => [
      ...new Set(urls.map((url) => decodeURIComponent(url.match(/streams\/([^/]+)\/events/)?.[1] ?? url))),
    ];
    const what = `dashboard of ${CHARTS} charts and ${TILES} value tiles (${PUMPS.length} streams at ${RATE} rows/s)`;
    const dashboardRows =
      onDashboard.length === 0
        ? []
        : [
            dashboardRow(`${what}: frames per second, p5`, 'fps', (f) => f.fpsP5, { of: 'figure', op: '>=', value: 50 }, [
              `${onDashboard.length} runs of ${DASHBOARD_MS / 1000} s per page, measured from 2 s after the first drawing: ${onDashboard.map((r) => r.figures.seconds.toFixed(1)).join(', ')} s`,
              ...notes,
            ]),
            dashboardRow('dashboard: frames per second, median', 'fps', (f) => f.fpsMedian),
            dashboardRow('dashboard: lag from arrival to drawn, p99 (every chart)', 'ms', (f) => f.lagP99, {
              of: 'figure',
              op: '<',
              value: 100,
            }),
            dashboardRow('dashboard: lag from arrival to drawn, p50', 'ms', (f) => f.lagP50),
            dashboardRow('dashboard: rows drawn per second (all charts)', 'rows/s', (f) => f.drawnPerSecond, undefined, [
              `${CHARTS} charts × ${RATE} rows/s = ${CHARTS * RATE} rows/s expected`,
            ]),
            dashboardRow('dashboard: long tasks > 50 ms per run (after warm-up)', 'tasks', (f) => f.longTasks),
            resultRow({
              benchmark: 'dashboard',
              measure: `dashboard: EventSources the page constructs (${PUMPS.length} streams, ${CHARTS + TILES} panels)`,
              unit: 'EventSources',
              runs: onDashboard.map((r) => r.eventSources.length),
              target: { of: 'figure', op: '=', value: PUMPS.length },
              reference: { what: 'one chart of one stream on its page', runs: oneChart.map((r) => r.eventSources.length) },
              notes: [`streams of the EventSources per run: ${onDashboard.map((r) => streamIds(r.eventSources).join(' ')).join('; ')}`],
            }),
          ];
    return [
      ...dashboardRows,
      stackRow(
        `layout="stack" chart of 52 columns in 5 units (${RATE} rows/s, ${STACK_WINDOW.toLocaleString('en-US')}-row window full): frames per second, p5`,
        'fps',
        (f) => f.fpsP5,
        { of: 'figure', op: '>=', value: 50 },
        [`measured over ${stacked.map((r) => r.figures.seconds.toFixed(1)).join(', ')} s from 2 s after the first drawing`],
      ),
      stackRow('stacked chart: frames per second, median', 'fps', (f) => f.fpsMedian),
      stackRow('stacked chart: lag from arrival to drawn, p99', 'ms', (f) => f.lagP99),
      stackRow('stacked chart: long tasks > 50 ms per run (after warm-up)', 'tasks', (f) => f.longTasks),
    ];
  },
};
