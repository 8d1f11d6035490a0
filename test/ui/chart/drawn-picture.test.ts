import { describe, expect, it } from 'vitest';
import { DrawnPicture, REDRAW_AT_LEAST_EVERY_MS } from '../../../src/ui/chart/drawn-picture.js';
import type { RowView } from '../../../src/ui/chart/row-window.js';

/**
 * Two lines of 100 points, x = 0, 100, …, 9,900 ms, on 10 pixels: a pixel column is 990 ms, so
 * the last column holds x = 8,910…9,900 (points 90–99) and half a pixel is 495 ms.
 * Line 0 is k mod 5 (0…4 in the last column), line 1 is −k (−99…−90).
 */
const xs = Array.from({ length: 100 }, (_, k) => k * 100);
const lines = [
  { x: xs, y: xs.map((_, k) => k % 5) },
  { x: xs, y: xs.map((_, k) => -k) },
];
const DRAWN_AT = 1_000;

/** One source's new rows: times, then one column per line (column c feeds the trace named in `series`). */
function view(t: number[], ...columns: number[][]): RowView {
  return { t: Float64Array.from(t), y: columns.map((c) => Float64Array.from(c)) };
}

/** Picture with a y-pixel of 0.2 on both axes (0.1 of slack each way), one source without history whose oldest row is at 0. */
const picture = () => DrawnPicture.of(lines, 10, [0.2, 0.2], [0], DRAWN_AT)!;

describe('DrawnPicture', () => {
  it('shows rows within half a pixel of the newest time and within the last column’s values ± half a y-pixel', () => {
    expect(picture().shows([view([9_950, 10_395], [2, 4.1], [-90.1, -99.1])], [[0, 1]], [0], DRAWN_AT + 10)).toBe(true);
    expect(picture().shows([undefined], [[0, 1]], [0], DRAWN_AT + 10)).toBe(true); // nothing new
  });

  it('does not show a new extreme of any line', () => {
    expect(picture().shows([view([9_950], [4.2], [-95])], [[0, 1]], [0], DRAWN_AT)).toBe(false);
    expect(picture().shows([view([9_950], [-0.2], [-95])], [[0, 1]], [0], DRAWN_AT)).toBe(false);
    expect(picture().shows([view([9_950], [2], [-89.8])], [[0, 1]], [0], DRAWN_AT)).toBe(false);
  });

  it('does not show a row in a new pixel column, a gap, or a row without a time', () => {
    expect(picture().shows([view([10_396], [2], [-95])], [[0, 1]], [0], DRAWN_AT)).toBe(false);
    expect(picture().shows([view([9_950], [Number.NaN], [-95])], [[0, 1]], [0], DRAWN_AT)).toBe(false);
    expect(picture().shows([view([Number.NaN], [2], [-95])], [[0, 1]], [0], DRAWN_AT)).toBe(false);
  });

  it('reads each trace from the column the source draws into it', () => {
    // Trace 0 (k mod 5) is column 1 here, trace 1 (−k) column 0.
    const rows = view([9_950], [-95], [2]);
    expect(picture().shows([rows], [[1, 0]], [0], DRAWN_AT)).toBe(true);
    expect(picture().shows([rows], [[0, 1]], [0], DRAWN_AT)).toBe(false);
    // Two sources, one trace each: the second source's rows are checked against trace 1.
    const two = DrawnPicture.of(lines, 10, [0.2, 0.2], [0, 0], DRAWN_AT)!;
    expect(two.shows([undefined, view([9_950], [-95])], [[0], [0]], [0, 0], DRAWN_AT)).toBe(true);
    expect(two.shows([undefined, view([9_950], [2])], [[0], [0]], [0, 0], DRAWN_AT)).toBe(false);
  });

  it('is drawn again once a window without history dropped rows, and at least every REDRAW_AT_LEAST_EVERY_MS', () => {
    const rows = view([9_950], [2], [-95]);
    expect(picture().shows([rows], [[0, 1]], [100], DRAWN_AT)).toBe(false);
    expect(picture().shows([rows], [[0, 1]], [0], DRAWN_AT + REDRAW_AT_LEAST_EVERY_MS - 1)).toBe(true);
    expect(picture().shows([rows], [[0, 1]], [0], DRAWN_AT + REDRAW_AT_LEAST_EVERY_MS)).toBe(false);
  });

  it('without a y-pixel, shows only values already drawn; a gap in the last column shows nothing new', () => {
    const exact = DrawnPicture.of(lines, 10, [undefined, undefined], [0], DRAWN_AT)!;
    expect(exact.shows([view([9_950], [4], [-90])], [[0, 1]], [0], DRAWN_AT)).toBe(true);
    expect(exact.shows([view([9_950], [4.01], [-90])], [[0, 1]], [0], DRAWN_AT)).toBe(false);
    const gapped = DrawnPicture.of([{ x: xs, y: xs.map((_, k) => (k === 95 ? null : 1)) }], 10, [0.2], [0], DRAWN_AT)!;
    expect(gapped.shows([view([9_950], [1])], [[0]], [0], DRAWN_AT)).toBe(false);
    expect(DrawnPicture.of([{ x: [5], y: [1] }], 10, [0.2], [0], DRAWN_AT)).toBeUndefined(); // no span to draw on
  });
});
