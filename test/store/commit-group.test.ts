import { expect } from 'vitest';
import { DurableStore } from '../../src/store/durable-store.js';
import { layout, memoryLogger, test } from './helpers.js';

const place = (run: string, seq: number, rows: number) => ({ run, seq, rows, pass: 0, position: { at: rows }, extra: null });

test('the streams due together commit in one transaction, each with its own rows and checkpoint', async ({ dir }) => {
  const store = await DurableStore.open(dir, { logger: memoryLogger(), flushMs: 60_000 });
  const names = ['a', 'b', 'c'];
  const streams = await Promise.all(names.map((stream) => store.stream({ ...layout(), stream })));
  streams.forEach((s, i) => {
    s.writer.rows(
      Array.from({ length: i + 1 }, (_, k) => ({ time: 1000 + k, temp: 10 * i + k })),
      1,
      0,
    );
    s.writer.checkpoint(place(`r${i}`, 1, i + 1));
  });
  const before = store.stats().transactions;
  await Promise.all(streams.map((s) => s.flush()));
  expect(store.stats().transactions - before).toBe(1);
  expect(store.stats().streams.map((s) => [s.stream, s.rows, s.commits])).toEqual([
    ['a', 1, 1],
    ['b', 2, 1],
    ['c', 3, 1],
  ]);
  expect(streams.map((s) => s.checkpoint()?.position)).toEqual([{ at: 1 }, { at: 2 }, { at: 3 }]);
  expect((await streams[2]!.recent(10)).map((r) => r.values[0])).toEqual([20, 21, 22]);
  await store.close();
  // Their checkpoints were appended together: each is there for a reopened store.
  const reopened = await DurableStore.open(dir, { logger: memoryLogger(), flushMs: 60_000 });
  const again = await Promise.all(names.map((stream) => reopened.stream({ ...layout(), stream })));
  expect(again.map((s) => s.checkpoint())).toEqual(names.map((_, i) => place(`r${i}`, 1, i + 1)));
  await reopened.close();
});

test('checkpoints are appended; after retention prunes the older ones, a reopen finds the newest', async ({ dir }) => {
  const first = await DurableStore.open(dir, { logger: memoryLogger(), flushMs: 60_000 });
  const stream = await first.stream(layout());
  for (let i = 1; i <= 5; i++) {
    stream.writer.rows([{ time: 1000 * i, temp: i }], i, 0);
    stream.writer.checkpoint(place('r', i, i));
    await stream.flush();
  }
  await first.close();
  for (const prune of [false, true]) {
    const store = await DurableStore.open(dir, { logger: memoryLogger(), flushMs: 60_000 });
    const again = await store.stream(layout());
    expect(again.checkpoint()).toEqual(place('r', 5, 5));
    expect((await again.recent(10)).map((r) => r.values[0])).toEqual([1, 2, 3, 4, 5]);
    if (prune) await again.enforce({ durationMs: Number.POSITIVE_INFINITY, diskBytes: Number.POSITIVE_INFINITY });
    await store.close();
  }
});
