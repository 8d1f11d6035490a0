// Where the Backtest view draws things: data times placed across the chart's plot area, so that
// a span under the chart sits under the same times of the chart. Pure functions, tested in Node.
import type { PlotArea } from '../chart/plotly-chart.js';

/** A box across the plot: its left edge and width in CSS pixels from the chart's left edge. */
export interface Box {
  left: number;
  width: number;
}

/** The x of data time `t` (epoch ms), in CSS pixels from the chart's left edge (outside the plot when `t` is out of view). */
export function xOf(t: number, area: PlotArea): number {
  const [from, to] = area.range;
  return area.left + ((t - from) / (to - from)) * area.width;
}

/**
 * The box of the span [start, end] (epoch ms; end null: still going at `last`), cut at the plot's
 * edges, at least `minWidth` wide (a one-row span stays visible and clickable, widened to the
 * right); null when no part of it is in view.
 */
export function placeSpan(start: number, end: number | null, last: number, area: PlotArea, minWidth = 0): Box | null {
  const [from, to] = area.range;
  const stop = end ?? last;
  if (!(to > from) || stop < from || start > to) return null;
  const left = xOf(Math.max(start, from), area);
  const right = xOf(Math.min(stop, to), area);
  return { left, width: Math.max(right - left, minWidth) };
}

/** The x of data time `t` when it is in view, else null. */
export function placeTime(t: number, area: PlotArea): number | null {
  const [from, to] = area.range;
  return t >= from && t <= to && to > from ? xOf(t, area) : null;
}
