import { afterEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../src/stream/batcher.js';
import type { Row } from '../../src/sources/types.js';

function collect(nominalRate: number | undefined, options = { aboveRate: 50, tickMs: 10, maxRows: 4 }) {
  const out: (Row | Row[])[] = [];
  const batcher = new Batcher(options, nominalRate, (row) => out.push(row), (rows) => out.push(rows));
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
    batcher.add({ n: 1 }); // first row: nothing before it
    vi.advanceTimersByTime(100);
    batcher.add({ n: 2 }); // 100 ms later: slower than 50 rows/s
    expect(out).toEqual([{ n: 1 }, { n: 2 }]);
    batcher.add({ n: 3 }); // at once: fast
    batcher.add({ n: 4 });
    vi.advanceTimersByTime(10);
    expect(out.slice(2)).toEqual([[{ n: 3 }, { n: 4 }]]);
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
