import { describe, expect, it, vi } from 'vitest';
import { ChartFeed } from '../../../src/ui/chart/chart-feed.js';
import type { LineUpdate, PlotlyChart } from '../../../src/ui/chart/plotly-chart.js';
import type { LineData } from '../../../src/ui/chart/plotly-figure.js';
import { RowWindow } from '../../../src/ui/chart/row-window.js';
import type { Rows } from '../../../src/ui/row-events.js';

/**
 * ChartFeed decides, per update, between appending rows and replacing the lines with a decimated
 * view; Plotly itself needs a browser (the e2e tests draw it), so here the chart is a recorder
 * with the three things the feed reads: readiness, the plot's width and the zoomed x-range.
 */
class RecordingChart {
  isReady = true;
  plotWidth = 10;
  xRange: [number, number] | null = null;
  /** The values one y-pixel spans, per trace (undefined: unknown). */
  yPixel: number | undefined = undefined;
  readonly calls: { call: 'extend' | 'replace'; points: number[]; traces?: number[] }[] = [];
  extend(updates: readonly LineUpdate[]) {
    this.calls.push({ call: 'extend', points: updates.map((u) => u.x.length), traces: updates.map((u) => u.trace) });
  }
  replace(lines: readonly LineData[]) {
    this.calls.push({ call: 'replace', points: lines.map((l) => l.x.length) });
  }
  yPixels() {
    return [this.yPixel, this.yPixel];
  }
}

const T0 = Date.parse('2024-03-11T06:00:00.000Z');
function rows(from: number, count: number): Rows {
  const k = Array.from({ length: count }, (_, i) => from + i);
  return { t: k.map((r) => new Date(T0 + r * 1000).toISOString()), y: [k.map((r) => r % 3), k.map((r) => -r)] };
}

function setup(window: number) {
  const chart = new RecordingChart();
  const rowWindow = new RowWindow(2, window);
  const feed = new ChartFeed(chart as unknown as PlotlyChart, [{ rows: rowWindow, series: [1, 0] }]);
  return { chart, rowWindow, feed };
}

