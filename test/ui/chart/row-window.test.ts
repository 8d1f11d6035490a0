import { describe, expect, it } from 'vitest';
import { cell, isoTime, RowWindow } from '../../../src/ui/chart/row-window.js';
import type { Rows } from '../../../src/ui/row-events.js';

const T0 = Date.parse('2024-03-11T06:00:00.000Z');
/** `count` rows from row `from` on, one per second, two columns: k and −k (column 1 has a gap every 5th row). */
function rows(from: number, count: number): Rows {
  const k = Array.from({ length: count }, (_, i) => from + i);
  return { t: k.map((r) => new Date(T0 + r * 1000).toISOString()), y: [k, k.map((r) => (r % 5 === 0 ? null : -r))] };
}
const list = (a: Float64Array) => Array.from(a);

describe('RowWindow', () => {
  it('keeps the newest `limit` rows of every series, as epoch ms and numbers, gaps as NaN', () => {
    const w = new RowWindow(2, 3);
    w.push(rows(0, 5), [0, 1]);
    const view = w.view();
    expect(list(view.t)).toEqual([T0 + 2000, T0 + 3000, T0 + 4000]);
    expect(list(view.y[0]!)).toEqual([2, 3, 4]);
    expect(list(view.y[1]!)).toEqual([-2, -3, -4]);
    expect(w.size).toBe(3);
  });

  it('maps series to columns through `pick`', () => {
    const w = new RowWindow(1, 10);
    w.push(rows(4, 2), [1]);
    expect(list(w.view().y[0]!)).toEqual([-4, Number.NaN]);
  });

  it('hands the chart each row once (`take`), at most `limit` of them after a long pause', () => {
    const w = new RowWindow(1, 4);
    w.push(rows(0, 3), [0]);
    expect(w.pending).toBe(3);
    expect(list(w.take().y[0]!)).toEqual([0, 1, 2]);
    expect(w.pending).toBe(0);
    w.push(rows(3, 10), [0]);
    expect(w.pending).toBe(4);
    expect(list(w.take().y[0]!)).toEqual([9, 10, 11, 12]);
    expect(w.take().t.length).toBe(0);
  });

  it('keeps what the chart shows while paused, for a zoom, until the window has turned over', () => {
    const w = new RowWindow(1, 4);
    w.push(rows(0, 4), [0]);
    w.take();
    w.push(rows(4, 3), [0]); // not drawn: paused
    expect(list(w.drawnView().y[0]!)).toEqual([0, 1, 2, 3]);
    expect(list(w.view().y[0]!)).toEqual([3, 4, 5, 6]);
    expect(w.drawnKept).toBe(true);
    for (let r = 7; r < 2007; r += 100) w.push(rows(r, 100), [0]); // far more than the window: the drawn rows are gone
    expect(w.drawnKept).toBe(false);
    expect(list(w.view().y[0]!)).toEqual([2003, 2004, 2005, 2006]);
  });

  it('survives many pushes (compaction) without losing or repeating a row', () => {
    const w = new RowWindow(1, 100);
    const seen: number[] = [];
    for (let r = 0; r < 5000; r += 7) {
      w.push(rows(r, 7), [0]);
      seen.push(...list(w.take().y[0]!));
    }
    expect(seen).toEqual(Array.from({ length: 5005 }, (_, i) => i));
    expect(list(w.view().y[0]!)).toEqual(Array.from({ length: 100 }, (_, i) => 4905 + i));
    expect(list(w.drawnView().y[0]!)).toEqual(Array.from({ length: 100 }, (_, i) => 4905 + i));
  });

  it('setLimit shrinks and grows the window; clear empties it', () => {
    const w = new RowWindow(1, 10);
    w.push(rows(0, 10), [0]);
    w.setLimit(3);
    expect(list(w.view().y[0]!)).toEqual([7, 8, 9]);
    w.setLimit(5); // a row still in the arrays counts again
    w.push(rows(10, 1), [0]);
    expect(list(w.view().y[0]!)).toEqual([6, 7, 8, 9, 10]);
    w.clear();
    expect([w.size, w.pending, w.view().t.length]).toEqual([0, 0, 0]);
  });

  it('reads a row without a time as NaN, and writes it back as null (isoTime, cell)', () => {
    const w = new RowWindow(1, 2);
    w.push({ t: [null, '2024-03-11T06:00:01.500Z'], y: [[1, 'text']] }, [0]);
    const view = w.view();
    expect(Array.from(view.t, isoTime)).toEqual([null, '2024-03-11T06:00:01.500Z']);
    expect(Array.from(view.y[0]!, cell)).toEqual([1, null]);
  });
});
