import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChartLayout } from '../../protocol/dashboards.js';
import type { ChartTheme } from '../chart/plotly-figure.js';
import { loadPlotly, type PlotArea } from '../chart/plotly-chart.js';
import type { StopReason } from '../feed-reducer.js';
import { FeedSet } from '../feeds/feed-set.js';
import type { FeedSpec } from '../feeds/feed-specs.js';
import type { GraphAlertDetail, GraphDataDetail, GraphStatusDetail, GraphStopDetail } from '../graph-events.js';
import { ChartController } from './chart-controller.js';
import { DrawScheduler } from './draw-scheduler.js';

export interface StreamChartHost {
  /** The container the chart is drawn in, and the shadow root its styles are mirrored into. */
  container(): { element: HTMLDivElement; root: ShadowRoot } | null;
  theme(): ChartTheme;
  /** One plot, or plots stacked on one time axis. */
  layout(): ChartLayout;
  /** Rows kept per line. */
  window(): number;
  onData(detail: GraphDataDetail): void;
  /** The chart was updated: `points` newly arrived rows drawn (0 for a redraw only). */
  onRender(points: number): void;
  onStop(detail: GraphStopDetail): void;
  /** Something the badge shows may have changed. */
  onStatus(): void;
  onZoom(zoomed: boolean): void;
  /** The user zoomed or panned the x-axis to `range` (epoch ms), double-clicked or pressed Live (null). */
  onViewRange(range: [number, number] | null): void;
  /** The pointer is at data time `t` (epoch ms), or left the plot (null). */
  onHover(t: number | null): void;
  onError(message: string): void;
  /** The daemon's list of streams may have changed. */
  onListChanged(): void;
  /** An alert rule of a stream started firing or resolved. */
  onAlert(detail: GraphAlertDetail): void;
}

/**
 * The streams an element draws and the chart they are drawn in: rows come into each stream's
 * window (FeedSet), and the chart takes every stream's new rows in one update per frame at most
 * (ChartController, paced by DrawScheduler), unless the view is paused. Overlays that a later
 * feature adds to the chart (bands, markers) get the same sources and the same updates.
 */
export class StreamChart implements ReactiveController {
  /** The view is paused: rows are kept but not drawn. */
  paused = false;
  readonly feeds: FeedSet;
  private readonly chart: ChartController;
  private readonly scheduler: DrawScheduler;
  /** The first chart of this connection is not built yet: the rates are measured again after it. */
  private firstChart = true;
  /** Told when the plot was drawn or laid out again (see watchPlotArea). */
  private readonly plotWatchers = new Set<() => void>();

  constructor(
    private readonly host: ReactiveControllerHost,
    events: StreamChartHost,
  ) {
    host.addController(this);
    this.feeds = new FeedSet(host, {
      onLayout: () => void this.chart.rebuild(),
      onRows: (feed, rows) => {
        events.onData({ stream: feed.stream, t: rows.t, columns: feed.state.meta!.columns.map((c) => c.name), y: rows.y });
        this.scheduler.request();
      },
      onStopped: (feed, reason) => {
        this.scheduler.flush();
        events.onStop({ stream: feed.stream, reason });
      },
      onError: (_, message) => events.onError(message),
      onListChanged: () => events.onListChanged(),
      onAlert: (feed, alert) => events.onAlert({ stream: feed.stream, ...alert }),
      onStatus: () => events.onStatus(),
      onHistory: (_, view) => {
        this.chart.historyChanged();
        // The answer to the user's zoom or pan is drawn at once, not after the draw budget's wait
        // (the gesture is answered in one redraw); once every stream's is in, if several.
        if (view && !this.feeds.awaitingView) this.scheduler.flush();
        else this.scheduler.request();
      },
      onViewSettled: () => this.scheduler.request(),
    });
    this.chart = new ChartController(host, {
      container: () => events.container(),
      sources: () => this.feeds.chartSources(),
      window: () => events.window(),
      theme: () => events.theme(),
      layout: () => events.layout(),
      onZoom: (zoomed) => events.onZoom(zoomed),
      onXRange: (range) => events.onViewRange(range),
      onHover: (t) => events.onHover(t),
      onView: () => {
        const view = this.chart.view();
        if (view) this.feeds.viewChanged(view.range, view.width);
        this.scheduler.request();
      },
      onReady: () => {
        // Loading the chart library kept the page busy: rows that came meanwhile were handled
        // late, all at once, and their times would skew the rates.
        if (this.firstChart) this.feeds.remeasure();
        this.firstChart = false;
        this.scheduler.resetBudget();
        this.scheduler.request();
      },
      onError: (message) => events.onError(message),
      onDrawn: () => {
        for (const watcher of this.plotWatchers) watcher();
      },
    });
    this.scheduler = new DrawScheduler(host, {
      // While a zoomed or panned view's history is on its way (briefly), the chart shows what
      // Plotly drew for the gesture and draws again with the answer, not before it.
      needsDraw: () => !this.feeds.awaitingView && this.chart.needsDraw(this.paused),
      draw: () => {
        const drawn = this.chart.draw(this.paused);
        if (!drawn) return undefined;
        if (drawn.rows > 0) this.feeds.drawn();
        events.onRender(drawn.rows);
        return drawn.cost;
      },
      dueAt: () => this.chart.owedDrawAt,
    });
  }

