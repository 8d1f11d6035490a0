// Decimates the element's row window for a draw: bucket keys per row from the visible range and
// the plot's width, then M4 (src/values/m4-decimation.ts, shared with the daemon's history route).
import { M4Line, type LinePoints } from '../../values/m4-decimation.js';
import type { RowView } from './row-window.js';

export interface DecimationView {
  /** The visible x-range in epoch ms, or null to show all rows (the chart follows the data). */
  range: [number, number] | null;
  /** Width of the plot area in pixels: one bucket per pixel column. */
  width: number;
  /** When no more than this many rows are in the visible range, all of them are drawn. */
  fullDetailUpTo: number;
}

// Bucket keys of rows right of the visible range, and of rows drawn one by one: far from the pixel
// columns (0…width) and from each other, so consecutive rows never share a key by chance.
const RIGHT_OF_RANGE = 2 ** 40;
const ROW_BY_ROW = 2 ** 41;

/**
 * M4 decimation of the element's window: at most 4 points per pixel column, the same picture as
 * every row.
 *
 * Rows outside the visible range (while zoomed) go into coarser buckets (the whole window over
 * the plot's width), so that the lines still reach the edges and panning shows something until
 * the view is decimated again. Gaps (NaN) stay gaps. Buckets are runs of consecutive rows in the
 * same column, so rows out of time order are still drawn in their order, only less reduced.
 */
export function decimateWindow(rows: RowView, series: readonly number[], view: DecimationView): LinePoints[] {
  const keys = bucketKeys(rows.t, view);
  return series.map((i) => {
    const line = new M4Line();
    line.addRows(rows.t, rows.y[i]!, keys);
    return line.finish();
  });
}

/** The bucket of every row (NaN for a row without a time). */
function bucketKeys(t: Float64Array, view: DecimationView): Float64Array {
  const n = t.length;
  let first = Infinity;
  let last = -Infinity;
  for (let k = 0; k < n; k++) {
    const time = t[k]!;
    if (time < first) first = time;
    if (time > last) last = time;
  }
  const [x0, x1] = view.range ?? [first, last];
  const width = Math.max(1, Math.floor(view.width));
  let inside = 0;
  for (let k = 0; k < n; k++) if (t[k]! >= x0 && t[k]! <= x1) inside++;
  const rowByRow = inside <= view.fullDetailUpTo;
  const pixel = positive((x1 - x0) / width);
  const outside = Math.max(pixel, positive((last - first) / width));
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const time = t[k]!;
    if (time < x0) keys[k] = -1 - Math.floor((x0 - time) / outside);
    else if (time > x1) keys[k] = RIGHT_OF_RANGE + Math.floor((time - x1) / outside);
    else if (time === time) keys[k] = rowByRow ? ROW_BY_ROW + k : Math.floor((time - x0) / pixel);
    else keys[k] = Number.NaN;
  }
  return keys;
}

function positive(ms: number): number {
  return ms > 0 && Number.isFinite(ms) ? ms : 1;
}
