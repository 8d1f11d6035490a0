import type { Cell, ColumnInfo, Threshold } from '../protocol.js';
import { PlotlyStyleMirror } from './plotly-styles.js';

type PlotlyModule = typeof import('plotly.js-dist-min').default;
type GraphDiv = HTMLDivElement & { data?: { x: unknown[]; y: unknown[]; visible?: unknown }[] };

let plotly: Promise<PlotlyModule> | undefined;

/** Plotly is large, so it is a separate chunk, fetched when the first chart is drawn. */
export function loadPlotly(): Promise<PlotlyModule> {
  plotly ??= import('plotly.js-dist-min').then((m) => (m as { default: PlotlyModule }).default ?? (m as never));
  return plotly;
}

export interface ChartTheme {
  background: string;
  foreground: string;
  grid: string;
  colors: string[];
}

export interface ChartSetup {
  series: ColumnInfo[];
  thresholds: Threshold[];
  window: number;
  theme: ChartTheme;
  title?: string;
}

/**
 * A Plotly line chart that scrolls: new points are appended with one `extendTraces` call per
 * animation frame, and only the newest `window` points are kept. A user's zoom or pan survives
 * updates (`uirevision`) until they double-click or call `followLive()`.
 */
export class PlotlyChart {
  private Plotly: PlotlyModule | undefined;
  private readonly styles: PlotlyStyleMirror;
  private setup: ChartSetup | undefined;
  private ready = false;
  private resizeObserver: ResizeObserver | undefined;

  constructor(
    readonly element: GraphDiv,
    root: ShadowRoot,
  ) {
    this.styles = new PlotlyStyleMirror(root);
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Creates (or re-creates) the plot with empty traces. */
  async init(setup: ChartSetup): Promise<void> {
    this.setup = setup;
    const Plotly = (this.Plotly ??= await loadPlotly());
    if (this.setup !== setup) return; // a newer init started while Plotly loaded
    await Plotly.newPlot(this.element, this.traces(setup) as never, this.layout(setup) as never, {
      displaylogo: false,
      responsive: false,
      modeBarButtonsToRemove: ['select2d', 'lasso2d'],
    });
    this.styles.sync();
    (this.element as unknown as { on(e: string, f: () => void): void }).on('plotly_afterplot', () => this.styles.sync());
    this.resizeObserver ??= new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.element);
    this.ready = true;
  }

  /** Appends points to every series in one call and drops those beyond the window. */
  extend(t: (string | null)[], y: Cell[][]): void {
    if (!this.ready || !this.Plotly || !this.setup || t.length === 0) return;
    const indices = y.map((_, i) => i);
    void this.Plotly.extendTraces(this.element, { x: y.map(() => t), y } as never, indices, this.setup.window);
  }

  /** Points currently drawn in series i. */
  pointCount(series = 0): number {
    return this.element.data?.[series]?.x.length ?? 0;
  }

  /** Forgets the user's zoom and follows the newest data again. */
  followLive(): void {
    if (!this.ready || !this.Plotly) return;
    void this.Plotly.relayout(this.element, {
      'xaxis.autorange': true,
      'yaxis.autorange': true,
      uirevision: Date.now(),
    } as never);
  }

  resize(): void {
    if (this.ready && this.Plotly && this.element.isConnected) void this.Plotly.Plots.resize(this.element);
  }

  async toPng(): Promise<string> {
    if (!this.ready || !this.Plotly) throw new Error('the chart is not drawn yet');
    return this.Plotly.toImage(this.element, { format: 'png', width: this.element.clientWidth || 800, height: this.element.clientHeight || 400 });
  }

  destroy(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    if (this.Plotly) this.Plotly.purge(this.element);
    this.ready = false;
    this.setup = undefined;
  }

  private traces(setup: ChartSetup) {
    return setup.series.map((column, i) => ({
      type: 'scatter',
      mode: 'lines',
      name: escapeHtml(column.name),
      x: [] as string[],
      y: [] as number[],
      yaxis: column.axis,
      line: { width: 1.5, color: setup.theme.colors[i % setup.theme.colors.length] },
      connectgaps: false,
      hovertemplate: `%{y}<extra>${escapeTemplate(column.name)}</extra>`,
    }));
  }

  private layout(setup: ChartSetup) {
    const { theme } = setup;
    const axis = { gridcolor: theme.grid, zerolinecolor: theme.grid, linecolor: theme.grid };
    const hasY2 = setup.series.some((s) => s.axis === 'y2');
    return {
      uirevision: 'live',
      autosize: true,
      margin: { l: 50, r: hasY2 ? 50 : 20, t: 10, b: 40 },
      paper_bgcolor: theme.background,
      plot_bgcolor: theme.background,
      font: { color: theme.foreground, family: 'system-ui, sans-serif', size: 12 },
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
      hovermode: 'x unified',
      xaxis: { ...axis, type: 'date' },
      yaxis: { ...axis },
      ...(hasY2 ? { yaxis2: { ...axis, overlaying: 'y', side: 'right', showgrid: false } } : {}),
      shapes: setup.thresholds.map((th) => ({
        type: 'line',
        xref: 'paper',
        x0: 0,
        x1: 1,
        yref: th.axis,
        y0: th.value,
        y1: th.value,
        line: { color: th.color ?? '#d62728', width: 1, dash: 'dash' },
      })),
      annotations: setup.thresholds
        .filter((th) => th.label)
        .map((th) => ({
          xref: 'paper',
          x: 1,
          xanchor: 'right',
          yref: th.axis,
          y: th.value,
          yanchor: 'bottom',
          text: escapeHtml(th.label!),
          showarrow: false,
          font: { size: 11, color: th.color ?? '#d62728' },
        })),
    };
  }
}

// Plotly renders names and annotation text as (a subset of) HTML; config text must stay text.
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function escapeTemplate(text: string): string {
  return escapeHtml(text).replace(/[%{}]/g, (c) => `&#${c.charCodeAt(0)};`);
}
