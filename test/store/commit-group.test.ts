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
});