  /** Rows waiting to be drawn (while paused: the rows Resume will add). */
  get pending(): number {
    return this.feeds.pending;
  }

  get drawnNames(): string[] {
    return this.chart.drawnNames;
  }

  status(): GraphStatusDetail {
    return this.feeds.status(this.paused);
  }

  /** Follows `specs` (see FeedSet.configure); true when the streams changed. */
  configure(specs: readonly FeedSpec[], window: number): boolean {
    return this.feeds.configure(specs, window);
  }

  start(pageHref: string): void {
    this.firstChart = true;
    this.feeds.start(pageHref);
  }

  stop(reason: StopReason): void {
    this.feeds.stop(reason);
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.scheduler.cancel();
    this.scheduler.request(); // only if a zoom still needs drawing
    this.host.requestUpdate();
  }

  /** Draws everything that arrived while paused (within the windows) at once, and follows again. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.scheduler.flush();
    this.host.requestUpdate();
  }

  /** Empties the windows and the chart. */
  clear(): void {
    this.feeds.clear();
    void this.chart.rebuild();
  }

  /** Draws the columns the specs now name; returns messages for the names no stream has. */
  reselect(): string[] {
    const unknown = this.feeds.select();
    void this.chart.rebuild();
    return unknown;
  }

  /** Draws `span` ms of the daemon's history before each window (`range`; undefined: none). */
  setRange(span: number | undefined): void {
    this.feeds.setRange(span);
    void this.chart.rebuild();
  }

  setWindow(window: number): void {
    this.feeds.setWindow(window);
    void this.chart.rebuild();
  }

  rebuild(): Promise<void> {
    return this.chart.rebuild();
  }

  /** The zoomed x-range (epoch ms), or null while the chart follows the data. */
  zoomedRange(): [number, number] | null {
    return this.chart.view()?.range ?? null;
  }

  /** Where the plot draws its time axis (null before it is drawn): what a view under the chart lines up with. */
  plotArea(): PlotArea | null {
    return this.chart.plotArea();
  }

  /** Calls `watcher` whenever the plot was drawn or laid out again (its plotArea may have moved); returns the call that stops it. */
  watchPlotArea(watcher: () => void): () => void {
    this.plotWatchers.add(watcher);
    return () => this.plotWatchers.delete(watcher);
  }

  setTheme(theme: ChartTheme): void {
    this.chart.setTheme(theme);
  }

  followLive(): void {
    this.chart.followLive();
  }

  /** Shows `range` of data time (epoch ms; its history fetched as for a zoom), or follows the data (null); onViewRange is not told. */
  setView(range: [number, number] | null): void {
    this.chart.setView(range);
  }

  setCrosshair(t: number | null): void {
    this.chart.setCrosshair(t);
  }

  toPng(title: string): Promise<string> {
    return this.chart.toPng(title);
  }

  /** The host left the page; true when some stream was running (to start again on return). */
  detach(): boolean {
    return this.feeds.detach();
  }

  hostConnected(): void {
    // Every chart needs the chart library, a large chunk: its download and parsing start with the
    // element, beside the stream's first events and history, instead of after them. (A failure is
    // told by the chart that awaits it.)
    loadPlotly().catch(() => undefined);
  }
}
