import type { LinePoints } from '../../values/m4-decimation.js';
import { DrawnPicture } from './drawn-picture.js';
import { finiteSpan } from './finite-index.js';
import { decimateWindow } from './window-decimation.js';
import type { LineUpdate, PlotlyChart } from './plotly-chart.js';
import type { LineData } from './plotly-figure.js';
import { cell, isoTime, type RowView, type RowWindow } from './row-window.js';

/**
 * Above this many rows per pixel column of the plot, a line is drawn decimated. Plotly redraws
 * the whole chart on every update, at a cost that grows with the points it is given (and with
 * the date strings it parses): 3 × 10,000 points took 45–57 ms per update on a 2-core machine,
 * a decimated view of them (about 3 × 3,800 points) about 19 ms.
 */
const POINTS_PER_PIXEL = 2;

/** One window and the series of it that the chart draws (indices into the window's series, in trace order). */
export interface FeedLines {
  rows: RowWindow;
  series: readonly number[];
  /** History before the window, one line per series (drawn before the window's own points). */
  past?: () => LinePoints[];
}

/**
 * Feeds a chart from windows of rows (one per stream; its traces one window after the other).
 * Small windows are drawn exactly: every row, appended with `extendTraces`, x as the ISO strings
 * the daemon sent. When some window's rows to draw exceed POINTS_PER_PIXEL × the plot's width,
 * the chart shows an M4-decimated view of the visible x-range instead (per trace, x as times, not
 * strings; a small window stays whole), redone with one `redraw` per update and whenever the user
 * zooms, pans or resizes (so zooming in shows every row again). The windows themselves always
 * keep every row at full resolution.
 */
export class ChartFeed {
  /** The chart shows a decimated view (else: exactly the rows drawn, as strings). */
  private decimated = false;
  /** The range and width the decimated view was made for. */
  private lastView = '';
  /** What the decimated view drew while following the data (see DrawnPicture), else undefined. */
  private picture: DrawnPicture | undefined;
  /** Rows were left undrawn (the picture showed them): they are drawn at this time (page clock) if no later draw did. */
  private owedAt: number | undefined;
  /** The decimated view the chart was created with, until the first draw makes its picture (the y-axes are drawn by then). */
  private created: { lines: LinePoints[]; oldest: (number | undefined)[]; at: number } | undefined;

  constructor(
    private readonly chart: PlotlyChart,
    private readonly sources: readonly FeedLines[],
  ) {}

  /** The lines to create the chart with: the rows drawn so far, decimated if there are too many. */
  initialLines(): LineData[] {
    const views = this.sources.map((s) => s.rows.drawnView());
    const pasts = this.pasts();
    const width = this.chart.plotWidth;
    this.decimated = hasPoints(pasts) || views.some((v) => v.t.length > POINTS_PER_PIXEL * width);
    if (!this.decimated) return this.exact(views);
    // Not zoomed yet: the first draw finds this view drawn and does not make it again.
    const lines = this.decimate(views, pasts, null, width);
    this.lastView = viewKey(null, width);
    this.created = { lines, oldest: this.oldestWithoutPast(pasts), at: performance.now() };
    return lines;
  }

  /**
   * Brings the chart up to date with one Plotly call: after `taken[n]` rows were taken from
   * source n's window, or (without rows) after the view changed. Returns the time it took in ms,
   * or undefined when nothing needed drawing.
   */
  draw(taken: readonly (RowView | undefined)[]): number | undefined {
    if (!this.sources.some((s) => s.series.length > 0) || !this.chart.isReady) return undefined;
    const started = performance.now();
    const fresh = taken.some((rows) => (rows?.t.length ?? 0) > 0);
    // Paused too long to draw it again: keep what is drawn.
    if (!fresh && !this.sources.every((s) => s.rows.drawnKept)) return undefined;
    const views = this.sources.map((s) => s.rows.drawnView());
    const pasts = this.pasts();
    // Read once, before the chart changes: reading the width after Plotly redrew forces the
    // browser to lay the new chart out at once, in this task, besides in the next frame.
    const width = this.chart.plotWidth;
    // With history, lines are times (not strings) before and after the seam: the decimated path.
    if (hasPoints(pasts) || views.some((v) => v.t.length > POINTS_PER_PIXEL * width)) {
      const range = this.chart.xRange;
      const key = viewKey(range, width);
      const sameView = this.decimated && key === this.lastView;
      // The view the chart was created with: its picture, now that the y-axes are drawn.
      if (sameView && this.created && !range)
        this.picture = DrawnPicture.of(this.created.lines, width, this.chart.yPixels(), this.created.oldest, this.created.at);
      this.created = undefined;
      const owedDue = this.owedAt !== undefined && started >= this.owedAt;
      if (!fresh && sameView && !owedDue) return undefined; // e.g. a y-only zoom
      // New rows that would light no new pixel are not worth a redraw of the whole chart.
      const oldest = this.oldestWithoutPast(pasts);
      if (
        sameView &&
        this.picture?.shows(
          taken,
          this.sources.map((s) => s.series),
          oldest,
          started,
        )
      ) {
        this.owedAt = this.picture.staleAt;
        return performance.now() - started;
      }
      const lines = this.decimate(views, pasts, range, width);
      this.chart.replace(lines);
      this.lastView = key;
      this.decimated = true;
      this.picture = range ? undefined : DrawnPicture.of(lines, width, this.chart.yPixels(), oldest, started);
      this.owedAt = undefined;
    } else if (this.decimated) {
      this.chart.replace(this.exact(views)); // the windows shrank, or the plot grew
      this.decimated = false;
      this.picture = undefined;
      this.owedAt = undefined;
    } else if (fresh) {
      this.chart.extend(this.appended(taken));
    } else {
      return undefined;
    }
    return performance.now() - started;
  }

