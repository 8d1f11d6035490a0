// M4 decimation (Jugel et al., VLDB 2014), shared by the daemon's history route and the element:
// per bucket (a pixel column) keep the first, the smallest, the largest and the last point, in
// time order. A line through them lights exactly the pixels a line through every point would.
// Pure, no DOM and no Node: the element's bundle and the server import the same code.

/** A decimated line: x in epoch ms (null for a row without a time), y null for a gap. */
export interface LinePoints {
  x: (number | null)[];
  y: (number | null)[];
}

/** Rows per block of BlockExtremes (a power of two). */
const BLOCK_SHIFT = 6;
export const BLOCK_ROWS = 1 << BLOCK_SHIFT;

/**
 * Per block of BLOCK_ROWS rows of a column (rows 0–63, 64–127, …): the index of its first
 * smallest and first largest value, -1 when the block holds only gaps. Lets M4 skip over whole
 * blocks inside a pixel column: 1,000,000 rows on 1,200 pixels read about 16,000 blocks.
 */
export interface BlockExtremes {
  low: Int32Array;
  high: Int32Array;
}

/** Records value `y[k]` of row `k` (rows are recorded in order; NaN is a gap) in `extremes`. */
export function noteExtreme(extremes: BlockExtremes, y: Float64Array, k: number): void {
  const b = k >> BLOCK_SHIFT;
  const v = y[k]!;
  if ((k & (BLOCK_ROWS - 1)) === 0) {
    extremes.low[b] = extremes.high[b] = v === v ? k : -1;
    return;
  }
  if (v !== v) return;
  const l = extremes.low[b]!;
  if (l < 0) {
    extremes.low[b] = extremes.high[b] = k;
    return;
  }
  if (v < y[l]!) extremes.low[b] = k;
  if (v > y[extremes.high[b]!]!) extremes.high[b] = k;
}

/**
 * One line being decimated. Rows come in runs that share a bucket (addRun: the history's chunks,
 * one pixel column at a time) or with a bucket key each (addRows: the element's window); finish()
 * gives the points. Buckets are runs of consecutive rows with the same key, so a bucket may span
 * several calls, and rows out of time order are drawn in their order, only less reduced.
 *
 * Gaps (NaN values) are kept at bucket edges: a bucket that starts or ends with a gap puts a
 * break (y null) before or after its points, once however many gaps follow each other. A gap
 * between two points of the same bucket is narrower than a pixel column and is drawn through, so
 * a bucket never gives more than 4 points and the breaks are at most one more per bucket.
 */
export class M4Line {
  private readonly out: LinePoints = { x: [], y: [] };
  private key = Number.NaN;
  /** Rows seen: the order of the four kept points within a bucket. */
  private ordinal = 0;
  /** Values in the open bucket (0: none yet). */
  private count = 0;
  private firstT = 0;
  private firstY = 0;
  private firstAt = 0;
  private lowT = 0;
  private lowY = 0;
  private lowAt = 0;
  private highT = 0;
  private highY = 0;
  private highAt = 0;
  private lastT = 0;
  private lastY = 0;
  private lastAt = 0;
  /** Time of the first gap before the bucket's first point / after its last point (NaN: none). */
  private leadingGap = Number.NaN;
  private trailingGap = Number.NaN;
  private hasLeadingGap = false;
  private hasTrailingGap = false;
  /** The line ends in a break (or has not started): no break is put before the first point, nor twice. */
  private broken = true;

