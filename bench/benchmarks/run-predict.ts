// Issue 11, the original demo's endpoint: 1,000 viewers of /runPredict, each with its own replay
// from the first row at 10 rows/s; reference: 1,000 viewers of the main event-stream route of the
// same daemon build, measured alternately with the same load client.
import { startDaemon } from '../lib/daemon.js';
import { ensureLargeFile, LARGE_FILE, PUMP_COLUMNS } from '../lib/pump-file.js';
import { resultRow, type ResultRow } from '../lib/results.js';
import { mean } from '../lib/stats.js';
import { measureViewers, type ViewerRunResult } from '../lib/viewer-load.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const VIEWERS = 1000;
const RATE = 10;
/** The file of the measurement (720 rows: a 72 s replay, longer than a run). */
const DEMO_FILE = 'pump_scaled_1.csv';
const LEGACY_PATH = `/runPredict?predictCSVFileName=${DEMO_FILE}`;
const AFTER_LEAVE_MS = 30_000;
const MB = 1024 * 1024;
const KB = 1024;

function config() {
  return {
    server: { maxViewers: 20_000, maxViewersPerStream: 15_000, shutdownTimeoutMs: 2000 },
    streams: [{ id: 'fan', autostart: true, history: 120, source: { type: 'csv', file: LARGE_FILE, rate: RATE }, columns: PUMP_COLUMNS }],
  };
}

const common = { viewers: VIEWERS, preRollMs: 300, settleMs: 500, windowMs: 3000, graceMs: 1000, rampTimeoutMs: 10_000 };

function describeRun(r: ViewerRunResult): string {
  const memory = r.rss
    ? `, RSS idle ${(r.rss.idle / MB).toFixed(1)} MB, with viewers ${(r.rss.loaded / MB).toFixed(1)} MB, ` +
      `${AFTER_LEAVE_MS / 1000} s after ${(r.rss.afterLeave / MB).toFixed(1)} MB`
    : '';
  return (
    `${r.open.connected}/${VIEWERS} connected in ${Math.round(r.open.rampMs)} ms, ${r.report.deliveredPct.toFixed(3)} % delivered ` +
    `(worst viewer ${r.report.worstConnectionPct.toFixed(1)} %, ${r.report.closedEarly} closed early), ` +
    `lateness p50 ${r.lateness.p50.toFixed(1)} p99 ${r.lateness.p99.toFixed(1)} max ${r.lateness.max.toFixed(1)} ms, ` +
    `server CPU ${Math.round(100 * r.serverCpuShare)} %, client CPU ${Math.round(100 * r.workerCpuShare)} % ` +
    `(event-loop delay p99 ${r.report.workerLoopDelayP99Ms.toFixed(0)} ms)${memory}`
  );
}

/** RSS per viewer while they are connected, from the samples before and with them (bytes). */
const perViewer = (r: ViewerRunResult) => (r.rss ? (r.rss.loaded - r.rss.idle) / VIEWERS : Number.NaN);

