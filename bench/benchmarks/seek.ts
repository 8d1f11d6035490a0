// Issue 17, replay seek: how long from an operator's seek to the first row at the new position at
// a viewer, on a 1,000,000-row file, with the sparse index; reference: re-reading the file from its
// start up to the same row with the daemon's own CSV reader (what a seek without an index costs
// before a single row is sent), alternately, the same targets.
import { readCsv } from '../../src/sources/csv/file.js';
import { startDaemon, type RunningDaemon } from '../lib/daemon.js';
import { wallClock } from '../lib/clock.js';
import { resultRow } from '../lib/results.js';
import { ensureSeekFile, SEEK_COLUMNS, SEEK_FILE, SEEK_ROWS, seekRowTime } from '../lib/seek-file.js';
import { EventCache, SseConnection } from '../lib/sse-connection.js';
import type { EventInfo } from '../lib/sse-wire.js';
import { percentile } from '../lib/stats.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const OPERATOR = 'bench-operator-token-0123456789';
const SEEKS_PER_RUN = 10;
const CROWD = 100;
const RATE = 100;

function seekConfig() {
  return {
    server: { shutdownTimeoutMs: 2000, auth: { operatorToken: OPERATOR } },
    streams: [{ id: 'seek', source: { type: 'csv', file: SEEK_FILE, rate: RATE }, columns: SEEK_COLUMNS, idleStopMs: 0 }],
  };
}

/** Viewers that note when each first receives a row with a given time. */
class Watchers {
  private readonly connections: SseConnection[] = [];
  private wanted = Number.NaN;
  private arrivals = new Map<SseConnection, number>();
  private waiter: (() => void) | undefined;
  /** Viewers that have had a row. */
  private readonly started = new Set<SseConnection>();

  constructor(url: URL, count: number) {
    const cache = new EventCache();
    const handler = {
      onEvent: (connection: SseConnection, info: EventInfo, at: number) => {
        if (info.rows > 0) this.started.add(connection);
        if (info.rows === 0 || info.firstRowTime !== this.wanted || this.arrivals.has(connection)) return;
        this.arrivals.set(connection, at);
        if (this.arrivals.size === this.connections.length) this.waiter?.();
      },
      onClose: () => {},
    };
    for (let i = 0; i < count; i++) {
      this.connections.push(
        new SseConnection({ host: url.hostname, port: Number(url.port), path: '/api/streams/seek/events' }, cache, handler),
      );
    }
  }

  /** Waits until every viewer has had a row (they are connected and the run has started). */
  async ready(signal: AbortSignal): Promise<void> {
    while (this.started.size < this.connections.length) {
      const failed = this.connections.find((c) => c.failure !== undefined);
      if (failed) throw new Error(`a viewer failed: ${failed.failure}`);
      signal.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Expects the row at `time` next; resolves with each viewer's arrival time once all have it (or after 5 s). */
  expect(time: number): Promise<number[]> {
    this.wanted = time;
    this.arrivals = new Map();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(this.connections.map((c) => this.arrivals.get(c) ?? Number.POSITIVE_INFINITY));
      };
      const timer = setTimeout(done, 5000);
      this.waiter = done;
    });
  }

  close(): void {
    for (const c of this.connections) c.destroy();
  }
}

