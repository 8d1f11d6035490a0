import { describe, expect, it } from 'vitest';
import { finiteIndex, finiteSpan } from '../../../src/ui/chart/finite-index.js';

describe('finiteIndex', () => {
  const xs = [Number.NaN, null, 3, Number.POSITIVE_INFINITY, 5, null];

  it('finds the first finite value from `start`, oldest first or newest first', () => {
    expect(finiteIndex(xs, 0, 1)).toBe(2);
    expect(finiteIndex(xs, 3, 1)).toBe(4);
    expect(finiteIndex(xs, xs.length - 1, -1)).toBe(4);
    expect(finiteIndex(xs, 3, -1)).toBe(2);
  });

  it('is undefined when there is none that way, or `start` is outside', () => {
    expect(finiteIndex(xs, 5, 1)).toBeUndefined();
    expect(finiteIndex(xs, 1, -1)).toBeUndefined();
    expect(finiteIndex(xs, 6, -1)).toBeUndefined();
    expect(finiteIndex(new Float64Array(0), 0, 1)).toBeUndefined();
  });
});

describe('finiteSpan', () => {
  it('spans from the lowest first to the highest last finite value of the series', () => {
    expect(finiteSpan([[Number.NaN, 10, 20, null], new Float64Array([5, 15, Number.NaN]), [null]])).toEqual([5, 20]);
  });

  it('is null when no series has a finite value', () => {
    expect(finiteSpan([[null, Number.NaN], []])).toBeNull();
    expect(finiteSpan([])).toBeNull();
  });
});