describe('ChartFeed', () => {
  it('appends the rows taken while the window fits two points per pixel (20 here)', () => {
    const { chart, rowWindow, feed } = setup(20);
    expect(feed.initialLines().map((l) => l.x.length)).toEqual([0, 0]);
    rowWindow.push(rows(0, 7), [0, 1]);
    expect(feed.draw([rowWindow.take()])).toBeGreaterThanOrEqual(0);
    expect(chart.calls).toEqual([{ call: 'extend', points: [7, 7], traces: [0, 1] }]);
  });

  it('replaces the lines with an M4 view once the rows drawn exceed the budget, and goes back to exact when they fit again', () => {
    const { chart, rowWindow, feed } = setup(200);
    rowWindow.push(rows(0, 100), [0, 1]);
    feed.draw([rowWindow.take()]);
    const decimated = chart.calls.at(-1)!;
    expect(decimated.call).toBe('replace');
    // 10 pixel columns, at most 4 points each (+1: the last row on the right edge).
    for (const n of decimated.points) expect(n).toBeLessThanOrEqual(44);
    expect(decimated.points[0]).toBe(21); // the −k line: first and last of each of 10 columns, and the last row
    chart.plotWidth = 100; // the plot grew: 100 rows fit
    rowWindow.setLimit(100);
    feed.draw([]);
    expect(chart.calls.at(-1)).toEqual({ call: 'replace', points: [100, 100] });
  });

  it('draws nothing again for an unchanged view, and decimates again for a new zoom', () => {
    const { chart, rowWindow, feed } = setup(200);
    rowWindow.push(rows(0, 100), [0, 1]);
    feed.draw([rowWindow.take()]);
    expect(feed.draw([])).toBeUndefined();
    chart.xRange = [T0 + 10_000, T0 + 19_000];
    expect(feed.draw([])).toBeGreaterThanOrEqual(0);
    expect(chart.calls.length).toBe(2);
    const zoomed = chart.calls[1]!.points[0]!;
    expect(zoomed).toBeGreaterThanOrEqual(10); // the 10 rows of the range, every one (≤ 20)
  });

  it('with history, following the data, decimates the window at the pixel size of the whole span drawn', () => {
    const chart = new RecordingChart();
    const rowWindow = new RowWindow(2, 200);
    // 10 pixel columns; history over 9,900 s before the window's 100 rows (100 s): the window is about a tenth of a column.
    const past = [0, 1].map(() => ({
      x: Array.from({ length: 10 }, (_, i) => T0 - 9_900_000 + i * 990_000),
      y: Array.from({ length: 10 }, () => 1),
    }));
    const feed = new ChartFeed(chart as unknown as PlotlyChart, [{ rows: rowWindow, series: [1, 0], past: () => past }]);
    rowWindow.push(rows(0, 100), [0, 1]);
    feed.draw([rowWindow.take()]);
    const drawn = chart.calls.at(-1)!;
    expect(drawn.call).toBe('replace');
    // The 10 history points, then the window's 100 rows in one or two columns (at most 4 points each, +1), not 21 (its own 10 columns).
    for (const n of drawn.points) expect(n - 10).toBeLessThanOrEqual(9);
    // Zoomed in on the window, it is decimated over the view again.
    chart.xRange = [T0, T0 + 99_000];
    feed.draw([]);
    expect(chart.calls.at(-1)!.points[0]! - 10).toBe(21);
  });

  it('with history, following the data, leaves undrawn the rows that would light no new pixel, and draws a new extreme at once', () => {
    const chart = new RecordingChart();
    const rowWindow = new RowWindow(2, 200);
    // 10 pixel columns of about 1,000 s: the window's 100 rows (100 s) and the next ones fall in the last.
    const past = [0, 1].map(() => ({
      x: Array.from({ length: 10 }, (_, i) => T0 - 9_900_000 + i * 990_000),
      y: Array.from({ length: 10 }, () => 1),
    }));
    const feed = new ChartFeed(chart as unknown as PlotlyChart, [{ rows: rowWindow, series: [1, 0], past: () => past }]);
    const flat = (from: number, count: number, value: number): Rows => {
      const k = Array.from({ length: count }, (_, i) => from + i);
      return { t: k.map((r) => new Date(T0 + r * 1000).toISOString()), y: [k.map(() => value), k.map((r) => (r % 2 === 0 ? 0 : 2))] };
    };
    chart.yPixel = 0.2; // half a y-pixel either way is the same pixel
    rowWindow.push(flat(0, 100, 1), [0, 1]);
    feed.draw([rowWindow.take()]);
    expect(chart.calls.length).toBe(1);
    const drawsAfter = (value: number) => {
      rowWindow.push(flat(rowWindow.drawnSpan()![1] / 1000 - T0 / 1000 + 1, 1, value), [0, 1]);
      expect(feed.draw([rowWindow.take()])).toBeGreaterThanOrEqual(0);
      return chart.calls.length;
    };
    expect(drawsAfter(1)).toBe(1); // within the values drawn in the last pixel column: no redraw
    expect(drawsAfter(1.09)).toBe(1);
    expect(drawsAfter(1.11)).toBe(2); // a new extreme: drawn at once
    expect(drawsAfter(1.2)).toBe(2); // 1.11 was drawn: the column now reaches 1.21
    expect(drawsAfter(0.85)).toBe(3);
    // Rows left undrawn are owed: drawn once due, even if no row follows them.
    expect(drawsAfter(1)).toBe(3);
    const due = feed.owedDrawAt!;
    expect(due).toBeGreaterThan(0);
    expect(feed.draw([])).toBeUndefined(); // not due yet
    const clock = vi.spyOn(performance, 'now').mockReturnValue(due);
    try {
      expect(feed.draw([])).toBeGreaterThanOrEqual(0);
      expect(chart.calls.length).toBe(4);
      expect(feed.owedDrawAt).toBeUndefined();
      expect(feed.draw([])).toBeUndefined();
    } finally {
      clock.mockRestore();
    }
    expect(drawsAfter(Number.NaN)).toBe(5); // a gap is drawn
  });

  it('draws nothing while the chart is not ready or has no series', () => {
    const { chart, rowWindow, feed } = setup(20);
    chart.isReady = false;
    rowWindow.push(rows(0, 3), [0, 1]);
    expect(feed.draw([rowWindow.take()])).toBeUndefined();
    const none = new ChartFeed(chart as unknown as PlotlyChart, [{ rows: rowWindow, series: [] }]);
    chart.isReady = true;
    expect(none.draw([rowWindow.take()])).toBeUndefined();
    expect(chart.calls).toEqual([]);
  });

  describe('with two streams (one window each, traces one window after the other)', () => {
    function two(window: number) {
      const chart = new RecordingChart();
      const slow = new RowWindow(2, window);
      const fast = new RowWindow(2, window);
      const feed = new ChartFeed(chart as unknown as PlotlyChart, [
        { rows: slow, series: [0] },
        { rows: fast, series: [1, 0] },
      ]);
      return { chart, slow, fast, feed };
    }

    it('appends to the traces of the streams that have new rows only, each with its own times', () => {
      const { chart, slow, fast, feed } = two(20);
      fast.push(rows(0, 9), [0, 1]);
      feed.draw([slow.take(), fast.take()]);
      slow.push(rows(100, 1), [0, 1]);
      fast.push(rows(9, 5), [0, 1]);
      feed.draw([slow.take(), fast.take()]);
      expect(chart.calls).toEqual([
        { call: 'extend', points: [9, 9], traces: [1, 2] },
        { call: 'extend', points: [1, 5, 5], traces: [0, 1, 2] },
      ]);
    });

    it('decimates every trace once one stream exceeds the budget; the slow stream keeps every row', () => {
      const { chart, slow, fast, feed } = two(200);
      slow.push(rows(0, 3), [0, 1]);
      fast.push(rows(0, 100), [0, 1]);
      feed.draw([slow.take(), fast.take()]);
      const call = chart.calls.at(-1)!;
      expect(call.call).toBe('replace');
      expect(call.points[0]).toBe(3); // 3 rows fit the budget of 20: all drawn
      expect(call.points[1]).toBe(21); // the −k line of 100 rows in 10 columns
    });

    it('builds a new chart decimated when one stream’s drawn rows exceed the budget', () => {
      const { slow, fast, feed } = two(200);
      slow.push(rows(0, 3), [0, 1]);
      fast.push(rows(0, 100), [0, 1]);
      feed.draw([slow.take(), fast.take()]);
      const rebuilt = new ChartFeed(new RecordingChart() as unknown as PlotlyChart, [
        { rows: slow, series: [0] },
        { rows: fast, series: [1] },
      ]);
      const lines = rebuilt.initialLines();
      expect(lines.map((l) => l.x.length)).toEqual([3, 21]);
      expect(typeof lines[0]!.x[0]).toBe('number'); // epoch ms: the decimated path, for every trace
    });
  });
});
