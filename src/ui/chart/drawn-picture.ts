import type { LinePoints } from '../../values/m4-decimation.js';
import { finiteIndex, finiteSpan } from './finite-index.js';
import type { RowView } from './row-window.js';

/**
 * A decimated view drawn while following the data is drawn again at least this often, even when
 * new rows did not change its pixels: the hover reads the points Plotly was given, so the value
 * it shows at the live edge is at most this old.
 */
export const REDRAW_AT_LEAST_EVERY_MS = 1000;

/** The end of one drawn line: its newest point's time, and the lowest and highest value in its last pixel column. */
interface LineEnd {
  lastX: number;
  low: number;
  high: number;
}

/**
 * What a decimated view drew while following the data (x autoranged), kept to tell whether newer
 * rows would change a pixel of it. At 24 h on 1,200 pixels a pixel column is 72 s: at 10 rows/s,
 * 720 rows fall into the newest column, and a row whose value lies within the values already drawn
 * there lights no new pixel. Plotly redraws the whole chart for any update (30–50 ms for a day of
 * history), so those rows are left undrawn until one does change the picture: a new extreme (a
 * spike shows at once), a new pixel column, a gap, or REDRAW_AT_LEAST_EVERY_MS.
 */
export class DrawnPicture {
  private constructor(
    /** The x-axis range the view spans (epoch ms) and one pixel column of it. */
    private readonly to: number,
    private readonly halfPixel: number,
    private readonly ends: readonly (LineEnd | undefined)[],
    /** The oldest row of each source's window when drawn (undefined for a source with history before it). */
    private readonly oldest: readonly (number | undefined)[],
    private readonly drawnAt: number,
  ) {}

  /**
   * The picture of `lines` (trace order, x in epoch ms) on `width` pixels, with `yPixels[i]` the
   * values a pixel of line i's y-axis spans (undefined: unknown, new rows must lie within the
   * values drawn), drawn at `now`.
   */
  static of(
    lines: readonly LinePoints[],
    width: number,
    yPixels: readonly (number | undefined)[],
    oldest: readonly (number | undefined)[],
    now: number,
  ): DrawnPicture | undefined {
    const span = finiteSpan(lines.map((line) => line.x));
    if (!span || !(span[1] > span[0])) return undefined;
    const [from, to] = span;
    const pixel = (to - from) / Math.max(1, width);
    return new DrawnPicture(
      to,
      pixel / 2,
      lines.map((line, i) => lineEnd(line, pixel, (yPixels[i] ?? 0) / 2)),
      oldest,
      now,
    );
  }

  /** When the picture is drawn again even if it still shows every row (page clock, ms). */
  get staleAt(): number {
    return this.drawnAt + REDRAW_AT_LEAST_EVERY_MS;
  }

  /**
   * True when the picture already shows `taken` (the new rows of each source; `series[n]` the
   * columns of source n drawn, in trace order) to within half a pixel each way, and windows without history
   * before them dropped no row (the y-axis could shrink): drawing them would change no pixel.
   */
  shows(
    taken: readonly (RowView | undefined)[],
    series: readonly (readonly number[])[],
    oldest: readonly (number | undefined)[],
    now: number,
  ): boolean {
    if (now >= this.staleAt) return false;
    if (oldest.some((t, n) => t !== this.oldest[n])) return false;
    let trace = 0;
    for (let n = 0; n < series.length; n++) {
      const rows = taken[n];
      const columns = series[n]!;
      if (rows && rows.t.length > 0) {
        for (let k = 0; k < columns.length; k++) {
          if (!this.coversLine(this.ends[trace + k], rows.t, rows.y[columns[k]!]!)) return false;
        }
      }
      trace += columns.length;
    }
    return true;
  }

  private coversLine(end: LineEnd | undefined, t: Float64Array, y: Float64Array): boolean {
    if (!end) return false;
    for (let j = 0; j < t.length; j++) {
      const time = t[j]!;
      const value = y[j]!;
      // NaN fails every comparison: a row without a time, or a gap, is drawn.
      if (!(time - this.to <= this.halfPixel && time - end.lastX <= this.halfPixel)) return false;
      if (!(value >= end.low && value <= end.high)) return false;
    }
    return true;
  }
}

/** The newest point of `line` and the value range of the points within one pixel column before it, widened by `slack` each way. */
function lineEnd(line: LinePoints, pixel: number, slack: number): LineEnd | undefined {
  const last = finiteIndex(line.x, line.x.length - 1, -1);
  if (last === undefined) return undefined;
  const lastX = line.x[last]!;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let k = last; k >= 0; k--) {
    const x = line.x[k];
    if (x === null || x === undefined || !(x >= lastX - pixel)) break;
    const y = line.y[k];
    // A gap in the last column: new rows are drawn (the line's shape there depends on them).
    if (y === null || y === undefined || !Number.isFinite(y)) return undefined;
    if (y < low) low = y;
    if (y > high) high = y;
  }
  return low <= high ? { lastX, low: low - slack, high: high + slack } : undefined;
}
