// Issue 4, memory: the daemon's RSS per connected idle viewer at 1,000 and 10,000 viewers;
// reference: the bare node:http SSE server holding the same idle connections.
import { startDaemon } from '../lib/daemon.js';
import { LoadClient } from '../lib/load-client.js';
import { largeFileTimeline, PUMP_COLUMNS } from '../lib/pump-file.js';
import { REFERENCE_EVENTS_PATH, startReferenceServer } from '../lib/reference.js';
import { resultRow } from '../lib/results.js';
import { settledRss } from '../lib/rss.js';
import type { RunningServer } from '../lib/server-process.js';
import { median } from '../lib/stats.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';
import { viewerCountFor } from './limits.js';

/** One row every 1,000 s: after the first row the stream is quiet, its viewers idle. */
const IDLE_RATE = 0.001;
/** A small file: reading the 30 MB one at start-up would leave garbage that makes the base RSS drift. */
const IDLE_FILE = 'pump_scaled_1.csv';
const SETTLE_MS = 1000;
const KB = 1024;

function idleConfig() {
  return {
    server: { maxViewers: 20_000, maxViewersPerStream: 15_000, shutdownTimeoutMs: 2000 },
    streams: [{ id: 'quiet', autostart: true, source: { type: 'csv', file: IDLE_FILE, rate: IDLE_RATE }, columns: PUMP_COLUMNS }],
  };
}

interface MemorySample {
  /** Bytes per viewer at the first and the second count. */
  perViewer: [number, number];
  base: number;
}

async function measure(start: () => Promise<RunningServer>, path: string, counts: [number, number]): Promise<MemorySample> {
  const client = await LoadClient.start();
  let server: RunningServer | undefined;
  try {
    server = await start();
    const base = await settledRss(server.pid, SETTLE_MS);
    const perViewer: number[] = [];
    let connected = 0;
    for (const count of counts) {
      const opened = await client.open({
        url: `${server.url}${path}`,
        count: count - connected,
        until: 'meta',
        rampTimeoutMs: 30_000,
        ...largeFileTimeline(),
      });
      connected += opened.connected;
      if (connected !== count) throw new Error(`only ${connected} of ${count} viewers connected: ${JSON.stringify(opened.failures)}`);
      perViewer.push(((await settledRss(server.pid, SETTLE_MS)) - base) / count);
    }
    return { perViewer: perViewer as [number, number], base };
  } finally {
    await client.close();
    await server?.stop();
  }
}

/** Bytes per viewer added between the first and the second count (fixed start-up costs excluded). */
function marginal(sample: MemorySample, counts: [number, number]): number {
  return (sample.perViewer[1] * counts[1] - sample.perViewer[0] * counts[0]) / (counts[1] - counts[0]);
}

export const memoryPerViewer: Benchmark = {
  name: 'memory',
  title: 'Memory per idle viewer',
  description:
    `One stream that is quiet after its first row (data/${IDLE_FILE} at ${IDLE_RATE} rows/s, autostart). RSS of the daemon with no viewer, then ` +
    `with 1,000 and 10,000 connected viewers (the same daemon, viewers added), each read ${SETTLE_MS / 1000} s after the last ` +
    'viewer got its `meta` (median of 5 samples): (RSS with N − RSS with 0) / N. Reference: the bare node:http SSE server ' +
    'holding the same connections, alternately.',
  budgetMs: 85_000,
  async run(context: BenchContext) {
    const counts: [number, number] = [1000, viewerCountFor(10_000, context.log)];
    const daemonRuns: MemorySample[] = [];
    const referenceRuns: MemorySample[] = [];
    await interleaved(context, context.runs, [
      async () => {
        const sample = await measure(() => startDaemon({ config: idleConfig() }), '/api/streams/quiet/events', counts);
        daemonRuns.push(sample);
        context.log(
          `daemon: base ${(sample.base / KB / KB).toFixed(1)} MB, ${sample.perViewer.map((b) => (b / KB).toFixed(1)).join(' / ')} KB per viewer`,
        );
      },
      async () => {
        const sample = await measure(() => startReferenceServer({ rate: IDLE_RATE }), REFERENCE_EVENTS_PATH, counts);
        referenceRuns.push(sample);
        context.log(`reference: ${sample.perViewer.map((b) => (b / KB).toFixed(1)).join(' / ')} KB per viewer`);
      },
    ]);
    return counts.map((count, i) =>
      resultRow({
        benchmark: 'memory',
        measure: `RSS per idle viewer at ${count.toLocaleString('en-US')} viewers`,
        unit: 'KB',
        runs: daemonRuns.map((s) => s.perViewer[i]! / KB),
        target: { of: 'figure', op: '<=', value: 20 },
        reference: { what: 'bare node:http SSE server', runs: referenceRuns.map((s) => s.perViewer[i]! / KB) },
        notes:
          i === 0
            ? [`KB = 1,024 bytes; daemon RSS with no viewer: ${(median(daemonRuns.map((s) => s.base)) / KB / KB).toFixed(1)} MB (median)`]
            : [
                `marginal cost from ${counts[0].toLocaleString('en-US')} to ${count.toLocaleString('en-US')} viewers: daemon ` +
                  `${(median(daemonRuns.map((s) => marginal(s, counts))) / KB).toFixed(1)} KB, reference ` +
                  `${(median(referenceRuns.map((s) => marginal(s, counts))) / KB).toFixed(1)} KB per viewer`,
              ],
      }),
    );
  },
};
