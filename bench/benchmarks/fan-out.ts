// Issue 4, fan-out: 1,000 and 10,000 viewers of one 10 rows/s stream, the load generator in its
// own process; reference: the bare node:http SSE server with the same schedule and wire format.
import { startDaemon } from '../lib/daemon.js';
import { LARGE_FILE, PUMP_COLUMNS } from '../lib/pump-file.js';
import { REFERENCE_EVENTS_PATH, startReferenceServer } from '../lib/reference.js';
import { resultRow, type ResultRow } from '../lib/results.js';
import { mean } from '../lib/stats.js';
import { measureViewers, type ViewerRunResult } from '../lib/viewer-load.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';
import { viewerCountFor } from './limits.js';

const RATE = 10;
const HISTORY = 120;

/** The fan-out stream's config; `server` adds server settings (e.g. `store`). */
export function fanOutConfig(server: Record<string, unknown> = {}) {
  return {
    server: { maxViewers: 20_000, maxViewersPerStream: 15_000, shutdownTimeoutMs: 2000, ...server },
    streams: [
      { id: 'fan', autostart: true, history: HISTORY, source: { type: 'csv', file: LARGE_FILE, rate: RATE }, columns: PUMP_COLUMNS },
    ],
  };
}

interface Scenario {
  viewers: number;
  rampTargetMs?: number;
  deliveredTargetPct: number;
  p99TargetMs: number;
  windowMs: number;
  rampTimeoutMs: number;
}

