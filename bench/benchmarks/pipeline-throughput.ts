// (a) Pipeline throughput: the daemon replays the 100,000-row file as fast as it can to one SSE
// client; reference: csv-parse alone on the same file, each in its own process, interleaved.
import { startDaemon } from '../lib/daemon.js';
import { LoadClient } from '../lib/load-client.js';
import { largeCsv } from '../lib/paths.js';
import { eachLine, spawnTracked, waitForExit } from '../lib/process.js';
import { ensureLargeFile, LARGE_FILE, largeFileTimeline, PUMP_COLUMNS } from '../lib/pump-file.js';
import { resultRow } from '../lib/results.js';
import { bundledScript } from '../lib/scripts.js';
import { median } from '../lib/stats.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const VIEWER_QUEUE_BYTES = 256 * 1024 * 1024;

function throughputConfig(stream: Record<string, unknown>, server: Record<string, unknown>) {
  return {
    server: { viewerQueue: { bytes: VIEWER_QUEUE_BYTES }, shutdownTimeoutMs: 2000, ...server },
    streams: [
      { id: 'throughput', source: { type: 'csv', file: LARGE_FILE, rate: 'unlimited' }, columns: PUMP_COLUMNS, idleStopMs: 0, ...stream },
    ],
  };
}

/**
 * Rows/s one SSE client receives, from its request to `jobfinished`; plus the daemon's CPU time.
 * `stream` adds settings to the replayed stream (e.g. derive stages), `server` to the server's
 * (e.g. `store`).
 */
export async function measureDaemon(
  stream: Record<string, unknown> = {},
  server: Record<string, unknown> = {},
): Promise<{ rowsPerSecond: number; rows: number; cpuMs: number; ms: number }> {
  const daemon = await startDaemon({ config: throughputConfig(stream, server) });
  const client = await LoadClient.start();
  try {
    const cpuBefore = daemon.cpuMs();
    const opened = await client.open({
      url: `${daemon.url}/api/streams/throughput/events`,
      count: 1,
      until: 'jobfinished',
      rampTimeoutMs: 60_000,
      ...largeFileTimeline(),
    });
    if (opened.reached !== 1) throw new Error(`the client did not get jobfinished: ${JSON.stringify(opened.failures)}`);
    const ms = opened.finishMs.p50;
    return { rowsPerSecond: (opened.rowsPerConnection * 1000) / ms, rows: opened.rowsPerConnection, cpuMs: daemon.cpuMs() - cpuBefore, ms };
  } finally {
    await client.close();
    await daemon.stop();
  }
}

/** Rows/s of csv-parse alone (the header record excluded), timed inside its own process. */
async function measureRawParse(): Promise<number> {
  const script = await bundledScript('raw-csv-parse');
  const child = spawnTracked(process.execPath, [script, largeCsv], { stdio: ['ignore', 'pipe', 'inherit'] });
  let result: { records: number; ms: number } | undefined;
  eachLine(child.stdout!, (line) => (result = JSON.parse(line) as { records: number; ms: number }));
  await waitForExit(child);
  if (!result) throw new Error(`raw csv-parse failed (${child.exitCode ?? child.signalCode})`);
  return ((result.records - 1) * 1000) / result.ms;
}

export const pipelineThroughput: Benchmark = {
  name: 'pipeline',
  title: 'Pipeline throughput',
  description:
    'Replays data/generated/pump_large.csv (100,000 rows × 54 columns) with `rate: unlimited` and columns ' +
    '[timestamp, sensor_04, sensor_18, sensor_34] to one SSE client in its own process, which reads until ' +
    '`jobfinished` and counts the rows of `update` and `batch` events. Figure: rows/s from its request to ' +
    '`jobfinished`. Reference: csv-parse alone (default options, array records) parsing the same file in its ' +
    'own process. Each is run alternately (A B A B …), a fresh process each time. The viewer queue bound ' +
    `(server.viewerQueue.bytes) is raised to ${VIEWER_QUEUE_BYTES / 1024 / 1024} MiB so that a client that is briefly ` +
    'slower than the replay is not disconnected.',
  budgetMs: 35_000,
  async run(context: BenchContext) {
    await ensureLargeFile(context.log);
    const daemonRuns: number[] = [];
    const rawRuns: number[] = [];
    const cpuShare: number[] = [];
    let rows = 0;
    await interleaved(context, context.runs, [
      async () => {
        const result = await measureDaemon();
        daemonRuns.push(result.rowsPerSecond);
        cpuShare.push(result.cpuMs / result.ms);
        rows = result.rows;
        context.log(
          `daemon: ${Math.round(result.rowsPerSecond)} rows/s (${result.rows} rows, daemon CPU ${Math.round((100 * result.cpuMs) / result.ms)} %)`,
        );
      },
      async () => {
        const rate = await measureRawParse();
        rawRuns.push(rate);
        context.log(`raw csv-parse: ${Math.round(rate)} rows/s`);
      },
    ]);
    return [
      resultRow({
        benchmark: 'pipeline',
        measure: 'rows/s delivered to one SSE client (rate: unlimited, 100,000 rows)',
        unit: 'rows/s',
        runs: daemonRuns,
        target: { of: 'ratio', op: '>=', value: 0.7 },
        reference: { what: 'csv-parse alone on the same file (own process)', runs: rawRuns },
        notes: [
          `${rows.toLocaleString('en-US')} rows received per run; the daemon's CPU time was ${Math.round(100 * median(cpuShare))} % of the elapsed time (median)`,
          'for scale: the original Flask demo, with its sleep removed, delivered about 7,200 rows/s on this machine',
        ],
      }),
    ];
  },
};