  /**
   * Feeds rows `start…end-1`, which all fall in bucket `key` and are in time order (the rows of
   * one pixel column in a chunk of the daemon's history): a tight loop over the values, and over
   * whole blocks of BLOCK_ROWS rows when `extremes` gives each block's smallest and largest value.
   */
  addRun(key: number, t: Float64Array, y: Float64Array, start: number, end: number, extremes?: BlockExtremes): void {
    if (end <= start) return;
    if (key !== this.key) {
      this.flush();
      this.key = key;
    }
    const base = this.ordinal - start;
    this.ordinal += end - start;
    let first = start;
    while (first < end && y[first]! !== y[first]!) first++;
    if (first > start) this.noteGap(t[start]!);
    if (first === end) return;
    let last = end - 1;
    while (y[last]! !== y[last]!) last--;
    this.hasTrailingGap = false; // what came before `first` is inside the bucket now
    let k = first;
    if (this.count === 0) {
      this.firstT = this.lowT = this.highT = t[k]!;
      this.firstY = this.lowY = this.highY = y[k]!;
      this.firstAt = this.lowAt = this.highAt = base + k;
      k++;
    }
    let lowY = this.lowY;
    let highY = this.highY;
    let lowK = -1;
    let highK = -1;
    // Row by row, and block by block where a whole block of the column lies in the run (when the
    // column has extremes per block). NaN compares false: gaps inside the run are passed over.
    while (k <= last) {
      let lowAt = k;
      let highAt = k;
      let step = 1;
      if (extremes && (k & (BLOCK_ROWS - 1)) === 0 && k + BLOCK_ROWS - 1 <= last) {
        step = BLOCK_ROWS;
        lowAt = extremes.low[k >> BLOCK_SHIFT]!;
        highAt = extremes.high[k >> BLOCK_SHIFT]!;
        if (lowAt < 0) {
          k += step; // only gaps
          continue;
        }
      }
      if (y[lowAt]! < lowY) {
        lowY = y[lowAt]!;
        lowK = lowAt;
      }
      if (y[highAt]! > highY) {
        highY = y[highAt]!;
        highK = highAt;
      }
      k += step;
    }
    if (lowK >= 0) {
      this.lowY = lowY;
      this.lowT = t[lowK]!;
      this.lowAt = base + lowK;
    }
    if (highK >= 0) {
      this.highY = highY;
      this.highT = t[highK]!;
      this.highAt = base + highK;
    }
    this.lastT = t[last]!;
    this.lastY = y[last]!;
    this.lastAt = base + last;
    this.count += last - first + 1;
    if (last < end - 1) this.noteGap(t[last + 1]!);
  }

  /**
   * Feeds every row of `t` and `y`: `keys[k]` is row k's bucket, NaN for a row without a time (it
   * cannot be placed: the line breaks there). Each run of rows with the same key goes to addRun.
   */
  addRows(t: Float64Array, y: Float64Array, keys: Float64Array): void {
    const n = keys.length;
    let k = 0;
    while (k < n) {
      const key = keys[k]!;
      if (key !== key) {
        this.breakLine();
        k++;
        continue;
      }
      let end = k + 1;
      while (end < n && keys[end] === key) end++;
      this.addRun(key, t, y, k, end);
      k = end;
    }
  }

  /** Ends the line: the last bucket goes out. Returns the points. */
  finish(): LinePoints {
    this.flush();
    return this.out;
  }

  /** Emits the open bucket: a break if it starts with a gap, its kept points in row order, a break if it ends with one. */
  private flush(): void {
    if (this.hasLeadingGap) this.gap(this.leadingGap);
    this.hasLeadingGap = false;
    if (this.count === 0) return;
    const lowFirst = this.lowAt <= this.highAt;
    const aAt = lowFirst ? this.lowAt : this.highAt;
    const bAt = lowFirst ? this.highAt : this.lowAt;
    this.point(this.firstT, this.firstY);
    if (aAt > this.firstAt) lowFirst ? this.point(this.lowT, this.lowY) : this.point(this.highT, this.highY);
    if (bAt > aAt) lowFirst ? this.point(this.highT, this.highY) : this.point(this.lowT, this.lowY);
    if (this.lastAt > bAt) this.point(this.lastT, this.lastY);
    if (this.hasTrailingGap) this.gap(this.trailingGap);
    this.count = 0;
    this.hasTrailingGap = false;
  }

  /** A gap in the open bucket: before its first point, or (for now) after its last. */
  private noteGap(time: number): void {
    if (this.count === 0) {
      if (!this.hasLeadingGap) {
        this.hasLeadingGap = true;
        this.leadingGap = time;
      }
    } else if (!this.hasTrailingGap) {
      this.hasTrailingGap = true;
      this.trailingGap = time;
    }
  }

  /** A row without a time: the open bucket goes out, then a break (x null) of its own. */
  private breakLine(): void {
    this.ordinal++;
    this.flush();
    this.key = Number.NaN;
    this.gap(Number.NaN);
  }

  private point(t: number, y: number): void {
    this.out.x.push(t);
    this.out.y.push(y);
    this.broken = false;
  }

  private gap(t: number): void {
    if (this.broken) return;
    this.out.x.push(t === t ? t : null);
    this.out.y.push(null);
    this.broken = true;
  }
}