async function runScenario(context: BenchContext, scenario: Scenario): Promise<ResultRow[]> {
  const { viewers } = scenario;
  const common = {
    viewers,
    preRollMs: 300,
    settleMs: 500,
    windowMs: scenario.windowMs,
    graceMs: 1000,
    rampTimeoutMs: scenario.rampTimeoutMs,
  };
  const daemonRuns: ViewerRunResult[] = [];
  const referenceRuns: ViewerRunResult[] = [];
  const describe = (r: ViewerRunResult) =>
    `${r.open.connected}/${viewers} connected in ${Math.round(r.open.rampMs)} ms, ${r.report.deliveredPct.toFixed(3)} % delivered, ` +
    `lateness p50 ${r.lateness.p50.toFixed(1)} p99 ${r.lateness.p99.toFixed(1)} max ${r.lateness.max.toFixed(1)} ms, ` +
    `server CPU ${Math.round(100 * r.serverCpuShare)} %, client CPU ${Math.round(100 * r.workerCpuShare)} %`;
  await interleaved(context, context.runs, [
    async () => {
      const result = await measureViewers({
        ...common,
        start: () => startDaemon({ config: fanOutConfig() }),
        path: '/api/streams/fan/events',
      });
      daemonRuns.push(result);
      context.log(`${viewers} daemon: ${describe(result)}`);
    },
    async () => {
      const result = await measureViewers({
        ...common,
        start: () => startReferenceServer({ rate: RATE, history: HISTORY }),
        path: REFERENCE_EVENTS_PATH,
      });
      referenceRuns.push(result);
      context.log(`${viewers} reference: ${describe(result)}`);
    },
  ]);
  // A run where not every viewer connected within the ramp timeout never completed its ramp.
  const rampOf = (r: ViewerRunResult) => (r.open.connected === viewers ? r.open.rampMs : Number.POSITIVE_INFINITY);
  const label = `${viewers.toLocaleString('en-US')} viewers`;
  const reference = (pick: (r: ViewerRunResult) => number) => ({ what: 'bare node:http SSE server', runs: referenceRuns.map(pick) });
  const failures = daemonRuns.flatMap((r) => Object.entries(r.open.failures).map(([why, n]) => `${n}× ${why}`));
  const notes = [
    `measured over a ${scenario.windowMs / 1000} s window starting ${common.settleMs / 1000} s after the last viewer connected; only rows ` +
      `due after a viewer's \`meta\` count (the history replay does not); a row more than ${common.graceMs / 1000} s late counts as not delivered`,
    `daemon CPU ${Math.round(100 * mean(daemonRuns.map((r) => r.serverCpuShare)))} % of a core, load client ` +
      `${Math.round(100 * mean(daemonRuns.map((r) => r.workerCpuShare)))} % (client event-loop delay p99 ` +
      `${mean(daemonRuns.map((r) => r.report.workerLoopDelayP99Ms)).toFixed(0)} ms); reference server CPU ` +
      `${Math.round(100 * mean(referenceRuns.map((r) => r.serverCpuShare)))} %`,
    `viewers connected per run (ramp timeout ${scenario.rampTimeoutMs / 1000} s): daemon ${daemonRuns.map((r) => r.open.connected).join(', ')}; ` +
      `reference ${referenceRuns.map((r) => r.open.connected).join(', ')} (a run where not all connected has no ramp figure)`,
    ...(failures.length > 0 ? [`connections not open at the end of the ramp (daemon): ${failures.join(', ')}`] : []),
  ];
  return [
    resultRow({
      benchmark: 'fanout',
      measure: `${label}: time until all got \`meta\` (ramp)`,
      unit: 'ms',
      runs: daemonRuns.map(rampOf),
      ...(scenario.rampTargetMs ? { target: { of: 'figure' as const, op: '<=' as const, value: scenario.rampTargetMs } } : {}),
      reference: reference(rampOf),
    }),
    resultRow({
      benchmark: 'fanout',
      measure: `${label}: rows delivered (emitted after connecting)`,
      unit: '%',
      runs: daemonRuns.map((r) => r.report.deliveredPct),
      target: { of: 'figure', op: '>=', value: scenario.deliveredTargetPct },
      reference: reference((r) => r.report.deliveredPct),
    }),
    resultRow({
      benchmark: 'fanout',
      measure: `${label}: lateness p99 vs the schedule`,
      unit: 'ms',
      runs: daemonRuns.map((r) => r.lateness.p99),
      target: { of: 'figure', op: '<', value: scenario.p99TargetMs },
      reference: reference((r) => r.lateness.p99),
      notes,
    }),
    resultRow({
      benchmark: 'fanout',
      measure: `${label}: lateness p50 / max`,
      unit: 'ms',
      runs: daemonRuns.map((r) => r.lateness.p50),
      reference: reference((r) => r.lateness.p50),
      notes: [`max lateness per run (daemon): ${daemonRuns.map((r) => r.lateness.max.toFixed(0)).join(', ')} ms`],
    }),
  ];
}

export const fanOut: Benchmark = {
  name: 'fanout',
  title: 'Fan-out',
  description:
    `One stream replaying the generated pump file at ${RATE} rows/s (autostart, history ${HISTORY}); a load worker in its own process ` +
    'opens 1,000, then 10,000 SSE connections over loopback (raw sockets, at most 256 connecting at once). Figures: time until every ' +
    'viewer got its `meta` event; share of the rows due in a measured window after each viewer connected that it received; ' +
    "lateness = receive time − due time, where row k is due at the run's `startedAt` + k × 100 ms. Reference: the bare node:http " +
    'SSE server (same schedule, same event format, same history), alternately.',
  budgetMs: 200_000,
  async run(context: BenchContext) {
    const rows: ResultRow[] = [];
    rows.push(
      ...(await runScenario(context, {
        viewers: 1000,
        rampTargetMs: 2000,
        deliveredTargetPct: 100,
        p99TargetMs: 50,
        windowMs: 3000,
        rampTimeoutMs: 10_000,
      })),
    );
    const many = viewerCountFor(10_000, context.log);
    rows.push(
      ...(await runScenario(context, { viewers: many, deliveredTargetPct: 99.9, p99TargetMs: 250, windowMs: 3000, rampTimeoutMs: 15_000 })),
    );
    return rows;
  },
};
