import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { DurableStore } from '../../src/store/durable-store.js';
import type { RunCheckpoint } from '../../src/store/types.js';
import { layout, memoryLogger, test } from './helpers.js';

const cp = (rows: number, seq: number, extra: unknown = null): RunCheckpoint => ({
  run: 'r1',
  seq,
  rows,
  pass: 0,
  position: { offset: rows * 10 },
  extra,
});

describe('DurableStore', () => {
  test('opens a new file in a directory it creates', async ({ dir }) => {
    const store = await DurableStore.open(join(dir, 'a', 'b'), { logger: memoryLogger() });
    expect(store.file).toBe(join(dir, 'a', 'b', 'history.duckdb'));
    const history = await store.stream(layout());
    expect(history.checkpoint()).toBeUndefined();
    expect(await history.count()).toBe(0);
    await store.close();
  });

  describe('a stream', () => {
    test('commits rows, marks and the checkpoint, with the exact values, rn, seq and pass', async ({ dir }) => {
      const store = await DurableStore.open(dir, { logger: memoryLogger() });
      const history = await store.stream(layout());
      history.writer.rows(
        [
          { time: '2024-03-01T00:00:00.000Z', temp: 1.5, state: 'on', flow: -0 },
          { time: 1709251201000, temp: null, state: null, flow: 1e300 },
          { time: 'not a time', temp: 3 },
        ],
        7,
        2,
      );
      history.writer.mark('state', { state: 'on', since: 1 }, 7, 2);
      history.writer.rows([{ time: 1709251202500, temp: Number.NaN, state: 'off', flow: 'x' }], 8, 2);
      history.writer.checkpoint({ run: 'r1', seq: 8, rows: 3, pass: 2, position: { offset: 42 }, extra: { segment: 's' } });
      await history.flush();
      expect(await history.recent(10)).toEqual([
        { rn: 0, seq: 7, pass: 2, t: Date.UTC(2024, 2, 1), values: [1.5, 'on', -0] },
        { rn: 1, seq: 7, pass: 2, t: 1709251201000, values: [null, null, 1e300] },
        { rn: 2, seq: 8, pass: 2, t: 1709251202500, values: [null, 'off', null] },
      ]);
      expect(await history.marks()).toEqual([{ rn: 2, seq: 7, pass: 2, name: 'state', payload: { state: 'on', since: 1 } }]);
      expect(history.checkpoint()).toEqual({ run: 'r1', seq: 8, rows: 3, pass: 2, position: { offset: 42 }, extra: { segment: 's' } });
      expect(history.stats()).toMatchObject({ rows: 3, untimed: 1, commits: 1, pendingRows: 0 });
      expect(await history.recent(2).then((rows) => rows.map((r) => r.rn))).toEqual([1, 2]);
      expect(await history.rowsAfterSeq(7, 10).then((rows) => rows.map((r) => r.rn))).toEqual([2]);
      expect(await history.passes()).toEqual([{ pass: 2, from: Date.UTC(2024, 2, 1), to: 1709251202500, rows: 3 }]);
      await store.close();
    });

    test('keeps rows and marks after the newest checkpoint for the next commit', async ({ dir }) => {
      const store = await DurableStore.open(dir, { logger: memoryLogger() });
      const history = await store.stream(layout());
      history.writer.rows([{ time: 1, temp: 1 }], 1, 0);
      history.writer.checkpoint(cp(1, 1));
      history.writer.rows([{ time: 2, temp: 2 }], 2, 0);
      history.writer.mark('alert', { rule: 'hot' }, 2, 0);
      await history.flush();
      expect((await history.recent(10)).map((r) => r.rn)).toEqual([0]);
      expect(await history.marks()).toEqual([]);
      expect(history.stats().pendingRows).toBe(1);
      history.writer.checkpoint(cp(2, 2));
      await history.flush();
      expect((await history.recent(10)).map((r) => [r.rn, r.values[0]])).toEqual([
        [0, 1],
        [1, 2],
      ]);
      expect((await history.marks()).map((m) => [m.rn, m.name])).toEqual([[2, 'alert']]);
      await store.close();
    });

    test('calls the committed callbacks in order, after the commit, and no sooner', async ({ dir }) => {
      const store = await DurableStore.open(dir, { logger: memoryLogger(), flushMs: 60_000 });
      const history = await store.stream(layout());
      const calls: string[] = [];
      history.writer.rows([{ time: 1, temp: 1 }], 1, 0);
      history.writer.checkpoint(cp(1, 1), () => calls.push('a'));
      history.writer.checkpoint(cp(1, 2), () => calls.push('b'));
      history.writer.rows([{ time: 2, temp: 2 }], 3, 0);
      history.writer.checkpoint(cp(2, 3), () => calls.push('c'));
      expect(calls).toEqual([]);
      await history.flush();
      expect(calls).toEqual(['a', 'b', 'c']);
      expect(await history.count()).toBe(2);
      await store.close();
    });

    test('commits on its own every flushMs, and as soon as maxRows wait', async ({ dir }) => {
      const store = await DurableStore.open(dir, { logger: memoryLogger(), flushMs: 20, maxDelayMs: 100, maxRows: 3 });
      const history = await store.stream(layout());
      history.writer.rows([{ time: 1, temp: 1 }], 1, 0);
      history.writer.checkpoint(cp(1, 1));
      await expect.poll(() => history.checkpoint()?.rows).toBe(1); // no source waits for it: within maxDelayMs
      await store.close();
      const eager = await DurableStore.open(dir, { logger: memoryLogger(), flushMs: 60_000, maxRows: 3 });
      const stream = await eager.stream(layout());
      stream.writer.rows([{ time: 2, temp: 2 }], 2, 0);
      stream.writer.checkpoint(cp(2, 2));
      stream.writer.rows([{ time: 3, temp: 3 }], 3, 0);
      stream.writer.rows([{ time: 4, temp: 4 }], 4, 0);
      await expect.poll(() => stream.checkpoint()?.rows).toBe(2);
      expect(stream.stats().pendingRows).toBe(2);
      await eager.close();
    });

    test("commits a run's first checkpoint and one a source waits for at the next flush; others may wait maxDelayMs", async ({ dir }) => {
      const store = await DurableStore.open(dir, { logger: memoryLogger(), flushMs: 20, maxDelayMs: 60_000 });
      const quiet = await store.stream(layout('quiet'));
      const waited = await store.stream(layout('waited'));
      // A run's first checkpoint goes at once: a crash then continues the run.
      quiet.writer.rows([{ time: 1, temp: 1 }], 1, 0);
      quiet.writer.checkpoint(cp(1, 1));
      await expect.poll(() => quiet.checkpoint()?.rows).toBe(1);
      quiet.writer.rows([{ time: 2, temp: 2 }], 2, 0);
      quiet.writer.checkpoint(cp(2, 2));
      const acknowledged: number[] = [];
      waited.writer.rows([{ time: 1, temp: 1 }], 1, 0);
      waited.writer.checkpoint(cp(1, 1));
      waited.writer.rows([{ time: 2, temp: 2 }], 2, 0);
      waited.writer.checkpoint(cp(2, 2), () => acknowledged.push(2));
      await expect.poll(() => acknowledged).toEqual([2]);
      expect(waited.checkpoint()?.rows).toBe(2);
      // The same flushes passed the quiet one by: nothing waits for it, and it is younger than maxDelayMs.
      expect(quiet.checkpoint()?.rows).toBe(1);
      expect(quiet.stats().pendingRows).toBe(1);
      await store.close(); // a graceful stop commits it
      const reopened = await DurableStore.open(dir, { logger: memoryLogger() });
      expect((await reopened.stream(layout('quiet'))).checkpoint()?.rows).toBe(2);
      await reopened.close();
    });

    test('a changed fingerprint drops the history and says so; the same one keeps it', async ({ dir }) => {
      const logger = memoryLogger();
      let store = await DurableStore.open(dir, { logger });
      let history = await store.stream(layout('s', 'f1'));
      history.writer.rows([{ time: 1, temp: 1 }], 1, 0);
      history.writer.mark('state', 'x', 1, 0);
      history.writer.checkpoint(cp(1, 1));
      await store.close();
      store = await DurableStore.open(dir, { logger });
      history = await store.stream(layout('s', 'f1'));
      expect(history.checkpoint()?.rows).toBe(1);
      expect(await history.count()).toBe(1);
      expect(logger.lines).toEqual([]);
      history = await store.stream(layout('s', 'f2'));
      expect(history.checkpoint()).toBeUndefined();
      expect(await history.count()).toBe(0);
      expect(await history.marks()).toEqual([]);
      expect(logger.lines.map((l) => [l.level, l.message])).toEqual([
        ['info', 's: source, columns or stages changed: a new history starts'],
      ]);
      await store.close();
      store = await DurableStore.open(dir, { logger });
      expect((await store.stream(layout('s', 'f2'))).checkpoint()).toBeUndefined();
      await store.close();
    });

    test('streams with any id live side by side', async ({ dir }) => {
      const store = await DurableStore.open(dir, { logger: memoryLogger() });
      const odd = await store.stream(layout(`a"; DROP TABLE streams; --`));
      const other = await store.stream(layout('b'));
      odd.writer.rows([{ time: 1, temp: 1 }], 1, 0);
      odd.writer.checkpoint(cp(1, 1));
      other.writer.checkpoint(cp(0, 5));
      await Promise.all([odd.flush(), other.flush()]);
      expect(await odd.count()).toBe(1);
      expect(await other.count()).toBe(0);
      expect(other.checkpoint()?.seq).toBe(5);
      await store.close();
    });
  });

  test('close flushes, and a reopened store has everything', async ({ dir }) => {
    let store = await DurableStore.open(dir, { logger: memoryLogger(), flushMs: 60_000 });
    let history = await store.stream(layout());
    for (let i = 0; i < 5; i++) {
      history.writer.rows([{ time: i * 1000, temp: i, state: `s${i}`, flow: -i }], i, 0);
      history.writer.checkpoint(cp(i + 1, i, { i }));
    }
    await store.close();
    store = await DurableStore.open(dir, { logger: memoryLogger() });
    history = await store.stream(layout());
    expect(history.checkpoint()).toEqual(cp(5, 4, { i: 4 }));
    expect((await history.recent(100)).map((r) => [r.rn, r.t, ...r.values])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [i, i * 1000, i, `s${i}`, -i]),
    );
    history.writer.rows([{ time: 9000, temp: 9 }], 9, 0);
    history.writer.checkpoint(cp(6, 9));
    await history.flush();
    expect((await history.recent(1))[0]!.rn).toBe(5);
    await store.close();
  });
});
