// Issue 16, history: a query of 1,000,000 kept rows × 3 columns drawn on 1,200 pixels, in the
// daemon's own process (the route's work: the query and its JSON); reference: a plain scan that
// copies every row of the range into the answer, as a server without downsampling would. Also the
// bytes of both answers, and the memory the history holds per row.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { queryHistory, type HistorySource } from '../../src/stream/history-query.js';
import { HistoryStore } from '../../src/stream/history-store.js';
import { resultRow } from '../lib/results.js';
import { median, percentile } from '../lib/stats.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const ROWS = 1_000_000;
const POINTS = 1200;
const STEP_MS = 100; // 10 rows/s: 1,000,000 rows are about 28 hours of data
const QUERIES_PER_RUN = 40;
const T0 = Date.UTC(2024, 0, 1);
const COLUMNS = ['a', 'b', 'c'];

/**
 * A full garbage collection before each measured step, so that neither the figure nor the
 * reference pays for the other's garbage (the plain scan leaves about 100 MB of it).
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** A store holding ROWS rows of 3 number columns (a few gaps), and the memory it took. */
function filledStore(): { store: HistoryStore; arrayBufferBytes: number } {
  collectGarbage();
  const before = process.memoryUsage().arrayBuffers;
  const store = new HistoryStore(
    'time',
    COLUMNS.map((name) => ({ name, type: 'number' as const })),
    { durationMs: 366 * 86_400_000, rows: ROWS, bytes: 1 << 30 },
  );
  const batch: Record<string, unknown>[] = [];
  for (let k = 0; k < ROWS; k++) {
    const wave = Math.sin(k / 5000);
    batch.push({
      time: new Date(T0 + k * STEP_MS).toISOString(),
      a: k % 10_007 === 0 ? null : wave + ((k * 7919) % 101) / 500,
      b: Math.cos(k / 777),
      c: (k % 360) - 180,
    });
    if (batch.length === 1000) {
      store.append(batch);
      batch.length = 0;
    }
  }
  collectGarbage();
  return { store, arrayBufferBytes: process.memoryUsage().arrayBuffers - before };
}

/** Every row of [from, to] copied into the answer (times and one array per column), then JSON. */
function plainScan(store: HistoryStore, from: number, to: number): string {
  const t: number[] = [];
  const y: (number | null)[][] = COLUMNS.map(() => []);
  for (const { chunk, start, end } of store.slices(0, from, to)) {
    for (let k = start; k < end; k++) {
      t.push(chunk.t[k]!);
      for (let c = 0; c < COLUMNS.length; c++) {
        const v = chunk.numbers[c]![k]!;
        y[c]!.push(v === v ? v : null);
      }
    }
  }
  return JSON.stringify({ t, y });
}

function timed(work: () => string): { ms: number; bytes: number } {
  const started = performance.now();
  const body = work();
  return { ms: performance.now() - started, bytes: Buffer.byteLength(body) };
}

export const historyQuery: Benchmark = {
  name: 'history',
  title: 'History query',
  description:
    `A stream's history holding ${ROWS.toLocaleString('en-US')} rows × 3 number columns (10 rows/s of data time), built in the ` +
    `benchmark's process through the daemon's HistoryStore. Figure: the time of a whole-range query for ${POINTS} points ` +
    `(queryHistory, M4, and JSON.stringify of its answer: what the route does), p95 of ${QUERIES_PER_RUN} queries per run. ` +
    'Reference: a plain scan of the same range that copies every row into the answer and serializes it, alternately. ' +
    'Also: bytes of both answers, and the memory the history holds per row (ArrayBuffer bytes measured around filling it) ' +
    'against the theoretical 8 × (columns + 1).',
  budgetMs: 120_000,
  async run(context: BenchContext) {
    const { store, arrayBufferBytes } = filledStore();
    const source: HistorySource = { stream: 'bench', run: 'r', running: false, store };
    const [kept] = store.passes();
    const from = kept!.from;
    const to = kept!.to;
    const query = () => JSON.stringify(queryHistory(source, { from, to, points: POINTS }).data);
    const scan = () => plainScan(store, from, to);
    const queryP95: number[] = [];
    const scanP95: number[] = [];
    let queryBytes = 0;
    let scanBytes = 0;
    for (let k = 0; k < 5; k++) query(); // warm-up
    await interleaved(context, context.runs, [
      async () => {
        collectGarbage();
        const times: number[] = [];
        for (let k = 0; k < QUERIES_PER_RUN; k++) {
          const r = timed(query);
          times.push(r.ms);
          queryBytes = r.bytes;
        }
        queryP95.push(percentile(times, 95));
        context.log(
          `history query: p95 ${percentile(times, 95).toFixed(2)} ms, median ${median(times).toFixed(2)} ms, ${queryBytes} bytes`,
        );
      },
      async () => {
        collectGarbage();
        const times: number[] = [];
        for (let k = 0; k < 5; k++) {
          const r = timed(scan);
          times.push(r.ms);
          scanBytes = r.bytes;
        }
        scanP95.push(percentile(times, 95));
        context.log(`plain scan: p95 ${percentile(times, 95).toFixed(2)} ms, ${scanBytes} bytes`);
      },
    ]);
    const theoretical = 8 * (COLUMNS.length + 1);
    return [
      resultRow({
        benchmark: 'history',
        measure: `server time of a history query, ${ROWS.toLocaleString('en-US')} rows × 3 columns → ${POINTS} points (p95)`,
        unit: 'ms',
        runs: queryP95,
        target: { of: 'figure', op: '<', value: 20 },
        reference: { what: 'plain scan copying every row of the range, and its JSON (p95)', runs: scanP95 },
      }),
      resultRow({
        benchmark: 'history',
        measure: 'bytes of the answer (JSON, uncompressed)',
        unit: 'bytes',
        runs: [queryBytes],
        reference: { what: 'every row of the range as JSON', runs: [scanBytes] },
      }),
      resultRow({
        benchmark: 'history',
        measure: 'memory per kept row (ArrayBuffer bytes measured / rows)',
        unit: 'bytes',
        runs: [arrayBufferBytes / store.rows],
        target: { of: 'ratio', op: '<=', value: 1.1 },
        reference: { what: `theoretical 8 × (columns + 1) = ${theoretical}`, runs: [theoretical] },
        notes: [
          `the store's own count: ${(store.bytes / store.rows).toFixed(2)} bytes per row (${store.rows.toLocaleString('en-US')} rows)`,
        ],
      }),
    ];
  },
};
