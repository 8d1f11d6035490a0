import { describe, expect } from 'vitest';
import { DurableStore } from '../../src/store/durable-store.js';
import { layout, memoryLogger, test } from './helpers.js';

async function filled(dir: string, stream: string, count: number) {
  const store = await DurableStore.open(dir, { logger: memoryLogger() });
  const history = await store.stream(layout(stream));
  history.writer.rows(
    Array.from({ length: count }, (_, i) => ({ time: i * 1000, temp: i })),
    1,
    0,
  );
  history.writer.mark('state', 'early', 1, 0);
  history.writer.checkpoint({ run: 'r', seq: 1, rows: count, pass: 0, position: null, extra: null });
  await history.flush();
  return { store, history };
}

describe('retention', () => {
  test('enforce deletes the rows older than the newest less durationMs', async ({ dir }) => {
    const { store, history } = await filled(dir, 's', 100);
    expect(await history.enforce({ durationMs: 9_500, diskBytes: Number.POSITIVE_INFINITY })).toBe(90);
    expect((await history.recent(1000)).map((r) => r.rn)).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
    expect(history.stats().rows).toBe(10);
    expect(await history.marks()).toHaveLength(1);
    await store.close();
  });

  test('enforce keeps the newest rows that fit diskBytes, and the marks from the oldest kept row on', async ({ dir }) => {
    const { store, history } = await filled(dir, 's', 100);
    history.writer.mark('alert', 'late', 2, 0);
    history.writer.checkpoint({ run: 'r', seq: 2, rows: 100, pass: 0, position: null, extra: null });
    await history.flush();
    const deleted = await history.enforce({ durationMs: Number.POSITIVE_INFINITY, diskBytes: history.rowBytes() * 25 + 1 });
    expect(deleted).toBe(75);
    expect((await history.recent(1000)).map((r) => r.rn)).toEqual(Array.from({ length: 25 }, (_, i) => 75 + i));
    expect((await history.marks()).map((m) => m.payload)).toEqual(['early', 'late']);
    expect(await history.enforce({ durationMs: Number.POSITIVE_INFINITY, diskBytes: 0 })).toBe(25);
    expect(await history.count()).toBe(0);
    await store.close();
  });

  test('removeUnlisted drops the streams not listed once their grace is over', async ({ dir }) => {
    const { store, history } = await filled(dir, 'gone', 10);
    const kept = await store.stream(layout('kept'));
    expect(await store.removeUnlisted(['kept'], 60_000)).toEqual([]);
    expect(await store.removeUnlisted(['kept'], 0)).toEqual(['gone']);
    expect(await kept.count()).toBe(0);
    // The removed stream's handle writes nothing more (its table is gone), and the store stays well.
    history.writer.rows([{ time: 1, temp: 1 }], 2, 0);
    history.writer.checkpoint({ run: 'r', seq: 2, rows: 11, pass: 0, position: null, extra: null });
    await history.flush();
    expect(store.health()).toEqual({ ok: true });
    await store.close();
    const again = await DurableStore.open(dir, { logger: memoryLogger() });
    const gone = await again.stream(layout('gone'));
    expect(gone.checkpoint()).toBeUndefined();
    expect(await gone.count()).toBe(0);
    await again.close();
  });
});
