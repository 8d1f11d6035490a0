// What the chart looks like, as Plotly reads it: the traces, the layout (axes, legend,
// thresholds, the overlay's shapes, the note) and their colours. Pure functions of the setup;
// PlotlyChart draws them. Which axis each line is on, and the stacked plots, are in subplots.ts.
import type { ChartLayout } from '../../protocol/dashboards.js';
import type { ColumnInfo, Threshold } from '../../protocol/events.js';
import { toPlotlyDates } from './plotly-time.js';
import { seriesAxes, subplots, type Subplot } from './subplots.js';
import { unitsTitle, withUnit } from './units.js';

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
  /** One plot (`overlay`), or plots stacked on one time axis (see subplots). */
  layout: ChartLayout;
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

/** The name of the annotation that shows the note. */
export const NOTE = 'rg-note';

/**
 * One scatter line per series, with its points (none yet when `lines` has none for it), on its
 * axis. Stacked plots' lines have no legend entries: Plotly measures every entry again on every
 * update (52 entries took 140 of the 200 ms of an update of 52 lines of 250 points), and with
 * tens of lines in a plot the colours repeat anyway. Each plot's title says what it holds (its
 * unit, or its one column), and the hover names every line of the plot at the pointer.
 */
export function traces(setup: ChartSetup, lines: readonly LineData[]) {
  const axes = seriesAxes(setup.series, setup.layout);
  const stacked = setup.layout !== 'overlay';
  const colors = lineColors(setup);
  return setup.series.map((column, i) => ({
    type: 'scatter',
    mode: 'lines',
    name: escapeHtml(column.name),
    x: lines[i] ? plotlyX(lines[i]) : [],
    y: lines[i]?.y ?? [],
    yaxis: axes[i]!,
    ...(stacked ? { showlegend: false } : {}),
    line: { width: 1.5, color: colors[i]! },
    connectgaps: false,
    hovertemplate: `${withUnit('%{y}', column.unit && escapeTemplate(column.unit))}<extra>${escapeTemplate(column.name)}</extra>`,
  }));
}

