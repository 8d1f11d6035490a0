import { afterEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../src/stream/batcher.js';
import type { Row } from '../../src/values/row.js';

function collect(nominalRate: number | undefined, options = { aboveRate: 50, tickMs: 10, maxRows: 4 }) {
  const out: (Row | Row[])[] = [];
  const batcher = new Batcher(
    options,
    nominalRate,
    (row) => out.push(row),
    (rows) => out.push(rows),
  );
  return { batcher, out };
}

afterEach(() => vi.useRealTimers());

describe('Batcher', () => {
  it('sends each row on its own for a slow nominal rate', () => {
    const { batcher, out } = collect(10);
    batcher.add({ n: 1 });
    batcher.add({ n: 2 });
    expect(out).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('groups rows of a fast nominal rate into one batch per tick', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(1000);
    batcher.add({ n: 1 });
    batcher.add({ n: 2 });
    batcher.add({ n: 3 });
    expect(out).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(out).toEqual([[{ n: 1 }, { n: 2 }, { n: 3 }]]);
  });

  it('sends a full batch at once without waiting for the tick', () => {
    const { batcher, out } = collect(1000);
    for (let n = 1; n <= 5; n++) batcher.add({ n });
    expect(out).toEqual([[{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]]);
    batcher.flush();
    expect(out[1]).toEqual({ n: 5 }); // a lone row goes out in the single-row form
  });

  it('adapts when the source declares no rate: rows close together are batched, spaced rows are not', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(undefined);
    vi.advanceTimersByTime(100);
    batcher.add({ n: 1 }); // 100 ms after the start
    vi.advanceTimersByTime(100);
    batcher.add({ n: 2 }); // 100 ms later: slower than 50 rows/s
    expect(out).toEqual([{ n: 1 }, { n: 2 }]);
    batcher.add({ n: 3 }); // at once: fast
    batcher.add({ n: 4 });
    vi.advanceTimersByTime(10);
    expect(out.slice(2)).toEqual([[{ n: 3 }, { n: 4 }]]);
  });

  it('judges rows delivered together by their average rate since the previous delivery', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(undefined);
    vi.advanceTimersByTime(100);
    batcher.addAll([{ n: 1 }]);
    vi.advanceTimersByTime(100);
    batcher.addAll([{ n: 2 }, { n: 3 }]); // 2 rows in 100 ms = 20 rows/s: below 50, one event each
    expect(out).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    vi.advanceTimersByTime(100);
    batcher.addAll([{ n: 4 }, { n: 5 }, { n: 6 }, { n: 7 }, { n: 8 }, { n: 9 }]); // 60 rows/s: batched, full at 4
    expect(out.slice(3)).toEqual([[{ n: 4 }, { n: 5 }, { n: 6 }, { n: 7 }]]);
    vi.advanceTimersByTime(10);
    expect(out.slice(4)).toEqual([[{ n: 8 }, { n: 9 }]]);
  });

  it('keeps the positions of rows delivered together, one event per row below the rate', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const positions: (number[] | undefined)[] = [];
    const batcher = new Batcher(
      { aboveRate: 1e6, tickMs: 10, maxRows: 4 },
      undefined,
      (_row, at) => positions.push(at),
      () => {
        throw new Error('no batch expected');
      },
    );
    vi.advanceTimersByTime(1);
    batcher.addAll([{ n: 1 }, { n: 2 }], [0, 7, 0, 8]); // 2,000 rows/s, below 1,000,000
    expect(positions).toEqual([
      [0, 7],
      [0, 8],
    ]);
  });

  it('batches a backlog delivered at once when the run starts', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(undefined);
    vi.advanceTimersByTime(5);
    batcher.addAll([{ n: 1 }, { n: 2 }, { n: 3 }]); // 3 rows 5 ms after the start: 600 rows/s
    vi.advanceTimersByTime(10);
    expect(out).toEqual([[{ n: 1 }, { n: 2 }, { n: 3 }]]);
  });

  it('drops pending rows on discard', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(1000);
    batcher.add({ n: 1 });
    batcher.discard();
    vi.advanceTimersByTime(50);
    expect(out).toEqual([]);
  });
});
