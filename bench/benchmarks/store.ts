// The durable store (server.store): each figure of a daemon with a store (a fresh temp directory)
// against the same measurement of a daemon with `store: false` (memory only) or, for the restarts,
// of a fresh memory-only start, alternately in the same run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { daemonEntry, LISTENING_MESSAGE, startDaemon } from '../lib/daemon.js';
import { dataDir, defaultConfig } from '../lib/paths.js';
import { checkAborted, delay, waitForExit } from '../lib/process.js';
import { RowViewer, type RowTally } from '../lib/row-viewer.js';
import { ensureSequenceFile, SEQUENCE_COLUMNS, SEQUENCE_FILE, SEQUENCE_ROWS, SEQUENCE_STEP_MS, SEQUENCE_T0 } from '../lib/sequence-file.js';
import { type RunningServer, startServerProcess } from '../lib/server-process.js';
import { ensureLargeFile, LARGE_FILE, PUMP_COLUMNS } from '../lib/pump-file.js';
import { resultRow } from '../lib/results.js';
import { settledRss } from '../lib/rss.js';
import { storeSetting, tempStore } from '../lib/store-dir.js';
import { mean, median } from '../lib/stats.js';
import { measureViewers, type ViewerRunResult } from '../lib/viewer-load.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';
import { fanOutConfig } from './fan-out.js';
import { measureDaemon } from './pipeline-throughput.js';

/** The expensive rows take at most this many rounds (each round measures both sides). */
const MAX_ROUNDS = 3;
const rounds = (context: BenchContext) => Math.min(context.runs, MAX_ROUNDS);

export const storePipeline: Benchmark = {
  name: 'store-pipeline',
  title: 'Store: unpaced pipeline',
  description:
    "The pipeline benchmark's measurement (data/generated/pump_large.csv, 100,000 rows, `rate: unlimited`, one SSE client in its own " +
    'process until `jobfinished`, a fresh daemon each time) with `server.store` a fresh temp directory, vs `server.store: false`, ' +
    'alternately. Figure: rows/s with the store; reference: rows/s memory only.',
  budgetMs: 60_000,
  async run(context: BenchContext) {
    await ensureLargeFile(context.log);
    const on: number[] = [];
    const off: number[] = [];
    const cpuOn: number[] = [];
    const cpuOff: number[] = [];
    const measure = async (withStore: boolean) => {
      const setting = storeSetting(withStore);
      try {
        const result = await measureDaemon({}, { store: setting.store });
        (withStore ? on : off).push(result.rowsPerSecond);
        (withStore ? cpuOn : cpuOff).push(result.cpuMs / result.ms);
        context.log(
          `store ${withStore ? 'on ' : 'off'}: ${Math.round(result.rowsPerSecond)} rows/s (${result.rows} rows, daemon CPU ${Math.round((100 * result.cpuMs) / result.ms)} %)`,
        );
      } finally {
        setting.remove();
      }
    };
    await interleaved(context, context.runs, [() => measure(true), () => measure(false)]);
    return [
      resultRow({
        benchmark: 'store',
        measure: 'unpaced pipeline, rows/s to one SSE client (100,000 rows), store on',
        unit: 'rows/s',
        runs: on,
        target: { of: 'ratio', op: '>=', value: 0.8 },
        reference: { what: 'the same with store: false', runs: off },
        notes: [
          `daemon CPU time / elapsed (median): ${Math.round(100 * median(cpuOn))} % with the store, ${Math.round(100 * median(cpuOff))} % memory only`,
        ],
      }),
    ];
  },
};

const EIGHT_STREAMS = 8;
const CPU_WINDOW_MS = 20_000;
const CPU_SETTLE_MS = 3000;

function eightStreamsConfig(store: string | false) {
  return {
    server: { store, shutdownTimeoutMs: 5000 },
    streams: Array.from({ length: EIGHT_STREAMS }, (_, i) => ({
      id: `paced-${i}`,
      autostart: true,
      source: { type: 'csv', file: LARGE_FILE, rate: 10 },
      columns: PUMP_COLUMNS,
    })),
  };
}

