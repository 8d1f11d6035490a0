// Issue 4, high rate: one viewer of a 5,000 rows/s paced stream; reference: the bare node:http
// SSE server sending the same schedule in 10 ms batches (the daemon's batch.tickMs).
import { startDaemon } from '../lib/daemon.js';
import { LARGE_FILE, PUMP_COLUMNS } from '../lib/pump-file.js';
import { REFERENCE_EVENTS_PATH, startReferenceServer } from '../lib/reference.js';
import { resultRow } from '../lib/results.js';
import { measureViewers, type ViewerRunResult } from '../lib/viewer-load.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const RATE = 5000;
const TICK_MS = 10;
const WINDOW_MS = 4000;

function highRateConfig() {
  return {
    server: { shutdownTimeoutMs: 2000 },
    streams: [{ id: 'fast', source: { type: 'csv', file: LARGE_FILE, rate: RATE }, columns: PUMP_COLUMNS, idleStopMs: 0 }],
  };
}

export const highRate: Benchmark = {
  name: 'highrate',
  title: 'High rate',
  description:
    `One viewer of a stream paced at ${RATE} rows/s (the generated pump file; the viewer's arrival starts the run). Rows due in a ` +
    `${WINDOW_MS / 1000} s window starting 0.5 s after it connected are measured: rows/s received, and lateness against the schedule ` +
    `(row k due at \`startedAt\` + k × ${1000 / RATE} ms). Above 50 rows/s the daemon sends \`batch\` events every ${TICK_MS} ms, so a row ` +
    `waits up to ${TICK_MS} ms by design. Reference: the bare node:http SSE server sending the same schedule in ${TICK_MS} ms batches, alternately.`,
  budgetMs: 68_000,
  async run(context: BenchContext) {
    const common = { viewers: 1, preRollMs: 0, settleMs: 500, windowMs: WINDOW_MS, graceMs: 1000 };
    const daemonRuns: ViewerRunResult[] = [];
    const referenceRuns: ViewerRunResult[] = [];
    const rowsPerSecond = (r: ViewerRunResult) => (r.report.rowsDelivered * 1000) / WINDOW_MS;
    await interleaved(context, context.runs, [
      async () => {
        const r = await measureViewers({
          ...common,
          start: () => startDaemon({ config: highRateConfig() }),
          path: '/api/streams/fast/events',
        });
        daemonRuns.push(r);
        context.log(
          `daemon: ${Math.round(rowsPerSecond(r))} rows/s, lateness p50 ${r.lateness.p50.toFixed(1)} p99 ${r.lateness.p99.toFixed(1)} max ${r.lateness.max.toFixed(1)} ms`,
        );
      },
      async () => {
        const r = await measureViewers({
          ...common,
          start: () => startReferenceServer({ rate: RATE, batchTickMs: TICK_MS }),
          path: REFERENCE_EVENTS_PATH,
        });
        referenceRuns.push(r);
        context.log(
          `reference: ${Math.round(rowsPerSecond(r))} rows/s, lateness p50 ${r.lateness.p50.toFixed(1)} p99 ${r.lateness.p99.toFixed(1)} ms`,
        );
      },
    ]);
    const reference = (pick: (r: ViewerRunResult) => number) => ({
      what: `bare node:http SSE server, ${TICK_MS} ms batches`,
      runs: referenceRuns.map(pick),
    });
    return [
      resultRow({
        benchmark: 'highrate',
        measure: `one viewer at ${RATE.toLocaleString('en-US')} rows/s: rows/s received on schedule`,
        unit: 'rows/s',
        runs: daemonRuns.map(rowsPerSecond),
        target: { of: 'figure', op: '>=', value: RATE * 0.999 },
        reference: reference(rowsPerSecond),
        notes: ['target: 99.9 % of the pace; a row more than 1 s late counts as not received'],
      }),
      resultRow({
        benchmark: 'highrate',
        measure: `one viewer at ${RATE.toLocaleString('en-US')} rows/s: lateness p99`,
        unit: 'ms',
        runs: daemonRuns.map((r) => r.lateness.p99),
        target: { of: 'figure', op: '<', value: 20 },
        reference: reference((r) => r.lateness.p99),
      }),
      resultRow({
        benchmark: 'highrate',
        measure: `one viewer at ${RATE.toLocaleString('en-US')} rows/s: lateness p50`,
        unit: 'ms',
        runs: daemonRuns.map((r) => r.lateness.p50),
        reference: reference((r) => r.lateness.p50),
        notes: [`lateness min per run (daemon): ${daemonRuns.map((r) => r.lateness.min.toFixed(1)).join(', ')} ms`],
      }),
    ];
  },
};
