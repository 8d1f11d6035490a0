import type { RowView } from './row-window.js';

/** One line as Plotly draws it: x in epoch ms, y null for a gap (x null too for a row without a time). */
export interface LinePoints {
  x: (number | null)[];
  y: (number | null)[];
}

export interface DecimationView {
  /** The visible x-range in epoch ms, or null to show all rows (the chart follows the data). */
  range: [number, number] | null;
  /** Width of the plot area in pixels: one bucket per pixel column. */
  width: number;
  /** When no more than this many rows are in the visible range, all of them are drawn. */
  fullDetailUpTo: number;
}

// Bucket keys of rows outside the visible range and of rows drawn one by one: far from the
// pixel columns (0…width) and from each other, so consecutive rows never share a key by chance.
const RIGHT_OF_RANGE = 2 ** 40;
const ROW_BY_ROW = 2 ** 41;

/**
 * M4 decimation (Jugel et al., VLDB 2014): per pixel column keep the first, the smallest, the
 * largest and the last point, in time order. A line through them covers exactly the pixels a
 * line through every point would, so the picture is the same with at most 4 points per column.
 *
 * Rows outside the visible range (while zoomed) go into coarser buckets (the whole window over
 * the plot's width), so that the lines still reach the edges and panning shows something until
 * the view is decimated again. Gaps (NaN) stay gaps. Buckets are runs of consecutive rows in the
 * same column, so rows out of time order are still drawn in their order, only less reduced.
 */
export function decimateM4(rows: RowView, series: readonly number[], view: DecimationView): LinePoints[] {
  const keys = bucketKeys(rows.t, view);
  return series.map((i) => m4(rows.t, rows.y[i]!, keys));
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

function m4(t: Float64Array, y: Float64Array, keys: Float64Array): LinePoints {
  const out: LinePoints = { x: [], y: [] };
  let key = Number.NaN;
  let first = -1;
  let low = -1;
  let high = -1;
  let last = -1;
  let gap = true; // no gap marker before the first point
  const flush = () => {
    if (first < 0) return;
    // first ≤ a ≤ b ≤ last: each index once, in time order.
    const a = Math.min(low, high);
    const b = Math.max(low, high);
    emit(first);
    if (a > first) emit(a);
    if (b > a) emit(b);
    if (last > b) emit(last);
    first = -1;
    gap = false;
  };
  const emit = (k: number) => {
    out.x.push(t[k]!);
    out.y.push(y[k]!);
  };
  for (let k = 0; k < keys.length; k++) {
    const value = y[k]!;
    if (keys[k] !== key) {
      flush();
      key = keys[k]!;
    }
    if (value !== value || key !== key) {
      // A gap (or a row without a time): end the line here, once however many follow.
      flush();
      if (!gap) {
        out.x.push(Number.isNaN(t[k]!) ? null : t[k]!);
        out.y.push(null);
        gap = true;
      }
      continue;
    }
    if (first < 0) {
      first = low = high = last = k;
      continue;
    }
    if (value < y[low]!) low = k;
    if (value > y[high]!) high = k;
    last = k;
  }
  flush();
  return out;
}
