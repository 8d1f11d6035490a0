import type { ChartTheme } from './plotly-figure.js';
import { plotlyDate } from './plotly-time.js';

/** The name of the crosshair's shape. */
export const CROSSHAIR = 'rg-crosshair';

/**
 * A vertical line at data time `t` (epoch ms) from the bottom to the top of the plot area (every
 * subplot of a stacked chart: it is measured on the paper, not on a y-axis): the time another
 * chart of a dashboard is hovered at.
 */
export function crosshairShape(t: number, theme: ChartTheme): Record<string, unknown> {
  return {
    name: CROSSHAIR,
    type: 'line',
    xref: 'x',
    x0: plotlyDate(t),
    x1: plotlyDate(t),
    yref: 'paper',
    y0: 0,
    y1: 1,
    layer: 'above',
    line: { color: theme.foreground, width: 1, dash: 'dot' },
    opacity: 0.6,
  };
}

/** Two x-ranges (epoch ms) are the same view when both ends agree to the millisecond Plotly keeps; null is following live. */
export function sameView(a: readonly [number, number] | null, b: readonly [number, number] | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a[0] - b[0]) < 1 && Math.abs(a[1] - b[1]) < 1;
}
