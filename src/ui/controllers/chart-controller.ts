import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChartFeed } from '../chart/chart-feed.js';
import type { ChartSource } from '../chart/chart-source.js';
import { PlotlyChart, type PlotArea } from '../chart/plotly-chart.js';
import type { ChartTheme } from '../chart/plotly-figure.js';
import { markShapes } from '../chart/mark-shapes.js';
import type { ChartLayout } from '../../protocol/dashboards.js';
import type { Threshold } from '../../protocol/events.js';

export interface ChartHost {
  /** The container the chart is drawn in, and the shadow root its styles are mirrored into. */
  container(): { element: HTMLDivElement; root: ShadowRoot } | null;
  /** What to draw: the streams' windows and series, in trace order (read when the chart is built). */
  sources(): ChartSource[];
  /** Rows kept per line. */
  window(): number;
  theme(): ChartTheme;
  /** One plot, or plots stacked on one time axis (read when the chart is built). */
  layout(): ChartLayout;
  /** The user zoomed or panned (true), or follows the newest data again. */
  onZoom(zoomed: boolean): void;
  /** The view changed (zoom, pan, resize): a decimated view must be drawn again. */
  onView(): void;
  /** The user zoomed or panned the x-axis to `range` (epoch ms), or followed the data again (null). */
  onXRange(range: [number, number] | null): void;
  /** The pointer is at data time `t` (epoch ms), or left the plot (null). */
  onHover(t: number | null): void;
  /** The chart is built and can take updates. */
  onReady(): void;
  /** The plot was drawn or laid out again (see plotArea). */
  onDrawn(): void;
  onError(message: string): void;
}

/**
 * The Plotly chart drawn from the streams' windows of rows (ChartFeed). Rows go into the windows
 * as they come; `draw` brings the chart up to date with one Plotly call for every stream, so one
 * draw budget (DrawScheduler) covers them all and no stream waits for another's turn. Removing
 * the host purges the chart; the windows stay for when it comes back.
 */
