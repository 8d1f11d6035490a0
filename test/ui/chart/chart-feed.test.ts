import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChartFeed } from '../../../src/ui/chart/chart-feed.js';
import { REDRAW_AT_LEAST_EVERY_MS } from '../../../src/ui/chart/drawn-picture.js';
import type { LineUpdate, PlotlyChart } from '../../../src/ui/chart/plotly-chart.js';
import type { LineData } from '../../../src/ui/chart/plotly-figure.js';
import { RowWindow } from '../../../src/ui/chart/row-window.js';
import type { Rows } from '../../../src/ui/row-events.js';

/** What one Plotly call costs on the page clock of these tests: a draw that made one returns this. */
const PLOTLY_MS = 7;
/** The page clock (performance.now): it moves only when the chart draws. */
let now = 1000;
beforeEach(() => {
  now = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * ChartFeed decides, per update, between appending rows and replacing the lines with a decimated
 * view; Plotly itself needs a browser (the e2e tests draw it), so here the chart is a recorder
 * with the three things the feed reads: readiness, the plot's width and the zoomed x-range. Each
 * call takes PLOTLY_MS of the page clock, so what `draw` returns (the ms it took) says whether it
 * called Plotly.
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
    now += PLOTLY_MS;
  }
  replace(lines: readonly LineData[]) {
    this.calls.push({ call: 'replace', points: lines.map((l) => l.x.length) });
    now += PLOTLY_MS;
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

/** `setup(200)` with history before the window: 10 points over 9,900 s, on each line. */
function withHistory() {
  const chart = new RecordingChart();
  const rowWindow = new RowWindow(2, 200);
  const past = [0, 1].map(() => ({
    x: Array.from({ length: 10 }, (_, i) => T0 - 9_900_000 + i * 990_000),
    y: Array.from({ length: 10 }, () => 1),
  }));
  const feed = new ChartFeed(chart as unknown as PlotlyChart, [{ rows: rowWindow, series: [1, 0], past: () => past }]);
  return { chart, rowWindow, feed };
}

describe('ChartFeed', () => {
  it('appends the rows taken while the window fits two points per pixel (20 here)', () => {
    const { chart, rowWindow, feed } = setup(20);
    expect(feed.initialLines().map((l) => l.x.length)).toEqual([0, 0]);
    rowWindow.push(rows(0, 7), [0, 1]);
    expect(feed.draw([rowWindow.take()])).toBe(PLOTLY_MS);
    expect(chart.calls).toEqual([{ call: 'extend', points: [7, 7], traces: [0, 1] }]);
  });

  it('replaces the lines with an M4 view once the rows drawn exceed the budget, and goes back to exact when they fit again', () => {
    const { chart, rowWindow, feed } = setup(200);
    rowWindow.push(rows(0, 100), [0, 1]);
    feed.draw([rowWindow.take()]);
    // 10 pixel columns, at most 4 points each (+1: the last row on the right edge): the −k line
    // has the first and last of each column, and the last row; the k mod 3 line more.
    expect(chart.calls).toEqual([{ call: 'replace', points: [21, 34] }]);
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
    expect(feed.draw([])).toBe(PLOTLY_MS);
    // The −k line: the 10 rows of the range, every one (≤ 20), and the rows either side in coarse
    // buckets of the whole window's pixel size (3 points left, 17 right), so the line reaches the edges.
    expect(chart.calls).toEqual([
      { call: 'replace', points: [21, 34] },
      { call: 'replace', points: [30, 42] },
    ]);
  });

  it('with history, following the data, decimates the window at the pixel size of the whole span drawn', () => {
    // 10 pixel columns; history over 9,900 s before the window's 100 rows (100 s): the window is about a tenth of a column.
    const { chart, rowWindow, feed } = withHistory();
    rowWindow.push(rows(0, 100), [0, 1]);
    feed.draw([rowWindow.take()]);
    // The 10 history points, then the window's 100 rows in one or two columns (at most 4 points each, +1), not 21 (its own 10 columns).
    expect(chart.calls).toEqual([{ call: 'replace', points: [13, 14] }]);
    // Zoomed in on the window, it is decimated over the view again.
    chart.xRange = [T0, T0 + 99_000];
    feed.draw([]);
    expect(chart.calls.at(-1)!.points[0]! - 10).toBe(21);
  });

  it('with history, following the data, leaves undrawn the rows that would light no new pixel, and draws a new extreme at once', () => {
    // 10 pixel columns of about 1,000 s: the window's 100 rows (100 s) and the next ones fall in the last.
    const { chart, rowWindow, feed } = withHistory();
    const flat = (from: number, count: number, value: number): Rows => {
      const k = Array.from({ length: count }, (_, i) => from + i);
      return { t: k.map((r) => new Date(T0 + r * 1000).toISOString()), y: [k.map(() => value), k.map((r) => (r % 2 === 0 ? 0 : 2))] };
    };
    chart.yPixel = 0.2; // half a y-pixel either way is the same pixel
    rowWindow.push(flat(0, 100, 1), [0, 1]);
    feed.draw([rowWindow.take()]);
    expect(chart.calls.length).toBe(1);
    /** One more row of `value`: what its draw took (0: it decided against a Plotly call) and the Plotly calls so far. */
    const drawsAfter = (value: number) => {
      rowWindow.push(flat(rowWindow.drawnSpan()![1] / 1000 - T0 / 1000 + 1, 1, value), [0, 1]);
      return { took: feed.draw([rowWindow.take()]), calls: chart.calls.length };
    };
    const left = { took: 0, calls: 1 };
    expect(drawsAfter(1)).toEqual(left); // within the values drawn in the last pixel column: no redraw
    expect(drawsAfter(1.09)).toEqual(left);
    expect(drawsAfter(1.11)).toEqual({ took: PLOTLY_MS, calls: 2 }); // a new extreme: drawn at once
    expect(drawsAfter(1.2)).toEqual({ took: 0, calls: 2 }); // 1.11 was drawn: the column now reaches 1.21
    const lastRedraw = now;
    expect(drawsAfter(0.85)).toEqual({ took: PLOTLY_MS, calls: 3 });
    // Rows left undrawn are owed: drawn once due, even if no row follows them.
    expect(drawsAfter(1)).toEqual({ took: 0, calls: 3 });
    const due = feed.owedDrawAt!;
    expect(due).toBe(lastRedraw + REDRAW_AT_LEAST_EVERY_MS);
    now = due - 1;
    expect(feed.draw([])).toBeUndefined(); // not due yet
    now = due;
    expect(feed.draw([])).toBe(PLOTLY_MS);
    expect(chart.calls.length).toBe(4);
    expect(feed.owedDrawAt).toBeUndefined();
    expect(feed.draw([])).toBeUndefined();
    expect(drawsAfter(Number.NaN)).toEqual({ took: PLOTLY_MS, calls: 5 }); // a gap is drawn
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
