import { describe, expect } from 'vitest';
import type { HistorySeries } from '../../src/protocol/events.js';
import { DurableStore } from '../../src/store/durable-store.js';
import { queryHistory } from '../../src/stream/history-query.js';
import { HistoryStore } from '../../src/stream/history-store.js';
import type { Row } from '../../src/values/row.js';
import { layout, memoryLogger, test } from './helpers.js';

/** A seeded generator (mulberry32): the same rows on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows in time order with repeated times, equal values (ties), gaps, text with nulls, and pauses. */
function rowsOf(count: number, seed: number): Row[] {
  const next = random(seed);
  const rows: Row[] = [];
  let t = 1_700_000_000_000;
  for (let i = 0; i < count; i++) {
    t += next() < 0.1 ? 0 : next() < 0.02 ? 60_000 : Math.floor(next() * 900);
    const gap = next() < 0.05;
    rows.push({
      time: i % 2 ? t : new Date(t).toISOString(),
      temp: gap ? null : Math.round(next() * 20) / 2,
      state: next() < 0.1 ? null : `s${Math.floor(next() * 4)}`,
      flow: next() < 0.02 ? Number.NaN : Math.sin(i / 50) * 100,
    });
  }
  return rows;
}

/** The in-memory answer's series without its gap breaks (points with y null in number columns), which the store leaves out. */
function withoutBreaks(series: HistorySeries[], numbers: boolean[]): HistorySeries[] {
  return series.map((s, i) => {
    if (!numbers[i]) return s;
    const keep = s.y.map((y) => y !== null);
    return { t: s.t.filter((_, k) => keep[k]), y: s.y.filter((_, k) => keep[k]) };
  });
}

describe('StreamHistory.m4', () => {
  test('gives the points of the in-memory M4 for the same rows (without gap breaks), and every row for a small range', async ({ dir }) => {
    const store = await DurableStore.open(dir, { logger: memoryLogger() });
    const shape = layout();
    const history = await store.stream(shape);
    const memory = new HistoryStore(shape.timeName, shape.columns, { durationMs: Number.POSITIVE_INFINITY, rows: 1e9, bytes: 1e12 });
    const rows = rowsOf(20_000, 7);
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      history.writer.rows(batch, i, 0);
      memory.append(batch);
    }
    history.writer.checkpoint({ run: 'r', seq: 1, rows: memory.rows, pass: 0, position: null, extra: null });
    await history.flush();
    const span = memory.passes()[0]!;
    const numbers = shape.columns.map((c) => c.type === 'number');
    const requests = [
      { from: span.from, to: span.to, points: 1200 },
      { from: span.from, to: span.to, points: 37 },
      { from: span.from + 1_000_000, to: span.from + 3_000_000, points: 300 },
      { from: span.from + 1_000_000, to: span.from + 1_020_000, points: 300 },
      { from: span.from, to: span.from, points: 10 },
    ];
    const resolutions = new Set<string>();
    for (const request of requests) {
      const expected = queryHistory({ stream: shape.stream, run: 'r', running: false, store: memory }, { ...request, pass: 0 }).data;
      const actual = await history.m4({ ...request, pass: 0 });
      resolutions.add(actual.resolution);
      expect(actual.rows).toBe(expected.rows);
      expect(actual.resolution).toBe(expected.resolution);

      expect(actual.series).toEqual(expected.resolution === 'm4' ? withoutBreaks(expected.series, numbers) : expected.series);
    }
    expect([...resolutions].sort()).toEqual(['full', 'm4']);
    expect(await history.m4({ pass: 5, from: 0, to: 1e15, points: 10 })).toEqual({
      rows: 0,
      resolution: 'full',
      series: [
        { t: [], y: [] },
        { t: [], y: [] },
        { t: [], y: [] },
      ],
    });
    await store.close();
  });

  test('reads one pass', async ({ dir }) => {
    const store = await DurableStore.open(dir, { logger: memoryLogger() });
    const history = await store.stream(layout());
    history.writer.rows([{ time: 1, temp: 1 }], 1, 0);
    history.writer.rows([{ time: 1, temp: 2 }], 2, 1);
    history.writer.checkpoint({ run: 'r', seq: 2, rows: 2, pass: 1, position: null, extra: null });
    await history.flush();
    expect((await history.m4({ pass: 1, from: 0, to: 10, points: 10 })).series[0]).toEqual({ t: [1], y: [2] });
    expect(await history.passes()).toEqual([
      { pass: 0, from: 1, to: 1, rows: 1 },
      { pass: 1, from: 1, to: 1, rows: 1 },
    ]);
    await store.close();
  });
});
