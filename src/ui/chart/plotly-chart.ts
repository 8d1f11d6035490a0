import {
  axisKeys,
  chartLayout,
  escapeHtml,
  lineColors,
  margins,
  NOTE,
  plotlyX,
  themeRelayout,
  traces,
  type ChartSetup,
  type ChartTheme,
  type LineData,
  type Overlay,
} from './plotly-figure.js';
import { crosshairShape, sameView } from './crosshair.js';
import { PlotlyStyleMirror } from './plotly-styles.js';
import { dateToMs, plotlyDate } from './plotly-time.js';
import { axisKey, seriesAxes, subplots } from './subplots.js';

type PlotlyModule = typeof import('plotly.js-dist-min').default;
type AxisLayout = { autorange?: boolean | string; range?: unknown[] };
type GraphDiv = HTMLDivElement & {
  data?: { x: unknown[]; y: unknown[]; visible?: unknown }[];
  layout?: Record<string, unknown> & { xaxis?: AxisLayout };
  /** Plotly's computed layout: an axis's range as drawn and its length in pixels. */
  _fullLayout?: Record<string, { range?: unknown[]; _length?: number; _offset?: number } | undefined>;
  on?(event: string, handler: (data: unknown) => void): void;
};

let plotly: Promise<PlotlyModule> | undefined;

/**
 * Plotly is large, so it is a separate chunk, fetched when the first chart is drawn. The chunk is
 * imported relative to this module's URL, so a page that loads the element from the daemon
 * (another origin) fetches Plotly from the daemon too.
 */
export function loadPlotly(): Promise<PlotlyModule> {
  plotly ??= (async () => {
    const before = new Set(document.head.querySelectorAll('style'));
    const m = await import('plotly.js-dist-min');
    // The bundle also puts MapLibre's stylesheet (for map traces, never drawn here) into the
    // page's head; it only matches .maplibregl-* classes, but it is not ours to leave there.
    for (const style of document.head.querySelectorAll('style')) {
      if (!before.has(style) && style.textContent?.startsWith('.maplibregl')) style.remove();
    }
    return (m as { default: PlotlyModule }).default ?? (m as never);
  })();
  return plotly;
}

export interface ChartEvents {
  /** The user zoomed or panned (true), or went back to following the newest data (false). */
  onZoom(zoomed: boolean): void;
  /** The visible x-range or the plot's size may have changed (a decimated view must be redone). */
  onView(): void;
  /** The pointer hovers at data time `x` (epoch ms), or left the plot (null). */
  onHover?(x: number | null): void;
  /** The user zoomed or panned the x-axis to `range` (epoch ms), or went back to following the data (null); not told for setXRange's own change. */
  onXRange?(range: [number, number] | null): void;
  /** The plot was drawn or laid out again: its plotArea may have moved. */
  onDrawn?(): void;
}

/** Where the plot draws its time axis: the data-time range shown (epoch ms), and the plot area's left edge and width in CSS pixels from the chart's left edge. */
export interface PlotArea {
  range: [number, number];
  left: number;
  width: number;
}

/** New points for one line (`trace`: its index in the chart). */
export interface LineUpdate {
  trace: number;
  x: readonly (string | null)[];
  y: readonly (number | null)[];
}

/**
 * A Plotly line chart that scrolls: new points are appended with one `extendTraces` call per
 * update (only the newest `window` points are kept), or all lines are replaced at once (a
 * decimated view). A user's zoom or pan survives updates (an axis the user ranged keeps
 * `autorange: false`, and `uirevision` keeps it across re-plots) until they double-click or call
 * `followLive()`.
 */