export const storeCpu: Benchmark = {
  name: 'store-cpu',
  title: 'Store: CPU of eight paced streams',
  description:
    `A daemon with ${EIGHT_STREAMS} autostarted streams replaying the generated pump file at 10 rows/s each (80 rows/s in all) and no viewer; ` +
    `${CPU_SETTLE_MS / 1000} s after it listens, its CPU time (user + system, /proc) over ${CPU_WINDOW_MS / 1000} s, as % of one core. ` +
    'Figure: with `server.store` a fresh temp directory; reference: `store: false`, alternately (3 rounds at most).',
  budgetMs: 200_000,
  async run(context: BenchContext) {
    await ensureLargeFile(context.log);
    const on: number[] = [];
    const off: number[] = [];
    const measure = async (withStore: boolean) => {
      const setting = storeSetting(withStore);
      const daemon = await startDaemon({ config: eightStreamsConfig(setting.store) });
      try {
        await delay(CPU_SETTLE_MS, context.signal);
        const cpuBefore = daemon.cpuMs();
        const started = performance.now();
        await delay(CPU_WINDOW_MS, context.signal);
        checkAborted(context.signal);
        const pct = (100 * (daemon.cpuMs() - cpuBefore)) / (performance.now() - started);
        (withStore ? on : off).push(pct);
        context.log(`store ${withStore ? 'on ' : 'off'}: daemon CPU ${pct.toFixed(2)} % of a core`);
      } finally {
        await daemon.stop();
        setting.remove();
      }
    };
    await interleaved(context, rounds(context), [() => measure(true), () => measure(false)]);
    const paired = on.map((x, i) => x - (off[i] ?? Number.NaN)).filter(Number.isFinite);
    return [
      resultRow({
        benchmark: 'store',
        measure: `${EIGHT_STREAMS} streams at 10 rows/s, no viewer: daemon CPU over ${CPU_WINDOW_MS / 1000} s, store on`,
        unit: '% of a core',
        runs: on,
        target: { of: 'difference', op: '<', value: 2 },
        reference: { what: 'the same with store: false', runs: off },
        notes: [`store on − off, per round: ${paired.map((d) => d.toFixed(2)).join(', ')} % of a core`],
      }),
    ];
  },
};

const RSS_SETTLE_MS = 10_000;
const MB = 1024 * 1024;

/** config/default.yaml as an object, with `server.store` set (its port and data directory come from the command line). */
function defaultConfigWith(store: string | false): object {
  const config = parse(readFileSync(defaultConfig, 'utf8')) as { server?: Record<string, unknown> };
  const { port: _port, dataDir: _dataDir, ...server } = config.server ?? {};
  return { ...config, server: { ...server, store } };
}

export const storeRss: Benchmark = {
  name: 'store-rss',
  title: 'Store: idle RSS of the default config',
  description:
    `A daemon running config/default.yaml (its streams, no viewer), RSS ${RSS_SETTLE_MS / 1000} s after it listens (median of 5 samples ` +
    '100 ms apart, VmRSS). Figure: with `server.store` a fresh temp directory; reference: `store: false`, alternately (3 rounds at most).',
  budgetMs: 120_000,
  async run(context: BenchContext) {
    const on: number[] = [];
    const off: number[] = [];
    const measure = async (withStore: boolean) => {
      const setting = storeSetting(withStore);
      const daemon = await startDaemon({ config: defaultConfigWith(setting.store) });
      try {
        const rss = (await settledRss(daemon.pid, RSS_SETTLE_MS)) / MB;
        checkAborted(context.signal);
        (withStore ? on : off).push(rss);
        context.log(`store ${withStore ? 'on ' : 'off'}: idle RSS ${rss.toFixed(1)} MB`);
      } finally {
        await daemon.stop();
        setting.remove();
      }
    };
    await interleaved(context, rounds(context), [() => measure(true), () => measure(false)]);
    return [
      resultRow({
        benchmark: 'store',
        measure: `idle RSS of the default config, no viewer, ${RSS_SETTLE_MS / 1000} s after listening, store on`,
        unit: 'MB',
        runs: on,
        target: { of: 'figure', op: '<', value: 150 },
        reference: { what: 'the same with store: false', runs: off },
        notes: ['MB = 2^20 bytes (VmRSS from /proc/<pid>/status)'],
      }),
    ];
  },
};

const FAN_OUT_VIEWERS = 1000;

