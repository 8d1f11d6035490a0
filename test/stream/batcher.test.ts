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

/** Like collect, with the positions of each emitted row or batch. */
function collectWithPositions(nominalRate: number | undefined, options = { aboveRate: 50, tickMs: 10, maxRows: 4 }) {
  const out: (Row | Row[])[] = [];
  const positions: (number[] | undefined)[] = [];
  const batcher = new Batcher(
    options,
    nominalRate,
    (row, at) => {
      out.push(row);
      positions.push(at);
    },
    (rows, at) => {
      out.push(rows);
      positions.push(at);
    },
  );
  return { batcher, out, positions };
}

afterEach(() => vi.useRealTimers());

describe('Batcher', () => {
  it('sends each row on its own for a slow nominal rate', () => {
    const { batcher, out } = collect(10);
    batcher.addAll([{ n: 1 }]);
    batcher.addAll([{ n: 2 }]);
    expect(out).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('groups rows of a fast nominal rate into one batch per tick', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(1000);
    batcher.addAll([{ n: 1 }]);
    batcher.addAll([{ n: 2 }]);
    batcher.addAll([{ n: 3 }]);
    expect(out).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(out).toEqual([[{ n: 1 }, { n: 2 }, { n: 3 }]]);
  });

  it('sends a full batch at once without waiting for the tick', () => {
    const { batcher, out } = collect(1000);
    for (let n = 1; n <= 5; n++) batcher.addAll([{ n }]);
    expect(out).toEqual([[{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]]);
    batcher.flush();
    expect(out[1]).toEqual({ n: 5 }); // a lone row goes out in the single-row form
  });

  it('adapts when the source declares no rate: rows close together are batched, spaced rows are not', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(undefined);
    vi.advanceTimersByTime(100);
    batcher.addAll([{ n: 1 }]); // 100 ms after the start
    vi.advanceTimersByTime(100);
    batcher.addAll([{ n: 2 }]); // 100 ms later: slower than 50 rows/s
    expect(out).toEqual([{ n: 1 }, { n: 2 }]);
    batcher.addAll([{ n: 3 }]); // at once: fast
    batcher.addAll([{ n: 4 }]);
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

  it('drops pending rows, their positions and their timer on discard', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out, positions } = collectWithPositions(1000);
    batcher.addAll([{ n: 1 }], [0, 1]);
    batcher.discard();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(50);
    batcher.flush();
    expect(out).toEqual([]);
    batcher.addAll([{ n: 2 }, { n: 3 }], [0, 2, 0, 3]);
    batcher.flush();
    expect(out).toEqual([[{ n: 2 }, { n: 3 }]]);
    expect(positions).toEqual([[0, 2, 0, 3]]);
  });

  it('a nominal rate equal to aboveRate is not fast', () => {
    const { batcher, out } = collect(50);
    batcher.addAll([{ n: 1 }, { n: 2 }]);
    expect(out).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('adaptive: rows exactly one aboveRate interval apart are not fast', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(undefined); // aboveRate 50: 20 ms per row
    vi.advanceTimersByTime(20);
    batcher.addAll([{ n: 1 }]);
    expect(out).toEqual([{ n: 1 }]);
    vi.advanceTimersByTime(19);
    batcher.addAll([{ n: 2 }]);
    expect(out).toEqual([{ n: 1 }]);
  });

  it('adaptive: an empty delivery (every row filtered out) does not count as an arrival', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(undefined);
    vi.advanceTimersByTime(100);
    batcher.addAll([]);
    batcher.addAll([{ n: 1 }]); // 100 ms after the start, not after the empty delivery
    expect(out).toEqual([{ n: 1 }]);
  });

  it('a slow row arriving while fast rows are pending goes out after them, in the same batch', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(undefined, { aboveRate: 50, tickMs: 1000, maxRows: 100 });
    batcher.addAll([{ n: 1 }, { n: 2 }]); // fast: pending, the batch leaves in 1 s at the latest
    vi.advanceTimersByTime(500);
    batcher.addAll([{ n: 3 }]); // 500 ms later: slow, but rows are pending
    expect(out).toEqual([]);
    batcher.flush();
    expect(out).toEqual([[{ n: 1 }, { n: 2 }, { n: 3 }]]);
  });

  it('sets no timer when a delivery fills batches exactly, and flush() cancels the timer of what it sent', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { batcher, out } = collect(1000, { aboveRate: 50, tickMs: 10, maxRows: 2 });
    batcher.addAll([{ n: 1 }, { n: 2 }]);
    expect(out).toEqual([[{ n: 1 }, { n: 2 }]]);
    expect(vi.getTimerCount()).toBe(0);
    batcher.addAll([{ n: 3 }]); // its batch is due at 10 ms
    vi.advanceTimersByTime(5);
    batcher.flush();
    batcher.addAll([{ n: 4 }]); // due at 15 ms, not at the 10 ms of the batch before
    vi.advanceTimersByTime(5);
    expect(out.slice(1)).toEqual([{ n: 3 }]);
    vi.advanceTimersByTime(5);
    expect(out.slice(1)).toEqual([{ n: 3 }, { n: 4 }]);
  });

  it('gives no positions for rows without them', () => {
    const { batcher, out, positions } = collectWithPositions(1000);
    batcher.addAll([{ n: 1 }, { n: 2 }]);
    batcher.flush();
    batcher.addAll([{ n: 3 }]);
    batcher.flush();
    expect(out).toEqual([[{ n: 1 }, { n: 2 }], { n: 3 }]);
    expect(positions).toEqual([undefined, undefined]);
  });
});