/** The layout: axes of known types, the theme's colours, the legend, the thresholds and the overlay. */
export function chartLayout(setup: ChartSetup, overlay: Overlay) {
  const { theme } = setup;
  // Every update redraws the axes: an axis of a known type is not guessed again from the data,
  // and `ticklabeloverflow: 'allow'` spares measuring every tick label again for every label
  // (the default hides labels that overflow the chart; the margins leave room for them).
  const axis = { gridcolor: theme.grid, zerolinecolor: theme.grid, linecolor: theme.grid, ticklabeloverflow: 'allow' };
  const plots = subplots(setup.series, setup.layout);
  const thresholds = placeThresholds(setup, plots);
  return {
    uirevision: 'live',
    autosize: true,
    margin: { ...margins(setup), t: 10, b: 40 },
    paper_bgcolor: theme.background,
    plot_bgcolor: theme.background,
    font: { color: theme.foreground, family: 'system-ui, sans-serif', size: 12 },
    showlegend: true,
    // Above the plot: every line of an overlay, and the marks' entries (state bands, alerts).
    // (Right on top of a stack: 2 % of a tall stack would be a wide gap.)
    legend: { orientation: 'h', x: 0, y: plots.length > 0 ? 1 : 1.02, yanchor: 'bottom' },
    hovermode: 'x unified',
    // Stacked plots share this one time axis (a zoom or pan in any plot moves them all); its
    // labels are under the bottom plot.
    xaxis: { ...axis, type: 'date', ...(plots.length > 0 ? { anchor: plots.at(-1)!.axis } : {}) },
    ...(plots.length > 0 ? stackedAxes(plots, axis) : overlayAxes(setup, axis)),
    shapes: [
      ...thresholds.map(({ threshold: th, yref }) => ({
        type: 'line',
        xref: 'paper',
        x0: 0,
        x1: 1,
        yref,
        y0: th.value,
        y1: th.value,
        line: { color: th.color ?? theme.threshold, width: 1, dash: 'dash' },
      })),
      ...overlay.shapes,
    ],
    annotations: [
      ...thresholds
        .filter(({ threshold: th }) => th.label)
        .map(({ threshold: th, yref }) => ({
          xref: 'paper',
          x: th.axis === 'y2' ? 0 : 1,
          xanchor: th.axis === 'y2' ? 'left' : 'right',
          yref,
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
              y: 1,
              // In pixels below the top (under the alert strip), however tall a stack of plots is.
              yshift: -16,
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
  for (const axis of axisKeys(layout)) {
    for (const key of ['gridcolor', 'zerolinecolor', 'linecolor'] as const) update[`${axis}.${key}`] = setup.theme.grid;
  }
  return update;
}

/** The axes of a layout (`xaxis`, `yaxis`, `yaxis2`, …): the keys a zoom or a theme sets. */
export function axisKeys(layout: object): string[] {
  return Object.keys(layout).filter((key) => /^[xy]axis\d*$/.test(key));
}

/** x as Plotly reads it: ISO strings as they are, epoch ms as Dates for its date axis (see plotly-time). */
export function plotlyX(line: LineData): unknown[] {
  const first = line.x.find((v) => v !== null);
  return typeof first === 'number' ? toPlotlyDates(line.x as (number | null)[]) : line.x;
}

/** The left and right margins: room for the tick labels of the y-axes and their titles. */
export function margins(setup: ChartSetup): { l: number; r: number } {
  const titled = (columns: ColumnInfo[]) => (unitsTitle(columns) ? 64 : 50);
  if (setup.layout !== 'overlay') return { l: 64, r: 20 };
  const right = setup.series.filter((s) => s.axis === 'y2');
  return { l: titled(setup.series.filter((s) => s.axis !== 'y2')), r: right.length > 0 ? titled(right) : 20 };
}

/** The colour of each line: the theme's colours in turn, starting again in each stacked plot. */
export function lineColors(setup: ChartSetup): string[] {
  const colors = setup.series.map((_, i) => lineColor(setup.theme, i));
  for (const plot of subplots(setup.series, setup.layout)) {
    plot.series.forEach((i, k) => {
      colors[i] = lineColor(setup.theme, k);
    });
  }
  return colors;
}

function lineColor(theme: ChartTheme, i: number): string {
  return theme.colors[i % theme.colors.length] ?? '#1f77b4';
}

type AxisStyle = Record<string, unknown>;

/**
 * The overlay's y-axes: the left one, and the right one (`overlaying`) when a column is on y2.
 * Each titled with the units of its columns, and each with ticks of its own: Plotly 4 gives an
 * overlaying axis `tickmode: 'sync'` by default, the left axis's grid in its own values (ticks
 * like 1.108, 1.31, 1.512); `auto` picks round numbers for its own range.
 */
function overlayAxes(setup: ChartSetup, axis: AxisStyle) {
  const left = setup.series.filter((s) => s.axis !== 'y2');
  const right = setup.series.filter((s) => s.axis === 'y2');
  return {
    yaxis: { ...axis, type: 'linear', tickmode: 'auto', ...axisTitle(unitsTitle(left)) },
    ...(right.length > 0
      ? {
          yaxis2: {
            ...axis,
            type: 'linear',
            tickmode: 'auto',
            overlaying: 'y',
            side: 'right',
            showgrid: false,
            ...axisTitle(unitsTitle(right)),
          },
        }
      : {}),
  };
}

/** A y-axis per stacked plot, in its share of the height, each ranged on its own data, titled. */
function stackedAxes(plots: readonly Subplot[], axis: AxisStyle) {
  return Object.fromEntries(
    plots.map((plot) => [
      plot.key,
      { ...axis, type: 'linear', tickmode: 'auto', anchor: 'x', domain: plot.domain, ...axisTitle(plot.title) },
    ]),
  );
}

function axisTitle(text: string) {
  return text ? { title: { text: escapeHtml(text), font: { size: 11 }, standoff: 4 } } : {};
}

/**
 * Where each threshold is drawn (`yref`: the axis). Overlay: on its axis, when a drawn line uses
 * it (the y-axis when no line uses y2); a threshold on an axis no line uses would stretch that
 * axis for nothing. Stacked: on every plot that holds a column whose `axis` is the threshold's,
 * since a threshold is set for the values of the columns on that axis (a column's own plot then
 * shows the threshold of its values; a plot of other columns is not stretched by it).
 */
function placeThresholds(setup: ChartSetup, plots: readonly Subplot[]): { threshold: Threshold; yref: string }[] {
  if (plots.length === 0) {
    const hasY2 = setup.series.some((s) => s.axis === 'y2');
    const hasY = setup.series.some((s) => s.axis !== 'y2');
    return setup.thresholds
      .filter((th) => (th.axis === 'y2' ? hasY2 : hasY || !hasY2))
      .map((threshold) => ({ threshold, yref: threshold.axis }));
  }
  return setup.thresholds.flatMap((threshold) =>
    plots
      .filter((plot) => plot.series.some((i) => setup.series[i]!.axis === threshold.axis))
      .map((plot) => ({ threshold, yref: plot.axis })),
  );
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
