import { describe, expect, it } from 'vitest';
import { BLOCK_ROWS, type BlockExtremes, type LinePoints, M4Line, noteExtreme } from '../../src/values/m4-decimation.js';

const f64 = (values: readonly number[]) => Float64Array.from(values);
const N = Number.NaN;

/** addRows over rows with the given keys, times and values. */
function decimate(keys: readonly number[], t: readonly number[], y: readonly number[]): LinePoints {
  const line = new M4Line();
  line.addRows(f64(t), f64(y), f64(keys));
  return line.finish();
}

/** Every row its own time, k (so x names the rows kept). */
const rowsOf = (y: readonly number[]) => y.map((_, k) => k);

/**
 * M4 as its definition says, one bucket (a run of equal keys) at a time: a break where a bucket
 * starts or ends with a gap (never at the line's start, never twice), then the first, smallest,
 * largest and last value, each once, in row order. A row without a key is a break of its own.
 */
function reference(t: Float64Array, y: Float64Array, keys: Float64Array): LinePoints {
  const out: LinePoints = { x: [], y: [] };
  let broken = true;
  const gap = (time: number) => {
    if (broken) return;
    out.x.push(Number.isNaN(time) ? null : time);
    out.y.push(null);
    broken = true;
  };
  for (let s = 0; s < keys.length; ) {
    let e = s + 1;
    if (Number.isNaN(keys[s]!)) {
      gap(Number.NaN);
      s = e;
      continue;
    }
    while (e < keys.length && keys[e] === keys[s]) e++;
    const values: number[] = [];
    for (let k = s; k < e; k++) if (!Number.isNaN(y[k]!)) values.push(k);
    if (values.length === 0) gap(t[s]!);
    else {
      const first = values[0]!;
      const last = values.at(-1)!;
      if (first > s) gap(t[s]!);
      let low = first;
      let high = first;
      for (const k of values) {
        if (y[k]! < y[low]!) low = k;
        if (y[k]! > y[high]!) high = k;
      }
      for (const k of [...new Set([first, low, high, last])].sort((a, b) => a - b)) {
        out.x.push(t[k]!);
        out.y.push(y[k]!);
        broken = false;
      }
      if (last < e - 1) gap(t[last + 1]!);
    }
    s = e;
  }
  return out;
}

/** Deterministic pseudo-random numbers in [0, 1). */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Extremes of every block of `y`, as the history records them row by row. */
function extremesOf(y: Float64Array): BlockExtremes {
  const blocks = Math.ceil(y.length / BLOCK_ROWS);
  const extremes = { low: new Int32Array(blocks), high: new Int32Array(blocks) };
  for (let k = 0; k < y.length; k++) noteExtreme(extremes, y, k);
  return extremes;
}