export const storeFanOut: Benchmark = {
  name: 'store-fanout',
  title: 'Store: 1,000 viewers at 10 rows/s',
  description:
    "The fan-out benchmark's 1,000-viewer measurement (one stream of the generated pump file at 10 rows/s, history 120; a load worker " +
    'in its own process opens 1,000 SSE connections; lateness of the rows due in a 3 s window after all connected) with `server.store` ' +
    'a fresh temp directory, vs `store: false`, alternately (3 rounds at most).',
  budgetMs: 150_000,
  async run(context: BenchContext) {
    await ensureLargeFile(context.log);
    const on: ViewerRunResult[] = [];
    const off: ViewerRunResult[] = [];
    const measure = async (withStore: boolean) => {
      const setting = storeSetting(withStore);
      try {
        const result = await measureViewers({
          viewers: FAN_OUT_VIEWERS,
          preRollMs: 300,
          settleMs: 500,
          windowMs: 3000,
          graceMs: 1000,
          rampTimeoutMs: 10_000,
          start: () => startDaemon({ config: fanOutConfig({ store: setting.store }) }),
          path: '/api/streams/fan/events',
        });
        (withStore ? on : off).push(result);
        context.log(
          `store ${withStore ? 'on ' : 'off'}: ${result.open.connected}/${FAN_OUT_VIEWERS} connected, ${result.report.deliveredPct.toFixed(3)} % delivered, ` +
            `lateness p50 ${result.lateness.p50.toFixed(1)} p99 ${result.lateness.p99.toFixed(1)} ms, daemon CPU ${Math.round(100 * result.serverCpuShare)} %`,
        );
      } finally {
        setting.remove();
      }
    };
    await interleaved(context, rounds(context), [() => measure(true), () => measure(false)]);
    return [
      resultRow({
        benchmark: 'store',
        measure: '1,000 viewers at 10 rows/s: lateness p99 vs the schedule, store on',
        unit: 'ms',
        runs: on.map((r) => r.lateness.p99),
        reference: { what: 'the same with store: false', runs: off.map((r) => r.lateness.p99) },
        notes: [
          `rows delivered: ${on.map((r) => r.report.deliveredPct.toFixed(2)).join(', ')} % with the store, ` +
            `${off.map((r) => r.report.deliveredPct.toFixed(2)).join(', ')} % memory only; daemon CPU ${Math.round(100 * mean(on.map((r) => r.serverCpuShare)))} % ` +
            `vs ${Math.round(100 * mean(off.map((r) => r.serverCpuShare)))} % of a core`,
        ],
      }),
    ];
  },
};

const RESTART_STORED_ROWS = 1_000_000;
const SEQUENCE_RANGE = `from=${SEQUENCE_T0}&to=${SEQUENCE_T0 + SEQUENCE_ROWS * SEQUENCE_STEP_MS}`;

/** The sequence file replayed unpaced into `store`; `autostart: false` leaves a restored run where it stopped. */
function sequenceConfig(store: string | false, source: Record<string, unknown>, autostart: boolean) {
  return {
    server: { store, shutdownTimeoutMs: 30_000 },
    streams: [{ id: 'seq', autostart, source: { type: 'csv', file: SEQUENCE_FILE, ...source }, columns: SEQUENCE_COLUMNS }],
  };
}