async function command(daemon: RunningDaemon, body: unknown): Promise<Record<string, any>> {
  const res = await fetch(`${daemon.url}/api/streams/seek/replay`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${OPERATOR}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`replay ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, any>;
}

/** The rows to seek to: spread over the file, the same in every run. */
function targets(round: number): number[] {
  let x = 12_345 + round * 7_919;
  return Array.from({ length: SEEKS_PER_RUN }, () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x % SEEK_ROWS;
  });
}

/** Milliseconds to parse the file from its start up to data record `row` (a seek without an index). */
async function rereadTo(path: string, row: number): Promise<number> {
  const started = performance.now();
  let seen = 0;
  const select = (header: string[]) => SEEK_COLUMNS.map((c) => header.indexOf(c));
  for await (const batch of readCsv(path, { delimiter: ',', maxRecordBytes: 1 << 20, chunkBytes: 256 * 1024, select })) {
    seen += batch.length;
    if (seen > row) break;
  }
  return performance.now() - started;
}

export const seekBenchmark: Benchmark = {
  name: 'seek',
  title: 'Replay seek',
  description:
    `A stream replaying a ${SEEK_ROWS.toLocaleString('en-US')}-row CSV file (4 columns, ~38 MB) at ${RATE} rows/s, daemon in its own process. ` +
    `Per run: a fresh daemon; the time from the first state request (which starts the sparse index) until the index is built; ${SEEKS_PER_RUN} seeks (POST /api/streams/seek/replay) to rows spread over the ` +
    `file, each timed from the request to the first row at the new position at one viewer; then the same with ${CROWD} viewers, until the last ` +
    `has it. Reference: reading the file from its start to the same row with the daemon's CSV reader (the parse alone, no delivery), alternately.`,
  budgetMs: 240_000,
  async run(context: BenchContext) {
    const path = await ensureSeekFile(context.log);
    const single: number[] = []; // p95 per run
    const crowdP99: number[] = [];
    const naive: number[] = []; // p95 per run
    const indexMs: number[] = [];
    const all: number[] = [];
    await interleaved(context, context.runs, [
      async (round) => {
        const daemon = await startDaemon({ config: seekConfig() });
        let one: Watchers | undefined;
        let crowd: Watchers | undefined;
        try {
          one = new Watchers(new URL(daemon.url), 1);
          await one.ready(context.signal);
          const connected = performance.now(); // the first state request starts the index
          while ((await command(daemon, undefined)).range.rows === null) await new Promise((resolve) => setTimeout(resolve, 20));
          indexMs.push(performance.now() - connected);
          const latencies: number[] = [];
          const rereads: number[] = [];
          for (const row of targets(round)) {
            const arrived = one.expect(seekRowTime(row));
            const sent = wallClock();
            await command(daemon, { seek: { row } });
            latencies.push((await arrived)[0]! - sent);
            rereads.push(await rereadTo(path, row));
          }
          single.push(percentile(latencies, 95));
          naive.push(percentile(rereads, 95));
          all.push(...latencies);
          context.log(
            `run ${round + 1}: index ${Math.round(indexMs.at(-1)!)} ms; seek p95 ${single.at(-1)!.toFixed(1)} ms (max ${Math.max(...latencies).toFixed(1)}); re-read p95 ${naive.at(-1)!.toFixed(0)} ms`,
          );
          crowd = new Watchers(new URL(daemon.url), CROWD);
          await crowd.ready(context.signal);
          one.close(); // after the crowd is in: the stream never goes idle (which would start a new run)
          const perViewer: number[] = [];
          const slowest: number[] = [];
          for (const row of targets(round + 100)) {
            const arrived = crowd.expect(seekRowTime(row));
            const sent = wallClock();
            await command(daemon, { seek: { row } });
            const times = (await arrived).map((at) => at - sent);
            perViewer.push(...times);
            slowest.push(Math.max(...times));
          }
          context.log(`run ${round + 1}: slowest viewer per seek: ${slowest.map((ms) => ms.toFixed(0)).join(', ')} ms`);
          crowdP99.push(percentile(perViewer, 99));
          context.log(
            `run ${round + 1}: ${CROWD} viewers, new position p99 ${crowdP99.at(-1)!.toFixed(1)} ms (max ${Math.max(...perViewer).toFixed(1)})`,
          );
        } finally {
          one?.close();
          crowd?.close();
          await daemon.stop();
        }
      },
    ]);
    return [
      resultRow({
        benchmark: 'seek',
        measure: `seek on a ${SEEK_ROWS.toLocaleString('en-US')}-row file: request → first row at the new position at a viewer, p95`,
        unit: 'ms',
        runs: single,
        target: { of: 'figure', op: '<', value: 200 },
        reference: { what: 'parsing the file from its start to the same row (no index)', runs: naive },
        notes: [`every seek, all runs: max ${Math.max(...all).toFixed(1)} ms`],
      }),
      resultRow({
        benchmark: 'seek',
        measure: `seek with ${CROWD} viewers: request → new position at every viewer, p99`,
        unit: 'ms',
        runs: crowdP99,
        target: { of: 'figure', op: '<', value: 250 },
      }),
      resultRow({
        benchmark: 'seek',
        measure: `sparse index of the ${SEEK_ROWS.toLocaleString('en-US')}-row file: first operator request → index ready (built beside the replay, at most half the CPU)`,
        unit: 'ms',
        runs: indexMs,
      }),
    ];
  },
};
