// (c) Start-up and footprint: spawn → first `update` at a client that connects as soon as the
// daemon listens, and the idle RSS after start-up; reference: the bare node:http SSE server.
import { toWallClock } from '../lib/clock.js';
import { startDaemon } from '../lib/daemon.js';
import { LoadClient } from '../lib/load-client.js';
import { defaultConfig } from '../lib/paths.js';
import { delay, readRss } from '../lib/process.js';
import { largeFileTimeline } from '../lib/pump-file.js';
import { REFERENCE_EVENTS_PATH, startReferenceServer } from '../lib/reference.js';
import { resultRow } from '../lib/results.js';
import type { RunningServer } from '../lib/server-process.js';
import { median } from '../lib/stats.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const SETTLE_MS = 2000;
const MB = 1024 * 1024;

interface StartupSample {
  firstUpdateMs: number;
  listenMs: number;
}

/** Spawns a server with a load worker already waiting, connects on "listening", times the first row. */
async function timeToFirstUpdate(start: () => Promise<RunningServer>, path: string): Promise<StartupSample> {
  const client = await LoadClient.start();
  let server: RunningServer | undefined;
  try {
    server = await start();
    const opened = await client.open({
      url: `${server.url}${path}`,
      count: 1,
      until: 'first-row',
      rampTimeoutMs: 10_000,
      ...largeFileTimeline(),
    });
    if (opened.firstRowAt === null) throw new Error(`no update received: ${JSON.stringify(opened.failures)}`);
    const spawnedAtEpoch = toWallClock(server.spawnedAt);
    return { firstUpdateMs: opened.firstRowAt - spawnedAtEpoch, listenMs: server.listenMs };
  } finally {
    await client.close();
    await server?.stop();
  }
}

/** RSS of a server with no viewer, SETTLE_MS after it started listening (median of 5 samples). */
async function idleRss(start: () => Promise<RunningServer>): Promise<number> {
  const server = await start();
  try {
    await delay(SETTLE_MS);
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      samples.push(readRss(server.pid));
      await delay(100);
    }
    return median(samples);
  } finally {
    await server.stop();
  }
}

export const startupFootprint: Benchmark = {
  name: 'startup',
  title: 'Start-up and footprint',
  description:
    'Spawns `node bin/realtime-graph.js serve` with config/default.yaml (port 0); a load worker, already running, ' +
    'connects to stream pump-1 as soon as the daemon logs that it is listening. Figures: time from spawn to the ' +
    `first \`update\` event received, and from spawn to the "listening" line; RSS of a daemon with no viewer ${SETTLE_MS / 1000} s ` +
    'after it started listening (a separate spawn). Reference: the bare node:http SSE server (bench/lib/reference-server.ts) ' +
    'measured the same way, alternately.',
  budgetMs: 40_000,
  async run(context: BenchContext) {
    const daemon = () => startDaemon({ config: defaultConfig });
    const reference = () => startReferenceServer({ rate: 10, history: 120 });
    const daemonStart: StartupSample[] = [];
    const referenceStart: StartupSample[] = [];
    const daemonRss: number[] = [];
    const referenceRss: number[] = [];
    await interleaved(context, context.runs, [
      async () => {
        daemonStart.push(await timeToFirstUpdate(daemon, '/api/streams/pump-1/events'));
        context.log(`daemon: first update ${Math.round(daemonStart.at(-1)!.firstUpdateMs)} ms after spawn`);
      },
      async () => {
        referenceStart.push(await timeToFirstUpdate(reference, REFERENCE_EVENTS_PATH));
        context.log(`reference: first update ${Math.round(referenceStart.at(-1)!.firstUpdateMs)} ms after spawn`);
      },
      async () => {
        daemonRss.push((await idleRss(daemon)) / MB);
        context.log(`daemon: idle RSS ${daemonRss.at(-1)!.toFixed(1)} MB`);
      },
      async () => {
        referenceRss.push((await idleRss(reference)) / MB);
      },
    ]);
    const referenceWhat = 'bare node:http SSE server';
    return [
      resultRow({
        benchmark: 'startup',
        measure: 'spawn → first `update` at a client (default config, pump-1)',
        unit: 'ms',
        runs: daemonStart.map((s) => s.firstUpdateMs),
        target: { of: 'figure', op: '<', value: 1000 },
        reference: { what: referenceWhat, runs: referenceStart.map((s) => s.firstUpdateMs) },
      }),
      resultRow({
        benchmark: 'startup',
        measure: 'spawn → "listening" log line',
        unit: 'ms',
        runs: daemonStart.map((s) => s.listenMs),
        reference: { what: referenceWhat, runs: referenceStart.map((s) => s.listenMs) },
      }),
      resultRow({
        benchmark: 'startup',
        measure: `idle RSS, no viewer, ${SETTLE_MS / 1000} s after listening (default config)`,
        unit: 'MB',
        runs: daemonRss,
        target: { of: 'figure', op: '<', value: 100 },
        reference: { what: referenceWhat, runs: referenceRss },
        notes: ['MB = 2^20 bytes (VmRSS from /proc/<pid>/status)'],
      }),
    ];
  },
};