/** Rows of the whole file's range that /history counts (undefined while it does not answer 200). */
async function historyRows(url: string, points: number): Promise<number | undefined> {
  try {
    const res = await fetch(`${url}/api/streams/seq/history?${SEQUENCE_RANGE}&points=${points}`, { signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200) return undefined;
    return ((await res.json()) as { rows: number }).rows;
  } catch {
    return undefined;
  }
}

/**
 * The stored run's replay: at the file's timestamps, 100,000× (its 1,000,000 rows in 0.2 s of
 * schedule, so as fast as the daemon can; the far row then waits 5 minutes).
 */
const FILL_SOURCE = { timestampColumn: 'timestamp', speed: 100_000 };

/** Replays the sequence file into a new store until /history counts its 1,000,000 rows, then SIGTERM. */
async function fillStore(store: string, context: BenchContext): Promise<number> {
  const daemon = await startDaemon({ config: sequenceConfig(store, FILL_SOURCE, true), startTimeoutMs: 30_000 });
  const started = performance.now();
  let rows = 0;
  try {
    while (rows < RESTART_STORED_ROWS) {
      checkAborted(context.signal);
      if (performance.now() - started > 120_000) throw new Error(`the store holds ${rows} rows after 120 s`);
      await delay(200, context.signal);
      rows = (await historyRows(daemon.url, 1)) ?? rows;
    }
  } finally {
    const stopMs = await daemon.stop();
    context.log(
      `stored ${rows.toLocaleString('en-US')} rows in ${Math.round(performance.now() - started)} ms (SIGTERM took ${Math.round(stopMs)} ms)`,
    );
  }
  return rows;
}

interface RestartSample {
  listenMs: number;
  historyMs: number;
  rows: number;
}

/** Spawn → listening, and spawn → /history counting the stored rows (polled every 10 ms). */
async function timeRestart(store: string | false, context: BenchContext): Promise<RestartSample> {
  const daemon = await startDaemon({ config: sequenceConfig(store, FILL_SOURCE, false), startTimeoutMs: 30_000 });
  try {
    if (store === false) return { listenMs: daemon.listenMs, historyMs: Number.NaN, rows: 0 };
    const deadline = performance.now() + 30_000;
    for (;;) {
      checkAborted(context.signal);
      const rows = await historyRows(daemon.url, 1000);
      if (rows !== undefined && rows >= RESTART_STORED_ROWS)
        return { listenMs: daemon.listenMs, historyMs: performance.now() - daemon.spawnedAt, rows };
      if (performance.now() > deadline) throw new Error(`/history counts ${rows} rows 30 s after the restart`);
      await delay(10, context.signal);
    }
  } finally {
    await daemon.stop();
  }
}

export const storeRestart: Benchmark = {
  name: 'store-restart',
  title: 'Store: restart with 1,000,000 stored rows',
  description:
    `Once: a daemon replays ${SEQUENCE_FILE} into a fresh store at its timestamps × 100,000 (as fast as it can: its 1,000,000 rows ` +
    'span 5.6 h, the one row after them a year later) until /history counts 1,000,000 rows, then SIGTERM (the run has not ended, so a ' +
    'restart continues it). Then, alternately (3 rounds at most): a restart on that store ' +
    '(the same stream with `autostart: false`, so the continued run loads its last 200,000 rows but does not go on replaying and the ' +
    'store stays the same between rounds), timed from spawn to the "listening" line and to the first 200 answer of /history over the ' +
    'whole range (points=1000) counting ≥ 1,000,000 rows (polled every 10 ms); and the same start with `store: false` (listening only).',
  budgetMs: 240_000,
  async run(context: BenchContext) {
    await ensureSequenceFile(context.log);
    const setting = tempStore();
    try {
      const filled = await fillStore(setting.store as string, context);
      const on: RestartSample[] = [];
      const off: RestartSample[] = [];
      await interleaved(context, rounds(context), [
        async () => {
          const sample = await timeRestart(setting.store, context);
          on.push(sample);
          context.log(
            `restart, store: listening ${Math.round(sample.listenMs)} ms, /history (${sample.rows.toLocaleString('en-US')} rows) ${Math.round(sample.historyMs)} ms after spawn`,
          );
        },
        async () => {
          const sample = await timeRestart(false, context);
          off.push(sample);
          context.log(`start, store: false: listening ${Math.round(sample.listenMs)} ms`);
        },
      ]);
      const reference = { what: 'the same start with store: false, spawn → listening', runs: off.map((s) => s.listenMs) };
      const stored = on[0]?.rows ?? filled;
      return [
        resultRow({
          benchmark: 'store',
          measure: `restart with ${stored.toLocaleString('en-US')} stored rows: spawn → "listening"`,
          unit: 'ms',
          runs: on.map((s) => s.listenMs),
          target: { of: 'figure', op: '<', value: 2000 },
          reference,
        }),
        resultRow({
          benchmark: 'store',
          measure: `restart with ${stored.toLocaleString('en-US')} stored rows: spawn → /history answers them all`,
          unit: 'ms',
          runs: on.map((s) => s.historyMs),
          target: { of: 'figure', op: '<', value: 2000 },
          reference,
          notes: [
            'the restored run is not started (`autostart: false`): it loads its last 200,000 rows into memory; /history reads the rest from the store',
          ],
        }),
      ];
    } finally {
      setting.remove();
    }
  },
};

const CRASH_RATE = 1000;
const CRASH_ROWS_BEFORE = 2000;
const CRASH_AFTER_MS = 1500;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** A daemon on a fixed port (a restart listens where its viewer reconnects), config in `dir`. */
function spawnOnPort(configPath: string, port: number): Promise<RunningServer> {
  const args = [daemonEntry(), 'serve', '--config', configPath, '--port', String(port), '--log-level', 'info', '--data-dir', dataDir];
  return startServerProcess({ args, readyMessage: LISTENING_MESSAGE, startTimeoutMs: 30_000 });
}

interface CrashSample {
  /** Spawn of the (re)start → first row it delivered to the viewer. */
  ms: number;
  tally: RowTally;
  resets: number;
}

/**
 * With a store: a viewer reads the 1,000 rows/s stream, the daemon is killed (SIGKILL) after
 * CRASH_ROWS_BEFORE rows and restarted at once on the same port; the viewer reconnects with its
 * Last-Event-ID. Memory only (the reference): the viewer is already retrying when the daemon is spawned.
 */
async function crashRound(withStore: boolean, context: BenchContext): Promise<CrashSample> {
  const dir = mkdtempSync(join(tmpdir(), 'rtg-bench-crash-'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, stringify(sequenceConfig(withStore ? join(dir, 'store') : false, { rate: CRASH_RATE }, true)));
  const port = await freePort();
  const viewer = new RowViewer(`http://127.0.0.1:${port}/api/streams/seq/events`);
  const daemons: RunningServer[] = [];
  try {
    let restart: RunningServer;
    if (withStore) {
      const first = await spawnOnPort(configPath, port);
      daemons.push(first);
      viewer.start();
      await viewer.until((v) => v.rows.length >= CRASH_ROWS_BEFORE, 15_000);
      first.process.kill('SIGKILL');
      await waitForExit(first.process);
      checkAborted(context.signal);
      restart = await spawnOnPort(configPath, port);
    } else {
      viewer.start();
      restart = await spawnOnPort(configPath, port);
    }
    daemons.push(restart);
    const connection = withStore ? 1 : 0;
    await viewer.until((v) => (v.rows.at(-1)?.connection ?? -1) >= connection, 15_000);
    const firstNew = viewer.rows.find((r) => r.connection >= connection)!;
    await delay(CRASH_AFTER_MS, context.signal);
    viewer.stop();
    return { ms: firstNew.at - restart.spawnedAt, tally: viewer.tally(), resets: viewer.resets };
  } finally {
    viewer.stop();
    for (const daemon of daemons) await daemon.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const storeCrash: Benchmark = {
  name: 'store-crash',
  title: 'Store: kill -9 and restart at once',
  description:
    `${SEQUENCE_FILE} (row number in column n) replayed at ${CRASH_RATE} rows/s with a store (a fresh temp directory each round); a viewer ` +
    `in the benchmark's process reads it, and after ${CRASH_ROWS_BEFORE.toLocaleString('en-US')} rows the daemon gets SIGKILL and is spawned again at once on ` +
    'the same port; the viewer, like EventSource, reconnects (every 20 ms while refused) with the id of the last event it got as ' +
    `Last-Event-ID. Figure: the restart's spawn → the first row it delivered; the viewer then reads ${CRASH_AFTER_MS / 1000} s more, and ` +
    'rows lost (row numbers missing between the first and the last received) and duplicated are counted. Reference: a fresh start with ' +
    '`store: false`, the viewer already retrying: spawn → first row. Alternately, 3 rounds at most.',
  budgetMs: 120_000,
  async run(context: BenchContext) {
    await ensureSequenceFile(context.log);
    const on: CrashSample[] = [];
    const off: CrashSample[] = [];
    const describe = (s: CrashSample) =>
      `${Math.round(s.ms)} ms to new rows; rows ${s.tally.first}–${s.tally.last}: ${s.tally.rows} received, ${s.tally.lost} lost, ${s.tally.duplicated} duplicated, ${s.resets} resets`;
    await interleaved(context, rounds(context), [
      async () => {
        on.push(await crashRound(true, context));
        context.log(`kill -9 + restart, store: ${describe(on.at(-1)!)}`);
      },
      async () => {
        off.push(await crashRound(false, context));
        context.log(`fresh start, store: false: ${describe(off.at(-1)!)}`);
      },
    ]);
    const reference = (pick: (s: CrashSample) => number) => ({ what: 'a fresh start with store: false', runs: off.map(pick) });
    return [
      resultRow({
        benchmark: 'store',
        measure: `kill -9 at ${CRASH_RATE.toLocaleString('en-US')} rows/s, restart at once: spawn → new rows at the reconnected viewer (Last-Event-ID)`,
        unit: 'ms',
        runs: on.map((s) => s.ms),
        target: { of: 'figure', op: '<', value: 3000 },
        reference: reference((s) => s.ms),
        notes: [`resets (Last-Event-ID not resumed) per round: ${on.map((s) => s.resets).join(', ')}`],
      }),
      resultRow({
        benchmark: 'store',
        measure: 'kill -9 and restart: rows lost at the viewer (by row number)',
        unit: 'rows',
        runs: on.map((s) => s.tally.lost),
        target: { of: 'figure', op: '<=', value: 0 },
        reference: reference((s) => s.tally.lost),
        notes: [`rows received per round: ${on.map((s) => `${s.tally.rows} (rows ${s.tally.first}–${s.tally.last})`).join(', ')}`],
      }),
      resultRow({
        benchmark: 'store',
        measure: 'kill -9 and restart: rows duplicated at the viewer (by row number)',
        unit: 'rows',
        runs: on.map((s) => s.tally.duplicated),
        target: { of: 'figure', op: '<=', value: 0 },
        reference: reference((s) => s.tally.duplicated),
      }),
    ];
  },
};

export const storeBenchmarks: Benchmark[] = [storePipeline, storeCpu, storeRss, storeFanOut, storeRestart, storeCrash];