export const runPredict: Benchmark = {
  name: 'runpredict',
  title: 'The original demo endpoint (/runPredict)',
  description:
    `${VIEWERS.toLocaleString('en-US')} viewers of \`${LEGACY_PATH}\` (each its own replay from the first row at ${RATE} rows/s, as the ` +
    'original demo does), opened by the load worker of the fan-out benchmark. Row i of a viewer is due at its start + i × 100 ms, ' +
    'its start being the earliest that any of its rows implies (arrival − i × 100 ms). Figures: time until every viewer got its first row, share of the rows due in the measured window ' +
    `that arrived, lateness; RSS before the viewers, with them, and ${AFTER_LEAVE_MS / 1000} s after they left. Reference: ` +
    `${VIEWERS.toLocaleString('en-US')} viewers of the main event-stream route (a ${RATE} rows/s stream) of the same daemon, alternately.`,
  budgetMs: 190_000,
  async run(context: BenchContext) {
    await ensureLargeFile(context.log);
    const legacyRuns: ViewerRunResult[] = [];
    const mainRuns: ViewerRunResult[] = [];
    // Each legacy run waits 30 s after its viewers leave: three rounds keep the benchmark near 2.5 minutes.
    await interleaved(context, Math.min(context.runs, 3), [
      async () => {
        const result = await measureViewers({
          ...common,
          start: () => startDaemon({ config: config() }),
          path: LEGACY_PATH,
          legacy: { rowIntervalMs: 1000 / RATE },
          memory: { afterLeaveMs: AFTER_LEAVE_MS },
        });
        legacyRuns.push(result);
        context.log(`/runPredict: ${describeRun(result)}`);
      },
      async () => {
        const result = await measureViewers({
          ...common,
          start: () => startDaemon({ config: config() }),
          path: '/api/streams/fan/events',
          memory: { afterLeaveMs: 0 },
        });
        mainRuns.push(result);
        context.log(`main route: ${describeRun(result)}`);
      },
    ]);
    const rampOf = (r: ViewerRunResult) => (r.open.connected === VIEWERS ? r.open.rampMs : Number.POSITIVE_INFINITY);
    const reference = (pick: (r: ViewerRunResult) => number) => ({ what: 'main event-stream route', runs: mainRuns.map(pick) });
    const label = `${VIEWERS.toLocaleString('en-US')} /runPredict viewers`;
    const failures = legacyRuns.flatMap((r) => Object.entries(r.open.failures).map(([why, n]) => `${n}× ${why}`));
    const rows: ResultRow[] = [
      resultRow({
        benchmark: 'runpredict',
        measure: `${label}: time until all got their first row (ramp)`,
        unit: 'ms',
        runs: legacyRuns.map(rampOf),
        target: { of: 'figure', op: '<', value: 2000 },
        reference: reference(rampOf),
        notes: [
          `viewers connected per run (ramp timeout ${common.rampTimeoutMs / 1000} s): ${legacyRuns.map((r) => r.open.connected).join(', ')}` +
            (failures.length > 0 ? `; not connected: ${failures.join(', ')}` : ''),
        ],
      }),
      resultRow({
        benchmark: 'runpredict',
        measure: `${label}: rows delivered`,
        unit: '%',
        runs: legacyRuns.map((r) => r.report.deliveredPct),
        target: { of: 'figure', op: '>=', value: 99.9 },
        reference: reference((r) => r.report.deliveredPct),
        notes: [
          `measured over a ${common.windowMs / 1000} s window starting ${common.settleMs / 1000} s after the last viewer connected; ` +
            `a row more than ${common.graceMs / 1000} s late counts as not delivered; only viewers that got a first row count here ` +
            '(those that did not are in the ramp row)',
        ],
      }),
      resultRow({
        benchmark: 'runpredict',
        measure: `${label}: lateness p99 vs each viewer's schedule`,
        unit: 'ms',
        runs: legacyRuns.map((r) => r.lateness.p99),
        target: { of: 'figure', op: '<', value: 50 },
        reference: reference((r) => r.lateness.p99),
        notes: [
          `daemon CPU ${Math.round(100 * mean(legacyRuns.map((r) => r.serverCpuShare)))} % of a core (main route: ` +
            `${Math.round(100 * mean(mainRuns.map((r) => r.serverCpuShare)))} %); max lateness per run: ` +
            `${legacyRuns.map((r) => r.lateness.max.toFixed(0)).join(', ')} ms`,
        ],
      }),
      resultRow({
        benchmark: 'runpredict',
        measure: `${label}: RSS per viewer`,
        unit: 'KB',
        runs: legacyRuns.map((r) => perViewer(r) / KB),
        target: { of: 'figure', op: '<=', value: 30 },
        reference: reference((r) => perViewer(r) / KB),
        notes: [
          `KB = 1,024 bytes; (RSS with the viewers − RSS before them) / ${VIEWERS}, read at the end of the measured window; ` +
            `RSS before the viewers (MB): ${legacyRuns.map((r) => (r.rss!.idle / MB).toFixed(1)).join(', ')}; with them: ` +
            `${legacyRuns.map((r) => (r.rss!.loaded / MB).toFixed(1)).join(', ')}`,
        ],
      }),
      resultRow({
        benchmark: 'runpredict',
        measure: `RSS ${AFTER_LEAVE_MS / 1000} s after the /runPredict viewers left, vs before them`,
        unit: '%',
        runs: legacyRuns.map((r) => (100 * r.rss!.afterLeave) / r.rss!.idle - 100),
        target: { of: 'figure', op: '<=', value: 20 },
        notes: [`RSS ${AFTER_LEAVE_MS / 1000} s after (MB): ${legacyRuns.map((r) => (r.rss!.afterLeave / MB).toFixed(1)).join(', ')}`],
      }),
    ];
    return rows;
  },
};
