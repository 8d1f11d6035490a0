import { decimateM4 } from './m4.js';
import type { LineData, PlotlyChart } from './plotly-chart.js';
import { cell, isoTime, type RowView, type RowWindow } from './row-window.js';

/**
 * Above this many rows per pixel column of the plot, a line is drawn decimated. Plotly redraws
 * the whole chart on every update, at a cost that grows with the points it is given (and with
 * the date strings it parses): 3 × 10,000 points took 45–57 ms per update on a 2-core machine,
 * a decimated view of them (about 3 × 3,800 points) about 19 ms.
 */
const POINTS_PER_PIXEL = 2;

/**
 * Feeds a chart from the element's window of rows. Small windows are drawn exactly: every row,
 * appended with `extendTraces`, x as the ISO strings the daemon sent. When the rows to draw exceed
 * POINTS_PER_PIXEL × the plot's width, the chart shows an M4-decimated view of the visible
 * x-range instead (x as times, not strings), redone with one `redraw` per update and whenever the user
 * zooms, pans or resizes (so zooming in shows every row again). The window itself always keeps
 * every row at full resolution.
 */
export class ChartFeed {
  /** The chart shows a decimated view (else: exactly the rows drawn, as strings). */
  private decimated = false;
  /** The range and width the decimated view was made for. */
  private lastView = '';

  constructor(
    private readonly chart: PlotlyChart,
    private readonly rows: RowWindow,
    /** Indices of the window's series that the chart draws, in its trace order. */
    private readonly series: readonly number[],
  ) {}

  /** The lines to create the chart with: the rows drawn so far, decimated if there are too many. */
  initialLines(): LineData[] {
    const view = this.rows.drawnView();
    this.decimated = view.t.length > this.budget;
    return this.decimated ? this.decimate(view) : this.exact(view);
  }

  /**
   * Brings the chart up to date with one Plotly call: after `taken` rows were taken from the
   * window, or (without rows) after the view changed. Returns the time it took in ms, or
   * undefined when nothing needed drawing.
   */
  draw(taken?: RowView): number | undefined {
    if (this.series.length === 0 || !this.chart.isReady) return undefined;
    const started = performance.now();
    const fresh = (taken?.t.length ?? 0) > 0;
    if (!fresh && !this.rows.drawnKept) return undefined; // paused too long to draw it again: keep what is drawn
    const rows = this.rows.drawnView();
    if (rows.t.length > this.budget) {
      const range = this.chart.xRange;
      const key = `${range?.join('…') ?? 'all'}@${this.chart.plotWidth}`;
      if (!fresh && this.decimated && key === this.lastView) return undefined; // e.g. a y-only zoom
      this.chart.replace(this.decimate(rows, range));
      this.lastView = key;
      this.decimated = true;
    } else if (this.decimated) {
      this.chart.replace(this.exact(rows)); // the window shrank, or the plot grew
      this.decimated = false;
    } else if (taken && fresh) {
      this.chart.extend(
        Array.from(taken.t, isoTime),
        this.series.map((i) => Array.from(taken.y[i]!, cell)),
      );
    } else {
      return undefined;
    }
    return performance.now() - started;
  }

  private get budget(): number {
    return POINTS_PER_PIXEL * this.chart.plotWidth;
  }

  private exact(rows: RowView): LineData[] {
    const x = Array.from(rows.t, isoTime);
    // One x array per line: extendTraces appends to each in place.
    return this.series.map((i, n) => ({ x: n === 0 ? x : x.slice(), y: Array.from(rows.y[i]!, cell) }));
  }

  private decimate(rows: RowView, range = this.chart.xRange): LineData[] {
    const width = this.chart.plotWidth;
    return decimateM4(rows, this.series, { range, width, fullDetailUpTo: POINTS_PER_PIXEL * width });
  }
}
