// The durable store's numbers (docs/store.md): writer throughput, commit latency, M4 over 30 days
// at 10 rows/s (26 million rows, made in DuckDB), open time and idle RSS.
// Run: node --import tsx bench/store.bench.ts [part…]  (parts: write latency m4 open rss; default all)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DurableStore } from '../src/store/durable-store.js';
import { createRows, layoutJson, rowsTable } from '../src/store/schema.js';
import type { StreamLayout } from '../src/store/types.js';

const silent = { info() {}, warn() {}, error() {} };
const shape = (stream: string): StreamLayout => ({
  stream,
  fingerprint: 'f',
  timeName: 'time',
  columns: ['a', 'b', 'c'].map((name) => ({ name, type: 'number' as const })),
});
const pct = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const parts = process.argv.slice(2);
const want = (part: string) => parts.length === 0 || parts.includes(part);
const fresh = () => mkdtempSync(join(tmpdir(), 'rtg-store-bench-'));

async function writeThroughput(batch: number, total: number): Promise<number> {
  const dir = fresh();
  const store = await DurableStore.open(dir, { logger: silent, flushMs: 1e9, maxRows: 1e9 });
  const history = await store.stream(shape('w'));
  const started = performance.now();
  for (let n = 0; n < total; n += batch) {
    const rows = Array.from({ length: batch }, (_, k) => ({ time: n + k, a: k, b: k * 2, c: -k }));
    history.writer.rows(rows, n, 0);
    history.writer.checkpoint({ run: 'r', seq: n, rows: n + batch, pass: 0, position: n, extra: null });
    await history.flush();
  }
  const rate = total / ((performance.now() - started) / 1000);
  await store.close();
  rmSync(dir, { recursive: true });
  return rate;
}

async function latency(): Promise<{ p50: number; p99: number; max: number; commits: number }> {
  const dir = fresh();
  const store = await DurableStore.open(dir, { logger: silent });
  const streams = await Promise.all(Array.from({ length: 8 }, (_, i) => store.stream(shape(`s${i}`))));
  // 8 streams × 10 rows/s for 20 s: one row and a checkpoint per stream every 100 ms.
  const counts = streams.map(() => 0);
  const timer = setInterval(() => {
    streams.forEach((s, i) => {
      s.writer.rows([{ time: Date.now(), a: 1, b: 2, c: 3 }], counts[i]!, 0);
      counts[i]!++;
      s.writer.checkpoint({ run: 'r', seq: counts[i]!, rows: counts[i]!, pass: 0, position: counts[i], extra: null });
    });
  }, 100);
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  clearInterval(timer);
  await store.close();
  const all = streams.flatMap((s) => s.latencies);
  rmSync(dir, { recursive: true });
  return { p50: pct(all, 50), p99: pct(all, 99), max: Math.max(...all), commits: all.length };
}

/** A store whose stream `m` holds `rows` rows, 10 a second, made by SQL. */
async function bigStore(dir: string, rows: number): Promise<void> {
  const layout = shape('m');
  await DurableStore.open(dir, { logger: silent }).then(async (s) => {
    await s.stream(layout);
    await s.close();
  });
  const instance = await DuckDBInstance.create(join(dir, 'history.duckdb'));
  const c = await instance.connect();
  const table = rowsTable('m');
  await c.run(createRows(table, layout.columns));
  await c.run(
    `INSERT INTO ${table} SELECT range, range, 0, 1.7e12 + range * 100, sin(range / 1000.0) * 50 + random(), (range % 997)::DOUBLE, random() FROM range(${rows})`,
  );
  await c.run(
    `UPDATE streams SET run = 'r', seq = ${rows}, rows = ${rows}, pass = 0, position = 'null', extra = 'null', layout = $layout`,
    {
      layout: layoutJson(layout),
    },
  );
  c.closeSync();
  instance.closeSync();
}

async function m4(): Promise<void> {
  const dir = fresh();
  const rows = 30 * 86_400 * 10;
  let started = performance.now();
  await bigStore(dir, rows);
  console.log(
    `generated ${rows} rows in ${Math.round(performance.now() - started)} ms; file ${execFileSync('du', ['-sh', dir]).toString().trim()}`,
  );
  for (const threads of [1, 2]) {
    started = performance.now();
    const store = await DurableStore.open(dir, { logger: silent, threads });
    const history = await store.stream(shape('m'));
    console.log(`open + stream (threads ${threads}): ${Math.round(performance.now() - started)} ms`);
    const from = 1.7e12;
    const to = from + (rows - 1) * 100;
    const full: number[] = [];
    const hour: number[] = [];
    for (let i = 0; i < 20; i++) {
      let t = performance.now();
      const all = await history.m4({ pass: 0, from, to, points: 1200 });
      full.push(performance.now() - t);
      const start = from + Math.floor(Math.random() * (rows - 40_000)) * 100;
      t = performance.now();
      const zoom = await history.m4({ pass: 0, from: start, to: start + 3_600_000, points: 1200 });
      hour.push(performance.now() - t);
      if (i === 0) console.log(`  points: ${all.series[0]!.t.length} (m4), ${zoom.series[0]!.t.length} (${zoom.resolution})`);
    }
    console.log(`  m4 30 days, 1200 points, threads ${threads}: p50 ${pct(full, 50).toFixed(0)} ms, p95 ${pct(full, 95).toFixed(0)} ms`);
    console.log(`  m4 one hour zoom, threads ${threads}: p50 ${pct(hour, 50).toFixed(1)} ms, p95 ${pct(hour, 95).toFixed(1)} ms`);
    await store.close();
  }
  rmSync(dir, { recursive: true });
}

async function openTime(): Promise<void> {
  const dir = fresh();
  await bigStore(dir, 1_000_000);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const store = await DurableStore.open(dir, { logger: silent });
    await store.stream(shape('m'));
    times.push(performance.now() - started);
    await store.close();
  }
  console.log(`open + stream with 1,000,000 rows: median ${pct(times, 50).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  rmSync(dir, { recursive: true });
}

async function rss(): Promise<void> {
  const dir = fresh();
  await bigStore(dir, 1_000_000);
  const before = process.memoryUsage().rss;
  const store = await DurableStore.open(dir, { logger: silent });
  await Promise.all(Array.from({ length: 8 }, (_, i) => store.stream(shape(i === 0 ? 'm' : `s${i}`))));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  console.log(
    `RSS: ${(before / 2 ** 20).toFixed(0)} MiB before open, ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB with the store open and idle (8 streams)`,
  );
  await store.close();
  rmSync(dir, { recursive: true });
}

if (want('write')) {
  for (const batch of [100, 1000])
    console.log(`writer, 3 number columns, batches of ${batch}: ${Math.round(await writeThroughput(batch, 200_000))} rows/s`);
}
if (want('latency')) console.log('commit latency, 8 streams × 10 rows/s, 20 s:', await latency());
if (want('m4')) await m4();
if (want('open')) await openTime();
if (want('rss')) await rss();
