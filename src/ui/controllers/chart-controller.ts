import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChartFeed } from '../chart/chart-feed.js';
import { PlotlyChart, type ChartTheme } from '../chart/plotly-chart.js';
import { RowWindow, type RowView } from '../chart/row-window.js';
import { windowCsv } from '../export.js';
import type { ColumnInfo, Rows, StreamMeta, Threshold } from '../protocol.js';
import { pickColumns } from '../select-columns.js';

export interface ChartHost {
  /** The container the chart is drawn in, and the shadow root its styles are mirrored into. */
  container(): { element: HTMLDivElement; root: ShadowRoot } | null;
  theme(): ChartTheme;
  /** The user zoomed or panned (true), or follows the newest data again. */
  onZoom(zoomed: boolean): void;
  /** The view changed (zoom, pan, resize): a decimated view must be drawn again. */
  onView(): void;
  /** The chart is built and can take updates. */
  onReady(): void;
  onError(message: string): void;
}

/** What the chart shows: the series kept, those drawn (indices into `series`), the thresholds. */
interface ChartLayout {
  series: ColumnInfo[];
  /** `pick[i]`: the index in `meta.columns` of series i. */
  pick: number[];
  drawn: number[];
  thresholds: Threshold[];
}

/**
 * The window of rows (RowWindow) and the Plotly chart drawn from it (ChartFeed). Rows go into the
 * window as they come; `draw` brings the chart up to date with one Plotly call. Removing the host
 * purges the chart; the window stays for when it comes back.
 */
export class ChartController implements ReactiveController {
  rows: RowWindow | undefined;
  private chart: PlotlyChart | undefined;
  private feed: ChartFeed | undefined;
  private layout: ChartLayout | undefined;
  private build = 0;
  /** The user zoomed, panned or resized: a decimated view must be drawn again, even while paused. */
  private viewChanged = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly events: ChartHost,
  ) {
    host.addController(this);
  }

  get isReady(): boolean {
    return this.chart?.isReady ?? false;
  }

  /**
   * Another run or other columns: a new, empty window of `window` rows of the stream's numeric
   * columns, drawing those `columns` names (comma-separated; empty: all). Returns the names that
   * are not numeric columns of the stream.
   */
  reset(meta: StreamMeta, columns: string, window: number): string[] {
    const series = meta.columns.filter((c) => c.type === 'number');
    this.layout = { series, pick: series.map((c) => meta.columns.indexOf(c)), drawn: [], thresholds: meta.thresholds ?? [] };
    this.rows = new RowWindow(series.length, window);
    return this.select(columns);
  }

  /** Draws other columns (the window keeps every series); returns the unknown names. */
  select(columns: string): string[] {
    if (!this.layout) return [];
    const { drawn, unknown } = pickColumns(this.layout.series, columns);
    this.layout = { ...this.layout, drawn };
    return unknown;
  }

  /** Names of the columns drawn, in trace order. */
  get drawnNames(): string[] {
    const layout = this.layout;
    return layout ? layout.drawn.map((i) => layout.series[i]!.name) : [];
  }

  /** Rows of one event (columns in `meta.columns` order) into the window. */
  push(rows: Rows): void {
    if (this.layout) this.rows?.push(rows, this.layout.pick);
  }

  /** The window as CSV: `time`, then the drawn columns. */
  csv(time: string): string {
    return windowCsv(this.rows?.view(), time, this.drawnNames, this.layout?.drawn ?? []);
  }

  /** Something to draw: new rows (unless `frozen`) or a changed view. */
  needsDraw(frozen: boolean): boolean {
    return this.isReady && (this.viewChanged || (!frozen && (this.rows?.pending ?? 0) > 0));
  }

  /** Draws the rows not drawn yet (unless `frozen`) and a changed view: the ms it took and the rows drawn, or undefined. */
  draw(frozen: boolean): { cost: number; rows: number } | undefined {
    const rows = this.rows;
    if (!this.feed || !rows || !this.needsDraw(frozen)) return undefined;
    const taken: RowView | undefined = !frozen && rows.pending > 0 ? rows.take() : undefined;
    this.viewChanged = false;
    const cost = this.feed.draw(taken);
    return cost === undefined ? undefined : { cost, rows: taken?.t.length ?? 0 };
  }

  /** (Re)creates the chart from the window (the rows drawn so far); pending rows follow in the next update. */
  async rebuild(): Promise<void> {
    const build = ++this.build;
    await this.host.updateComplete;
    const place = this.events.container();
    const { layout, rows } = this;
    if (build !== this.build || !place || !layout || !rows) return;
    this.chart?.destroy();
    this.events.onZoom(false);
    const chart = new PlotlyChart(place.element, place.root, {
      onZoom: (zoomed) => {
        if (this.chart === chart) this.events.onZoom(zoomed);
      },
      onView: () => {
        if (this.chart !== chart) return;
        this.viewChanged = true;
        this.events.onView();
      },
    });
    this.chart = chart;
    const feed = new ChartFeed(chart, rows, layout.drawn.slice());
    this.feed = feed;
    try {
      await chart.init(
        { series: layout.drawn.map((i) => layout.series[i]!), thresholds: layout.thresholds, window: rows.window, theme: this.events.theme() },
        () => feed.initialLines(),
      );
    } catch (error) {
      if (this.chart === chart) this.events.onError(`cannot draw the chart: ${(error as Error).message}`);
      return;
    }
    if (this.chart === chart) this.events.onReady();
  }

  setTheme(theme: ChartTheme): void {
    this.chart?.setTheme(theme);
  }

  followLive(): void {
    this.chart?.followLive();
  }

  toPng(title: string): Promise<string> {
    if (!this.chart?.isReady) return Promise.reject(new Error('nothing is drawn yet'));
    return this.chart.toPng(title);
  }

  hostDisconnected(): void {
    this.build++; // a chart still being built is abandoned
    this.chart?.destroy();
    this.chart = undefined;
    this.feed = undefined;
    this.events.onZoom(false);
  }
}