describe('M4Line', () => {
  describe('a bucket', () => {
    it('keeps its first, lowest, highest and last point, in row order', () => {
      expect(decimate([0, 0, 0, 0, 0, 0], rowsOf([5, 9, 7, 1, 6, 4]), [5, 9, 7, 1, 6, 4])).toEqual({ x: [0, 1, 3, 5], y: [5, 9, 1, 4] });
      // The lowest before the highest.
      expect(decimate([0, 0, 0, 0, 0], rowsOf([5, 2, 7, 8, 6]), [5, 2, 7, 8, 6])).toEqual({ x: [0, 1, 3, 4], y: [5, 2, 8, 6] });
    });

    it('with one row gives that one point', () => {
      expect(decimate([3], [1000], [42])).toEqual({ x: [1000], y: [42] });
      expect(decimate([0, 1, 2], [10, 20, 30], [1, 2, 3])).toEqual({ x: [10, 20, 30], y: [1, 2, 3] });
    });

    it('gives a point once when it is both the first and the lowest (or the last and the highest)', () => {
      expect(decimate([0, 0, 0, 0], rowsOf([1, 5, 3, 9]), [1, 5, 3, 9])).toEqual({ x: [0, 3], y: [1, 9] });
      expect(decimate([0, 0, 0, 0], rowsOf([9, 5, 3, 1]), [9, 5, 3, 1])).toEqual({ x: [0, 3], y: [9, 1] });
      expect(decimate([0, 0, 0], rowsOf([4, 9, 1]), [4, 9, 1])).toEqual({ x: [0, 1, 2], y: [4, 9, 1] });
    });

    it('of equal values keeps the first and the last (the first of equal extremes wins)', () => {
      expect(decimate([0, 0, 0, 0, 0], rowsOf([7, 7, 7, 7, 7]), [7, 7, 7, 7, 7])).toEqual({ x: [0, 4], y: [7, 7] });
      expect(decimate([0, 0, 0, 0, 0, 0], rowsOf([3, 1, 8, 1, 8, 3]), [3, 1, 8, 1, 8, 3])).toEqual({ x: [0, 1, 2, 5], y: [3, 1, 8, 3] });
    });
  });

  describe('gaps', () => {
    it('draw a gap inside a bucket through (it is narrower than a pixel column)', () => {
      expect(decimate([0, 0, 0, 0], [0, 1, 2, 3], [1, N, N, 2])).toEqual({ x: [0, 3], y: [1, 2] });
    });

    it('break the line once at a bucket that starts with gaps, at the first gap', () => {
      expect(decimate([0, 0, 1, 1, 1, 1], [0, 1, 2, 3, 4, 5], [1, 2, N, N, 3, 4])).toEqual({
        x: [0, 1, 2, 4, 5],
        y: [1, 2, null, 3, 4],
      });
    });

    it('break the line once after a bucket that ends with gaps, at the first gap after its last point', () => {
      expect(decimate([0, 0, 0, 0, 1], [0, 1, 2, 3, 4], [1, 2, N, N, 3])).toEqual({ x: [0, 1, 2, 4], y: [1, 2, null, 3] });
    });

    it('give one break for a bucket of gaps only, and none for the buckets of gaps that follow it', () => {
      expect(decimate([0, 1, 1, 2, 3], [0, 1, 2, 3, 4], [1, N, N, N, 5])).toEqual({ x: [0, 1, 4], y: [1, null, 5] });
    });

    it('give no break before the first point of the line, and one at its end when it ends with gaps', () => {
      expect(decimate([0, 0, 1, 1], [0, 1, 2, 3], [N, N, 4, N])).toEqual({ x: [2, 3], y: [4, null] });
      expect(decimate([0, 1], [0, 1], [N, N])).toEqual({ x: [], y: [] });
    });

    it('give a break with no time for a row without a time (a NaN key), once for several in a row', () => {
      expect(decimate([0, 0, N, N, 1], [0, 1, N, N, 4], [1, 3, 2, 2, 5])).toEqual({ x: [0, 1, null, 4], y: [1, 3, null, 5] });
      // The bucket before the row ends there: the same key after it is a new bucket.
      expect(decimate([0, 0, N, 0, 0], [0, 1, N, 3, 4], [1, 3, 2, 6, 5])).toEqual({ x: [0, 1, null, 3, 4], y: [1, 3, null, 6, 5] });
    });
  });

  it('gives nothing for no rows', () => {
    expect(new M4Line().finish()).toEqual({ x: [], y: [] });
    const line = new M4Line();
    line.addRun(0, f64([1]), f64([1]), 0, 0);
    expect(line.finish()).toEqual({ x: [], y: [] });
  });

  it('joins the runs of one bucket fed in several calls (the chunks of the history) into one bucket', () => {
    const t = f64([0, 1, 2, 3, 4, 5, 6, 7]);
    const y = f64([5, N, 9, 1, N, N, 4, 6]);
    const line = new M4Line();
    line.addRun(0, t, y, 0, 2);
    line.addRun(0, t, y, 2, 4);
    line.addRun(0, t, y, 4, 6);
    line.addRun(1, t, y, 6, 8);
    expect(line.finish()).toEqual({ x: [0, 2, 3, 4, 6, 7], y: [5, 9, 1, null, 4, 6] });
  });

  it('takes the extremes of a bucket from the first row of a later chunk (arrays of their own)', () => {
    const line = new M4Line();
    line.addRun(0, f64([0, 1]), f64([5, 6]), 0, 2);
    line.addRun(0, f64([2, 3]), f64([1, 9]), 0, 1);
    line.addRun(0, f64([3, 4]), f64([9, 7]), 0, 2);
    expect(line.finish()).toEqual({ x: [0, 2, 3, 4], y: [5, 1, 9, 7] });
  });

  it('gives the points of its definition for random rows, keys, gaps and rows without a time', () => {
    const random = randomSource(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 300);
      const keys = new Float64Array(n);
      const y = new Float64Array(n);
      let key = 0;
      for (let k = 0; k < n; k++) {
        if (random() < 0.15) key += 1 + Math.floor(random() * 3);
        keys[k] = random() < 0.03 ? N : key;
        y[k] = random() < 0.2 ? N : Math.floor(random() * 20); // few distinct values: ties are common
      }
      const t = Float64Array.from(keys, (key, k) => (Number.isNaN(key) ? N : k * 10));
      const line = new M4Line();
      line.addRows(t, y, keys);
      expect(line.finish()).toEqual(reference(t, y, keys));
    }
  });

  it('skips whole blocks by their extremes and gives the points of a plain scan, across block boundaries and chunks', () => {
    const random = randomSource(5);
    const rows = 40 * BLOCK_ROWS + 17;
    const y = new Float64Array(rows);
    for (let k = 0; k < rows; k++) {
      const block = Math.floor(k / BLOCK_ROWS);
      // Some blocks of gaps only, some with a gap at their first row, ties in every block.
      y[k] = block % 7 === 3 || (k % BLOCK_ROWS === 0 && block % 5 === 1) || random() < 0.05 ? N : Math.floor(random() * 1000);
    }
    const t = Float64Array.from(y, (_, k) => k);
    const extremes = extremesOf(y);
    for (let trial = 0; trial < 50; trial++) {
      // Buckets of random lengths (from a few rows to several blocks), each fed in one to three runs.
      const keys = new Float64Array(rows);
      const blocked = new M4Line();
      const plain = new M4Line();
      let key = 0;
      for (let start = 0; start < rows; key++) {
        const end = Math.min(rows, start + 1 + Math.floor(random() * 5 * BLOCK_ROWS));
        keys.fill(key, start, end);
        const cut = start + Math.floor(random() * (end - start));
        for (const [s, e] of [
          [start, cut],
          [cut, end],
        ] as const) {
          blocked.addRun(key, t, y, s, e, extremes);
          plain.addRun(key, t, y, s, e);
        }
        start = end;
      }
      const expected = reference(t, y, keys);
      expect(blocked.finish()).toEqual(expected);
      expect(plain.finish()).toEqual(expected);
    }
  });

  it('reads a block by its extremes only when the whole block lies in the run', () => {
    // The second block's largest value is its last row, the first row of the next bucket.
    const y = new Float64Array(2 * BLOCK_ROWS).fill(5);
    y[BLOCK_ROWS + 3] = 4;
    y[2 * BLOCK_ROWS - 1] = 100;
    const t = Float64Array.from(y, (_, k) => k);
    const extremes = extremesOf(y);
    const line = new M4Line();
    line.addRun(0, t, y, 0, 2 * BLOCK_ROWS - 1, extremes);
    line.addRun(1, t, y, 2 * BLOCK_ROWS - 1, 2 * BLOCK_ROWS, extremes);
    expect(line.finish()).toEqual({ x: [0, BLOCK_ROWS + 3, 2 * BLOCK_ROWS - 2, 2 * BLOCK_ROWS - 1], y: [5, 4, 5, 100] });
  });
});

describe('noteExtreme', () => {
  it('records per block the first smallest and first largest row, -1 for a block of gaps only', () => {
    const y = new Float64Array(3 * BLOCK_ROWS).fill(5);
    y[0] = N; // a gap first: the block's extremes start at its first value
    y[3] = 2;
    y[9] = 2;
    y[10] = 8;
    y[BLOCK_ROWS - 1] = 8;
    y.fill(N, BLOCK_ROWS, 2 * BLOCK_ROWS);
    y[2 * BLOCK_ROWS + 5] = 1;
    const extremes = extremesOf(y);
    expect([...extremes.low]).toEqual([3, -1, 2 * BLOCK_ROWS + 5]);
    expect([...extremes.high]).toEqual([10, -1, 2 * BLOCK_ROWS]);
  });

  it('starts a block afresh at its first row, whatever the block before held', () => {
    const y = f64([...Array.from({ length: BLOCK_ROWS }, () => 1), 7, 3]);
    const extremes = extremesOf(y);
    expect([...extremes.low]).toEqual([0, BLOCK_ROWS + 1]);
    expect([...extremes.high]).toEqual([0, BLOCK_ROWS]);
  });
});