export class ChartController implements ReactiveController {
  private chart: PlotlyChart | undefined;
  private feed: ChartFeed | undefined;
  /** The sources the chart was built from. */
  private drawing: ChartSource[] = [];
  private build = 0;
  /** The user zoomed, panned or resized: a decimated view must be drawn again, even while paused. */
  private viewChanged = false;
  /** The marks' versions last drawn (see StreamMarks.version). */
  private marksDrawn = '';
  /**
   * The view setView asked for (undefined: none, or the user chose another since): applied when the
   * chart is built, and again when it is rebuilt (a stream of the chart joined late), as the
   * crosshair is: a dashboard's charts keep the dashboard's window.
   */
  private setRange: [number, number] | null | undefined;
  /** The crosshair's time (setCrosshair), drawn again on a rebuilt chart. */
  private crosshair: number | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly events: ChartHost,
  ) {
    host.addController(this);
  }

  get isReady(): boolean {
    return this.chart?.isReady ?? false;
  }

  /** Names of the lines drawn, in trace order. */
  get drawnNames(): string[] {
    return this.drawing.flatMap((s) => s.columns.map((c) => c.name));
  }

  /** When rows left undrawn (they changed no pixel, see ChartFeed) are due to be drawn, else undefined. */
  get owedDrawAt(): number | undefined {
    return this.feed?.owedDrawAt;
  }

  /** Something to draw: new rows (unless `frozen`), a changed view, or rows left undrawn that are due. */
  needsDraw(frozen: boolean): boolean {
    const owed = this.owedDrawAt;
    return (
      this.isReady &&
      (this.viewChanged ||
        (owed !== undefined && performance.now() >= owed) ||
        (!frozen && (this.drawing.some((s) => s.rows.pending > 0) || this.marksKey() !== this.marksDrawn)))
    );
  }

  /** History arrived for some stream: the view is drawn again with it. */
  historyChanged(): void {
    this.feed?.historyChanged();
    this.viewChanged = true;
  }

  /** The visible x-range (null: following the data) and the plot's width, once the chart is built. */
  view(): { range: [number, number] | null; width: number } | undefined {
    return this.chart?.isReady ? { range: this.chart.xRange, width: this.chart.plotWidth } : undefined;
  }

  /** Where the plot draws its time axis, once the chart is drawn. */
  plotArea(): PlotArea | null {
    return this.chart?.plotArea ?? null;
  }

  /** Draws the rows not drawn yet of every stream (unless `frozen`) and a changed view: the ms it took and the rows drawn, or undefined. */
  draw(frozen: boolean): { cost: number; rows: number } | undefined {
    if (!this.feed || !this.needsDraw(frozen)) return undefined;
    const taken = this.drawing.map((s) => (!frozen && s.rows.pending > 0 ? s.rows.take() : undefined));
    this.viewChanged = false;
    const started = performance.now();
    const cost = this.feed.draw(taken);
    const marked = this.drawMarks();
    if (cost === undefined && !marked) return undefined;
    return { cost: performance.now() - started, rows: taken.reduce((n, rows) => n + (rows?.t.length ?? 0), 0) };
  }

  /**
   * The state bands and alert marks over the rows drawn: scrolled with them, kept while paused
   * (no draw), and independent of decimation (shapes, not points). True when they were redrawn.
   */
  private drawMarks(): boolean {
    this.marksDrawn = this.marksKey();
    const sources = this.drawing.flatMap((s) => {
      const span = s.rows.drawnSpan();
      return span && (s.states || s.marks.version > 0) ? [{ marks: s.marks, states: s.states, span, label: s.label }] : [];
    });
    if (sources.length === 0 && this.marksDrawn === '') return false;
    this.chart?.setOverlay(markShapes(sources));
    return true;
  }

  /** The state at data time x of each stream that has states, for the hover note. */
  private hoverNote(x: number | null): string {
    if (x === null || !Number.isFinite(x)) return '';
    return this.drawing
      .flatMap((s) => {
        const state = s.states ? s.marks.stateAt(x) : undefined;
        return state === undefined ? [] : [`${s.label}${s.states!.column}: ${state}`];
      })
      .join(' · ');
  }

  private marksKey(): string {
    return this.drawing.some((s) => s.marks.version > 0) ? this.drawing.map((s) => s.marks.version).join(',') : '';
  }

  /** (Re)creates the chart from the windows (the rows drawn so far); pending rows follow in the next update. */
  async rebuild(): Promise<void> {
    const build = ++this.build;
    await this.host.updateComplete;
    const place = this.events.container();
    const sources = this.events.sources();
    if (build !== this.build || !place || sources.length === 0) return;
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
      onHover: (x) => {
        if (this.chart !== chart) return;
        chart.setNote(this.hoverNote(x));
        this.events.onHover(x);
      },
      onXRange: (range) => {
        if (this.chart !== chart) return;
        this.setRange = undefined; // the user's own zoom, pan or Live
        this.events.onXRange(range);
      },
      onDrawn: () => {
        if (this.chart === chart) this.events.onDrawn();
      },
    });
    this.chart = chart;
    this.drawing = sources;
    this.marksDrawn = '';
    const feed = new ChartFeed(chart, sources);
    this.feed = feed;
    try {
      await chart.init(
        {
          series: sources.flatMap((s) => s.columns),
          thresholds: distinct(sources.flatMap((s) => s.thresholds)),
          window: this.events.window(),
          theme: this.events.theme(),
          layout: this.events.layout(),
        },
        () => feed.initialLines(),
      );
    } catch (error) {
      if (this.chart === chart) this.events.onError(`cannot draw the chart: ${(error as Error).message}`);
      return;
    }
    if (this.chart !== chart) return;
    chart.setCrosshair(this.crosshair);
    if (this.setRange !== undefined) chart.setXRange(this.setRange);
    this.events.onReady();
  }

  /** Shows the data-time range `range` (epoch ms), or follows the data (null), without telling onXRange (see PlotlyChart.setXRange). */
  setView(range: [number, number] | null): void {
    this.setRange = range;
    if (this.chart?.isReady) this.chart.setXRange(range);
  }

  /** A vertical line over the plot at data time `t` (epoch ms), or none (null). */
  setCrosshair(t: number | null): void {
    this.crosshair = t;
    this.chart?.setCrosshair(t);
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

/** Streams of one daemon often share thresholds: each is drawn once. */
function distinct(thresholds: Threshold[]): Threshold[] {
  const seen = new Set<string>();
  return thresholds.filter((th) => {
    const key = JSON.stringify(th);
    return !seen.has(key) && !!seen.add(key);
  });
}
