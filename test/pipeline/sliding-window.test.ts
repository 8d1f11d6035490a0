import { describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../src/pipeline/sliding-window.js';

/** A window of `size` with `values` pushed (at data time 0 unless `times` says). */
function windowOf(size: ConstructorParameters<typeof SlidingWindow>[0], values: number[], times: number[] = values.map(() => 0)) {
  const w = new SlidingWindow(size, { minimum: true, maximum: true });
  values.forEach((v, i) => {
    w.push(v, times[i]!);
  });
  return w;
}

describe('SlidingWindow', () => {
  it('has no statistics before the first value, and no std before the second', () => {
    const w = windowOf({ rows: 3 }, []);
    expect([w.count, w.mean(), w.std(), w.min(), w.max()]).toEqual([0, null, null, null, null]);
    w.push(4, 0);
    expect([w.count, w.mean(), w.std(), w.min(), w.max()]).toEqual([1, 4, null, 4, 4]);
  });

  it('keeps the last N values: mean, sample std, min and max of those', () => {
    const w = windowOf({ rows: 3 }, [5, 1, 3, 9, 2]);
    expect([w.count, w.mean(), w.min(), w.max()]).toEqual([3, 14 / 3, 2, 9]);
    expect(w.std()).toBeCloseTo(Math.sqrt(((3 - 14 / 3) ** 2 + (9 - 14 / 3) ** 2 + (2 - 14 / 3) ** 2) / 2), 12);
  });

  it('finds the min and max as values leave, equal values included', () => {
    const mins: (number | null)[] = [];
    const maxs: (number | null)[] = [];
    const w = new SlidingWindow({ rows: 2 }, { minimum: true, maximum: true });
    for (const v of [3, 3, 1, 1, 5, 5, 2]) {
      w.push(v, 0);
      mins.push(w.min());
      maxs.push(w.max());
    }
    expect(mins).toEqual([3, 3, 1, 1, 1, 5, 2]);
    expect(maxs).toEqual([3, 3, 3, 1, 5, 5, 5]);
  });

  it('has no min or max unless asked for them', () => {
    const w = new SlidingWindow({ rows: 2 });
    w.push(1, 0);
    expect([w.min(), w.max(), w.mean()]).toEqual([null, null, 1]);
  });

  it('gives a std of 0, not NaN, when rounding makes the variance a hair below zero', () => {
    // 0.1, 0.2, 0.2, 0.2 in a window of 3: the sums give a variance of about -3.5e-18
    expect(windowOf({ rows: 3 }, [0.1, 0.2, 0.2, 0.2]).std()).toBe(0);
  });

  it('over data time: keeps the values of the last `ms` before the newest, the newest always', () => {
    const minute = 60_000;
    expect(
      windowOf(
        { ms: 2 * minute },
        [1, 2, 3, 4],
        [0, 1, 2, 3].map((m) => m * minute),
      ).mean(),
    ).toBe(3.5);
    // two values at the same time stay together
    expect(windowOf({ ms: minute }, [1, 3], [0, 0]).mean()).toBe(2);
    // a time going back (a loop's restart) keeps nothing older than the newest value
    expect(
      windowOf(
        { ms: 10 * minute },
        [1, 2, 3],
        [5, 6, 1].map((m) => m * minute),
      ).mean(),
    ).toBe(3);
    // a value without a time keeps only itself
    expect(windowOf({ ms: minute }, [1, 2, 7], [0, 0, Number.NaN]).mean()).toBe(7);
  });

  it('recomputes its sums from the kept values once 64 values have left: a huge value that left does not spoil the std', () => {
    // 1e12 squared swallows the small squares added while it is in the sums; the recount after
    // the 64th eviction (the 67th value, with a window of 3) sets them right.
    const w = windowOf({ rows: 3 }, [0, 1e12, ...Array.from({ length: 65 }, (_, i) => 1 + (i % 3))]);
    expect(w.count).toBe(3);
    expect(w.std()).toBe(1);
    expect(w.mean()).toBe(2);
  });
});
