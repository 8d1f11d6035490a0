import { describe, expect, it } from 'vitest';
import { decimateWindow } from '../../../src/ui/chart/window-decimation.js';

const view = (t: number[], y: number[]) => ({ t: Float64Array.from(t), y: [Float64Array.from(y)] });

describe('decimateWindow', () => {
  it('keeps per pixel column the first, lowest, highest and last point, in time order', () => {
    // 2 pixel columns over [0, 20): rows 0–9 in the first, 10–19 in the second.
    const t = Array.from({ length: 20 }, (_, k) => k);
    const y = [5, 1, 9, 3, 4, 2, 8, 6, 7, 5, /* second */ 0, 0, 0, 7, 0, 0, -2, 0, 0, 1];
    const [line] = decimateWindow(view(t, y), [0], { range: [0, 19.999], width: 2, fullDetailUpTo: 4 });
    expect(line!.x).toEqual([0, 1, 2, 9, 10, 13, 16, 19]);
    expect(line!.y).toEqual([5, 1, 9, 5, 0, 7, -2, 1]);
  });

  it('draws every row when the visible range holds no more than fullDetailUpTo rows', () => {
    const t = [0, 1, 2, 3, 4, 5];
    const [line] = decimateWindow(view(t, [1, 2, 3, 4, 5, 6]), [0], { range: null, width: 1, fullDetailUpTo: 6 });
    expect(line!.x).toEqual(t);
  });

  it('keeps a gap as one null, however many empty rows follow each other', () => {
    const t = [0, 1, 2, 3, 4, 5, 6, 7];
    const y = [1, 2, Number.NaN, Number.NaN, Number.NaN, 3, 4, 5];
    const [line] = decimateWindow(view(t, y), [0], { range: null, width: 100, fullDetailUpTo: 100 });
    expect(line!.y).toEqual([1, 2, null, 3, 4, 5]);
    expect(line!.x).toEqual([0, 1, 2, 5, 6, 7]);
  });

  it('puts rows outside a zoomed range into coarse buckets, so the lines still reach the edges', () => {
    const t = Array.from({ length: 100 }, (_, k) => k);
    const y = t.map((k) => k % 7);
    const [line] = decimateWindow(view(t, y), [0], { range: [40, 59], width: 20, fullDetailUpTo: 40 });
    // Every row of the range (20 rows, under fullDetailUpTo), and a few points on either side.
    const inside = line!.x.filter((x) => x !== null && x >= 40 && x <= 59);
    expect(inside).toEqual(Array.from({ length: 20 }, (_, k) => 40 + k));
    expect(line!.x[0]).toBe(0);
    expect(line!.x.at(-1)).toBe(99);
    expect(line!.x.length).toBeLessThan(100);
  });

  it('buckets the rows left and right of a zoomed range by the whole window over the plot width', () => {
    // Range [40, 79] on 4 pixels: columns of 9.75 ms (79 is on the right edge: a column of its own).
    // Outside it, buckets of (99 - 0) / 4 = 24.75 ms counted from the range's edges: 0–15, 16–39 | 80–99.
    const t = Array.from({ length: 100 }, (_, k) => k);
    const [line] = decimateWindow(view(t, t), [0], { range: [40, 79], width: 4, fullDetailUpTo: 8 });
    expect(line!.x).toEqual([0, 15, 16, 39, 40, 49, 50, 59, 60, 69, 70, 78, 79, 80, 99]);
  });

  it('decimates several series over the same buckets', () => {
    const t = Array.from({ length: 40 }, (_, k) => k);
    const rows = { t: Float64Array.from(t), y: [Float64Array.from(t), Float64Array.from(t.map((k) => -k))] };
    // 4 pixel columns of 9.75 ms over [0, 39], and the last row on the right edge: a rising line keeps its first and last per column.
    const lines = decimateWindow(rows, [1, 0], { range: null, width: 4, fullDetailUpTo: 8 });
    expect(lines.map((l) => l.x)).toEqual([
      [0, 9, 10, 19, 20, 29, 30, 38, 39],
      [0, 9, 10, 19, 20, 29, 30, 38, 39],
    ]);
    expect(lines[0]!.y.slice(0, 2)).toEqual([-0, -9]);
  });
});