  /** New history came: the next draw redoes the view. */
  /** When rows left undrawn are due to be drawn though no row follows them (page clock, ms), else undefined. */
  get owedDrawAt(): number | undefined {
    return this.owedAt;
  }

  historyChanged(): void {
    this.lastView = '';
  }

  /** Each source's history lines (undefined for a source without `range`), read once per draw. */
  private pasts(): (LinePoints[] | undefined)[] {
    return this.sources.map((source) => source.past?.());
  }

  /** The oldest row shown of each window without history before it (undefined for one with history): it moves when the window drops rows. */
  private oldestWithoutPast(pasts: readonly (LinePoints[] | undefined)[]): (number | undefined)[] {
    return this.sources.map((s, n) => (hasPoints([pasts[n]]) ? undefined : s.rows.drawnSpan()?.[0]));
  }

  /** The new rows of every trace whose source has some (one x array per source, shared by its traces). */
  private appended(taken: readonly (RowView | undefined)[]): LineUpdate[] {
    const updates: LineUpdate[] = [];
    let trace = 0;
    this.sources.forEach((source, n) => {
      const rows = taken[n];
      if (rows && rows.t.length > 0) {
        const x = Array.from(rows.t, isoTime);
        source.series.forEach((i, k) => {
          updates.push({ trace: trace + k, x, y: Array.from(rows.y[i]!, cell) });
        });
      }
      trace += source.series.length;
    });
    return updates;
  }

  private exact(views: readonly RowView[]): LineData[] {
    return this.sources.flatMap((source, n) => {
      const rows = views[n]!;
      const x = Array.from(rows.t, isoTime);
      // One x array per line: extendTraces appends to each in place.
      return source.series.map((i, k) => ({ x: k === 0 ? x : x.slice(), y: Array.from(rows.y[i]!, cell) }));
    });
  }

  private decimate(
    views: readonly RowView[],
    pasts: readonly (LinePoints[] | undefined)[],
    range: [number, number] | null,
    width: number,
  ): LinePoints[] {
    // Following the data with history, the plot spans the history and the windows: the windows are
    // decimated at that span's pixel size (a 10,000-row window is a few pixel columns of a day),
    // not over their own span, which would draw thousands of points into those few columns.
    const view = range ?? spanOf(pasts, views);
    return this.sources.flatMap((source, n) => {
      const own = decimateWindow(views[n]!, source.series, { range: view, width, fullDetailUpTo: POINTS_PER_PIXEL * width });
      const past = pasts[n];
      return past ? own.map((line, k) => joinLines(past[k], line)) : own;
    });
  }
}

/** Some history line has a point. */
function hasPoints(pasts: readonly (LinePoints[] | undefined)[]): boolean {
  return pasts.some((lines) => lines?.some((line) => line.x.length > 0));
}

/** From the oldest history point to the newest row of any window (epoch ms); null without history. */
function spanOf(pasts: readonly (LinePoints[] | undefined)[], views: readonly RowView[]): [number, number] | null {
  const past = finiteSpan(pasts.flatMap((lines) => (lines ?? []).map((line) => line.x)));
  if (!past) return null;
  const [from, to] = finiteSpan([past, ...views.map((rows) => rows.t)])!;
  return to > from ? [from, to] : null;
}

/** The history line, then the window's own: they meet at the window's oldest row (see historyLines). */
function joinLines(past: LinePoints | undefined, own: LinePoints): LinePoints {
  if (!past || past.x.length === 0) return own;
  return { x: past.x.concat(own.x), y: past.y.concat(own.y) };
}

/** What a decimated view is made for: the x-range shown (null: following the data) and the plot's width. */
function viewKey(range: [number, number] | null, width: number): string {
  return `${range?.join('…') ?? 'all'}@${width}`;
}
