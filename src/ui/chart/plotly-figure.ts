// What the chart looks like, as Plotly reads it: the traces, the layout (axes, thresholds, the
// overlay's shapes, the note) and their colours. Pure functions of the setup; PlotlyChart draws them.
import type { ColumnInfo, Threshold } from '../../protocol/events.js';
import { toPlotlyDates } from './plotly-time.js';

export interface ChartTheme {
  background: string;
  foreground: string;
  grid: string;
  /** Line colours, used in turn. */
  colors: string[];
  /** Colour of thresholds that do not name one. */
  threshold: string;
}

export interface ChartSetup {
  series: ColumnInfo[];
  thresholds: Threshold[];
  window: number;
  theme: ChartTheme;
}

/**
 * The points of one line: x as ISO strings (the exact path, as the rows came) or epoch ms (a
 * decimated view: Plotly then has no date strings to parse); y null for a gap. The chart takes
 * the arrays over (Plotly keeps them).
 */
export interface LineData {
  x: (string | null)[] | (number | null)[];
  y: (number | null)[];
}

/** What the chart draws over its lines besides the thresholds. */
export interface Overlay {
  /** Shapes (state bands, alert marks). */
  shapes: Record<string, unknown>[];
  /** A short text in the plot's top-left corner (empty for none), e.g. the state at the pointer. */
  note: string;
}

export const AXES = ['xaxis', 'yaxis', 'yaxis2'] as const;
/** The name of the annotation that shows the note. */
export const NOTE = 'rg-note';

/** One scatter line per series, with its points (none yet when `lines` has none for it). */
export function traces(setup: ChartSetup, lines: readonly LineData[]) {
  return setup.series.map((column, i) => ({
    type: 'scatter',
    mode: 'lines',
    name: escapeHtml(column.name),
    x: lines[i] ? plotlyX(lines[i]) : [],
    y: lines[i]?.y ?? [],
    yaxis: column.axis,
    line: { width: 1.5, color: lineColor(setup.theme, i) },
    connectgaps: false,
    hovertemplate: `%{y}<extra>${escapeTemplate(column.name)}</extra>`,
  }));
}

/** The layout: axes of known types, the theme's colours, the thresholds and the overlay. */
export function chartLayout(setup: ChartSetup, overlay: Overlay) {
  const { theme } = setup;
  // Every update redraws the axes: an axis of a known type is not guessed again from the data,
  // and `ticklabeloverflow: 'allow'` spares measuring every tick label again for every label
  // (the default hides labels that overflow the chart; the margins leave room for them).
  const axis = { gridcolor: theme.grid, zerolinecolor: theme.grid, linecolor: theme.grid, ticklabeloverflow: 'allow' };
  const hasY2 = setup.series.some((s) => s.axis === 'y2');
  const hasY = setup.series.some((s) => s.axis !== 'y2');
  // A threshold on an axis that no drawn series uses would stretch that axis for nothing.
  const thresholds = setup.thresholds.filter((th) => (th.axis === 'y2' ? hasY2 : hasY || !hasY2));
  return {
    uirevision: 'live',
    autosize: true,
    margin: { ...margins(setup), t: 10, b: 40 },
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.background,
    font: { color: theme.foreground, family: 'system-ui, sans-serif', size: 12 },
    showlegend: true,
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
    hovermode: 'x unified',
    xaxis: { ...axis, type: 'date' },
    yaxis: { ...axis, type: 'linear' },
    ...(hasY2 ? { yaxis2: { ...axis, type: 'linear', overlaying: 'y', side: 'right', showgrid: false } } : {}),
    shapes: [
      ...thresholds.map((th) => ({
        type: 'line',
        xref: 'paper',
        x0: 0,
        x1: 1,
        yref: th.axis,
        y0: th.value,
        y1: th.value,
        line: { color: th.color ?? theme.threshold, width: 1, dash: 'dash' },
      })),
      ...overlay.shapes,
    ],
    annotations: [
      ...thresholds
        .filter((th) => th.label)
        .map((th) => ({
          xref: 'paper',
          x: th.axis === 'y2' ? 0 : 1,
          xanchor: th.axis === 'y2' ? 'left' : 'right',
          yref: th.axis,
          y: th.value,
          yanchor: 'bottom',
          text: escapeHtml(th.label!),
          showarrow: false,
          font: { size: 11, color: th.color ?? theme.threshold },
        })),
      ...(overlay.note
        ? [
            {
              name: NOTE,
              xref: 'paper',
              yref: 'paper',
              x: 0,
              y: 0.95,
              xanchor: 'left',
              yanchor: 'top',
              text: escapeHtml(overlay.note),
              showarrow: false,
              bgcolor: theme.background,
              font: { size: 12, color: theme.foreground },
            },
          ]
        : []),
    ],
  };
}

/** The parts of the layout a new theme changes, as one `relayout` update (the data and the zoom stay). */
export function themeRelayout(setup: ChartSetup, overlay: Overlay): Record<string, unknown> {
  const layout = chartLayout(setup, overlay);
  const update: Record<string, unknown> = {
    paper_bgcolor: layout.paper_bgcolor,
    plot_bgcolor: layout.plot_bgcolor,
    font: layout.font,
    shapes: layout.shapes,
    annotations: layout.annotations,
  };
  for (const axis of AXES) {
    if (!(axis in layout)) continue;
    for (const key of ['gridcolor', 'zerolinecolor', 'linecolor'] as const) update[`${axis}.${key}`] = setup.theme.grid;
  }
  return update;
}

/** x as Plotly reads it: ISO strings as they are, epoch ms as Dates for its date axis (see plotly-time). */
export function plotlyX(line: LineData): unknown[] {
  const first = line.x.find((v) => v !== null);
  return typeof first === 'number' ? toPlotlyDates(line.x as (number | null)[]) : line.x;
}

/** The left and right margins: room for the tick labels of the y-axes. */
export function margins(setup: ChartSetup): { l: number; r: number } {
  return { l: 50, r: setup.series.some((s) => s.axis === 'y2') ? 50 : 20 };
}

export function lineColor(theme: ChartTheme, i: number): string {
  return theme.colors[i % theme.colors.length] ?? '#1f77b4';
}

/**
 * Plotly renders trace names, hover templates and annotation text as a subset of HTML (it reads
 * `<b>`, `<a href>`, `<span style>`…), so text from the config must be escaped to stay text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Also escapes `%{…}`, which a hover template would fill in. */
function escapeTemplate(text: string): string {
  return escapeHtml(text).replace(/[%{}]/g, (c) => `&#${c.charCodeAt(0)};`);
}
