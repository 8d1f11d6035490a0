// Which y-axis each line of a chart is drawn on. `overlay`: one plot, a column's `axis` (y or y2)
// picks the left or the right axis. `stack` and `stack-columns`: plots stacked from top to bottom
// on one shared time axis, one per unit (a column without a unit gets one of its own) or one per
// column, each with its own y-axis (a column's `axis` is not used).
import type { ChartLayout } from '../../protocol/dashboards.js';
import type { ColumnInfo } from '../../protocol/events.js';
import { columnTitle } from './units.js';

/** One plot of a stacked chart. */
export interface Subplot {
  /** Plotly's id of its y-axis (`y`, `y2`, …): the `yaxis` of its traces, the `yref` of its shapes. */
  axis: string;
  /** The layout's key of that axis (`yaxis`, `yaxis2`, …). */
  key: string;
  /** Its unit, or for a plot of one column, the column's name and unit (see columnTitle). */
  title: string;
  /** Its series (indices into the chart's series, in trace order). */
  series: number[];
  /** Its bottom and top, as shares of the plot area's height. */
  domain: [number, number];
}

/** The layout an attribute names: `stack` or `stack-columns`, anything else `overlay`. */
export function chartLayoutOf(value: string | null | undefined): ChartLayout {
  return value === 'stack' || value === 'stack-columns' ? value : 'overlay';
}

/** The subplots of a stacked layout, the first at the top; none for `overlay`. */
export function subplots(series: readonly ColumnInfo[], layout: ChartLayout): Subplot[] {
  if (layout === 'overlay') return [];
  const groups = new Map<string, number[]>();
  series.forEach((column, i) => {
    const key = layout === 'stack' && column.unit ? `unit:${column.unit}` : `column:${i}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const domains = stackedDomains(groups.size);
  return [...groups.values()].map((members, k) => ({
    axis: axisId(k),
    key: axisKey(axisId(k)),
    // A plot of one column says which (its only line has no legend entry); of several, their unit.
    title: members.length === 1 ? columnTitle(series[members[0]!]!) : series[members[0]!]!.unit!,
    series: members,
    domain: domains[k]!,
  }));
}

/**
 * `count` plots from top to bottom filling the height, with gaps between them of 4 % of the
 * height for a few plots, less for many (0.2 / count: about 20 px at the minimum height of a plot).
 */
export function stackedDomains(count: number): [number, number][] {
  const gap = count > 1 ? Math.min(0.04, 0.2 / count) : 0;
  const height = (1 - gap * (count - 1)) / count;
  return Array.from({ length: count }, (_, k) => {
    const top = 1 - k * (height + gap);
    return [k === count - 1 ? 0 : round(top - height), k === 0 ? 1 : round(top)];
  });
}

/** The y-axis id of each series, in trace order. */
export function seriesAxes(series: readonly ColumnInfo[], layout: ChartLayout): string[] {
  if (layout === 'overlay') return series.map((column) => column.axis);
  const axes: string[] = [];
  for (const plot of subplots(series, layout)) for (const i of plot.series) axes[i] = plot.axis;
  return axes;
}

/** Plotly's layout key of an axis id: `y` → `yaxis`, `y3` → `yaxis3`. */
export function axisKey(id: string): string {
  return `${id[0]}axis${id.slice(1)}`;
}

function axisId(k: number): string {
  return k === 0 ? 'y' : `y${k + 1}`;
}

/** Four decimals: exact domains for the tests, and no 0.30000000000000004 in the layout. */
function round(share: number): number {
  return Math.round(share * 10_000) / 10_000;
}