export class PlotlyChart {
  private Plotly: PlotlyModule | undefined;
  private readonly styles: PlotlyStyleMirror;
  private setup: ChartSetup | undefined;
  private ready = false;
  private destroyed = false;
  private resizeObserver: ResizeObserver | undefined;
  /** The element's size the plot was last laid out for (`width×height`). */
  private laidOutAt = '';
  private zoomed = false;
  /** Shapes drawn over the thresholds' (state bands, alert marks, the crosshair), and a note in the corner. */
  private overlay: Overlay = { shapes: [], note: '' };
  private overlayKey = '[]';
  /** The state bands and alert marks (see setOverlay), and the crosshair's time (see setCrosshair). */
  private marks: Record<string, unknown>[] = [];
  private crosshair: number | null = null;
  /** The x-range last told to onXRange or set by setXRange (null: following the data). */
  private toldRange: [number, number] | null = null;

  constructor(
    readonly element: GraphDiv,
    root: ShadowRoot,
    private readonly events: ChartEvents,
  ) {
    this.styles = PlotlyStyleMirror.for(root);
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** True while the user's zoom or pan holds the view. */
  get isZoomed(): boolean {
    return this.zoomed;
  }

  /** Width of the plot area (inside the axes) in CSS pixels: as drawn, else as the margins leave it. */
  get plotWidth(): number {
    const drawn = this.element._fullLayout?.xaxis?._length;
    if (this.ready && drawn) return drawn;
    const margin = this.setup ? margins(this.setup) : { l: 0, r: 0 };
    return Math.max(1, this.element.clientWidth - margin.l - margin.r);
  }

  /** Per line, in trace order: the values one pixel of its y-axis (its plot's, when stacked) spans as last drawn (undefined before the first draw). */
  yPixels(): (number | undefined)[] {
    if (!this.setup) return [];
    return seriesAxes(this.setup.series, this.setup.layout).map((id) => {
      const axis = this.element._fullLayout?.[axisKey(id)];
      const [low, high] = (axis?.range ?? []).map(Number);
      const size = Math.abs(high! - low!) / (axis?._length ?? 0);
      return Number.isFinite(size) && size > 0 ? size : undefined;
    });
  }

  /** The x-range the user zoomed or panned to, in epoch ms; null while the chart follows the data. */
  get xRange(): [number, number] | null {
    const xaxis = this.element.layout?.xaxis;
    if (!this.ready || xaxis?.autorange !== false || !Array.isArray(xaxis.range)) return null;
    const [from, to] = xaxis.range.map(dateToMs);
    return from !== undefined && to !== undefined && Number.isFinite(from) && Number.isFinite(to)
      ? [Math.min(from, to), Math.max(from, to)]
      : null;
  }

  /** The time axis as last drawn, or null before the first draw. */
  get plotArea(): PlotArea | null {
    const xaxis = this.element._fullLayout?.xaxis;
    if (!this.ready || !xaxis?._length || xaxis._offset === undefined || !Array.isArray(xaxis.range)) return null;
    const [from, to] = xaxis.range.map(dateToMs);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
    return { range: [from!, to!], left: xaxis._offset, width: xaxis._length };
  }

  /**
   * Creates the plot with the lines `lines()` returns once Plotly is loaded (they may be decimated
   * for `plotWidth`, known by then).
   */
  async init(setup: ChartSetup, lines: () => readonly LineData[]): Promise<void> {
    this.setup = setup;
    this.Plotly ??= await loadPlotly();
    const Plotly = this.Plotly;
    if (this.setup !== setup || this.destroyed) return; // destroyed or re-initialised while Plotly loaded
    // Stacked plots make the chart taller (a minimum height per plot, in the element's styles).
    const plots = subplots(setup.series, setup.layout).length;
    if (plots > 0) this.element.style.setProperty('--rg-subplots', String(plots));
    else this.element.style.removeProperty('--rg-subplots');
    await Plotly.newPlot(this.element, traces(setup, lines()) as never, chartLayout(setup, this.overlay) as never, {
      displaylogo: false,
      responsive: false,
      modeBarButtonsToRemove: ['select2d', 'lasso2d'],
    });
    if (this.setup !== setup || this.destroyed) return;
    this.styles.sync();
    this.element.on?.('plotly_afterplot', () => {
      this.styles.sync();
      this.events.onDrawn?.();
    });
    this.element.on?.('plotly_relayout', () => {
      this.checkZoom();
      this.checkXRange();
      this.events.onView();
      this.events.onDrawn?.();
    });
    this.element.on?.('plotly_hover', (data) => {
      const x = (data as { points?: { x?: unknown }[] })?.points?.[0]?.x;
      this.events.onHover?.(x instanceof Date ? x.getTime() - x.getTimezoneOffset() * 60_000 : dateToMs(x));
    });
    this.element.on?.('plotly_unhover', () => this.events.onHover?.(null));
    // The observer reports the size once when it starts observing: the size the plot was just made
    // for, which needs no second layout (a whole redraw of every chart of a page loading).
    this.laidOutAt = sizeOf(this.element);
    this.resizeObserver ??= new ResizeObserver(() => {
      const size = sizeOf(this.element);
      if (size === this.laidOutAt) return;
      this.laidOutAt = size;
      this.resize();
      this.events.onView();
    });
    this.resizeObserver.observe(this.element);
    this.ready = true;
    this.events.onDrawn?.(); // the first draw came before the chart was ready
  }

  /**
   * Appends points to the lines in one call and drops those beyond the window. Traces of one
   * stream share their x array (Plotly reads it, it does not keep it).
   */
  extend(updates: readonly LineUpdate[]): void {
    if (!this.ready || !this.Plotly || !this.setup || updates.length === 0) return;
    const update = { x: updates.map((u) => u.x), y: updates.map((u) => u.y) };
    void this.Plotly.extendTraces(
      this.element,
      update as never,
      updates.map((u) => u.trace),
      this.setup.window,
    );
  }

  /**
   * Replaces the points of every line and redraws, in one call (a new decimated view). Not
   * `restyle`: a restyle of x or y makes Plotly forget the axis types and guess them again from
   * the data (a scan of the points each time; epoch-ms numbers would make the date axis linear).
   * Not `react`: it would need the whole figure each time. The traces get their new arrays and
   * `redraw` draws them, keeping the layout (zoom, theme) and the legend as they are.
   */
  replace(lines: readonly LineData[]): void {
    const data = this.element.data;
    if (!this.ready || !this.Plotly || !data || lines.length === 0) return;
    lines.forEach((line, i) => {
      const trace = data[i];
      if (!trace) return;
      trace.x = plotlyX(line);
      trace.y = line.y;
    });
    void this.Plotly.redraw(this.element);
  }

  /** Shapes drawn besides the thresholds; redrawn only when they changed. */
  setOverlay(shapes: Record<string, unknown>[]): void {
    this.marks = shapes;
    this.drawShapes();
  }

  /** A vertical line over the whole plot at data time `t` (epoch ms), or none (null). */
  setCrosshair(t: number | null): void {
    this.crosshair = t !== null && Number.isFinite(t) ? t : null;
    this.drawShapes();
  }

  /**
   * Zooms the x-axis to `range` (epoch ms), or follows the data again (null), as a user's zoom or
   * the Live button would (onView is told, so the history of the range is fetched), but without
   * telling onXRange: a chart that follows another's view does not echo it.
   */
  setXRange(range: [number, number] | null): void {
    if (!this.ready || !this.Plotly) return;
    this.toldRange = range;
    if (range === null) this.followLive();
    else void this.Plotly.relayout(this.element, { 'xaxis.range': range.map(plotlyDate), 'xaxis.autorange': false } as never);
  }

  private drawShapes(): void {
    const crosshair = this.crosshair !== null && this.setup ? [crosshairShape(this.crosshair, this.setup.theme)] : [];
    const shapes = [...this.marks, ...crosshair];
    const key = JSON.stringify(shapes);
    if (key === this.overlayKey) return;
    this.overlay = { ...this.overlay, shapes };
    this.overlayKey = key;
    if (this.ready && this.Plotly && this.setup)
      void this.Plotly.relayout(this.element, { shapes: chartLayout(this.setup, this.overlay).shapes } as never);
  }

  /** A short text in the plot's top-left corner (empty for none), e.g. the state at the pointer. */
  setNote(text: string): void {
    if (text === this.overlay.note) return;
    this.overlay = { ...this.overlay, note: text };
    if (this.ready && this.Plotly && this.setup)
      void this.Plotly.relayout(this.element, { annotations: chartLayout(this.setup, this.overlay).annotations } as never);
  }

  /** Points currently drawn in series i. */
  pointCount(series = 0): number {
    return this.element.data?.[series]?.x.length ?? 0;
  }

  /** New colours, keeping the data and the user's zoom. */
  setTheme(theme: ChartTheme): void {
    if (!this.setup) return;
    this.setup = { ...this.setup, theme };
    this.drawShapes(); // the crosshair takes the new colours
    if (!this.ready || !this.Plotly) return;
    void this.Plotly.relayout(this.element, themeRelayout(this.setup, this.overlay) as never);
    void this.Plotly.restyle(this.element, { 'line.color': lineColors(this.setup) } as never);
  }

  /** Forgets the user's zoom and follows the newest data again. */
  followLive(): void {
    if (!this.ready || !this.Plotly) return;
    const update: Record<string, unknown> = {};
    for (const axis of axisKeys(this.element.layout ?? {})) update[`${axis}.autorange`] = true;
    void this.Plotly.relayout(this.element, update as never);
  }

  resize(): void {
    if (this.ready && this.Plotly && this.element.isConnected) void this.Plotly.Plots.resize(this.element);
  }

  /** The chart as a PNG data URL, with `title` above it when given. */
  async toPng(title?: string): Promise<string> {
    if (!this.ready || !this.Plotly || !this.element.layout) throw new Error('the chart is not drawn yet');
    const width = this.element.clientWidth || 800;
    const height = this.element.clientHeight || 400;
    const layout: Record<string, unknown> = { ...this.element.layout, width, height };
    // The note follows the pointer: it is not part of the picture.
    layout.annotations = ((layout.annotations ?? []) as { name?: string }[]).filter((a) => a.name !== NOTE);
    if (title) {
      const margin = (layout.margin ?? {}) as Record<string, number>;
      Object.assign(layout, {
        title: { text: escapeHtml(title), x: 0, xanchor: 'left', xref: 'paper', font: { size: 15 } },
        margin: { ...margin, t: (margin.t ?? 10) + 40 },
        height: height + 40,
      });
    }
    return this.Plotly.toImage({ data: this.element.data ?? [], layout } as never, {
      format: 'png',
      width,
      height: (layout.height as number) ?? height,
    });
  }

  destroy(): void {
    this.destroyed = true;
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    if (this.Plotly) this.Plotly.purge(this.element);
    this.ready = false;
    this.setup = undefined;
  }

  /** Tells onXRange when the x-range is not the one last told or set. */
  private checkXRange(): void {
    const range = this.xRange;
    if (sameView(range, this.toldRange)) return;
    this.toldRange = range;
    this.events.onXRange?.(range);
  }

  /** Zoomed while any axis has a range the user chose (Plotly sets its autorange to false). */
  private checkZoom(): void {
    const layout = this.element.layout;
    const zoomed = axisKeys(layout ?? {}).some((axis) => (layout?.[axis] as AxisLayout | undefined)?.autorange === false);
    if (zoomed === this.zoomed) return;
    this.zoomed = zoomed;
    this.events.onZoom(zoomed);
  }
}

function sizeOf(element: HTMLElement): string {
  return `${element.clientWidth}×${element.clientHeight}`;
}
