// M4 decimation (Jugel et al., VLDB 2014), shared by the daemon's history route and the element:
// per bucket (a pixel column) keep the first, the smallest, the largest and the last point, in
// time order. A line through them lights exactly the pixels a line through every point would.
// Pure, no DOM and no Node: the element's bundle and the server import the same code.

/** A decimated line: x in epoch ms (null for a row without a time), y null for a gap. */
export interface LinePoints {
  x: (number | null)[];
  y: (number | null)[];
}

/**
 * The state of one line being decimated, so rows can be fed in several slices (the chunks of the
 * daemon's history) and the buckets still span them. Buckets are runs of consecutive rows with
 * the same key: rows out of time order are drawn in their order, only less reduced.
 *
 * Gaps (NaN values) are kept at bucket edges: a bucket that starts or ends with a gap puts a
 * break (y null) before or after its points, once however many gaps follow each other. A gap
 * between two points of the same bucket is narrower than a pixel column and is drawn through, so
 * a bucket never gives more than 4 points and the breaks are at most one more per bucket.
 */
export class M4Line {
  readonly out: LinePoints = { x: [], y: [] };
  key = Number.NaN;
  /** Rows seen: the order of the four kept points within a bucket. */
  ordinal = 0;
  count = 0; // points in the open bucket (0: none yet)
  firstT = 0;
  firstY = 0;
  firstAt = 0;
  lowT = 0;
  lowY = 0;
  lowAt = 0;
  highT = 0;
  highY = 0;
  highAt = 0;
  lastT = 0;
  lastY = 0;
  lastAt = 0;
  /** Time of the first gap before the bucket's first point / after its last point (NaN: none). */
  leadingGap = Number.NaN;
  trailingGap = Number.NaN;
  hasLeadingGap = false;
  hasTrailingGap = false;
  /** The line ends in a break (or has not started): no break is put before the first point, nor twice. */
  broken = true;

  /** Emits the open bucket: a break if it starts with a gap, its kept points in row order, a break if it ends with one. */
  flush(): void {
    if (this.count === 0) {
      if (this.hasLeadingGap) this.gap(this.leadingGap);
      this.hasLeadingGap = false;
      return;
    }
    if (this.hasLeadingGap) this.gap(this.leadingGap);
    const lowFirst = this.lowAt <= this.highAt;
    const aAt = lowFirst ? this.lowAt : this.highAt;
    const bAt = lowFirst ? this.highAt : this.lowAt;
    this.point(this.firstT, this.firstY);
    if (aAt > this.firstAt) lowFirst ? this.point(this.lowT, this.lowY) : this.point(this.highT, this.highY);
    if (bAt > aAt) lowFirst ? this.point(this.highT, this.highY) : this.point(this.lowT, this.lowY);
    if (this.lastAt > bAt) this.point(this.lastT, this.lastY);
    if (this.hasTrailingGap) this.gap(this.trailingGap);
    this.count = 0;
    this.hasLeadingGap = false;
    this.hasTrailingGap = false;
  }

  /** Ends the line: the last bucket goes out. Returns the points. */
  finish(): LinePoints {
    this.flush();
    return this.out;
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

/**
 * Feeds rows `start…end-1` of a column into `line`: `keys[k - keyOffset]` is row k's bucket (NaN
 * for a row without a time: a break of its own), `t` its time and `y` its value (NaN for a gap).
 */
export function m4Append(
  line: M4Line,
  t: Float64Array,
  y: Float64Array,
  keys: Float64Array,
  keyOffset: number,
  start: number,
  end: number,
): void {
  for (let k = start; k < end; k++) {
    const value = y[k]!;
    const key = keys[k - keyOffset]!;
    const time = t[k]!;
    const ordinal = line.ordinal++;
    if (key !== line.key) {
      line.flush();
      line.key = key;
    }
    if (key !== key) {
      // A row without a time cannot be placed: the line breaks there.
      if (!line.hasLeadingGap) {
        line.hasLeadingGap = true;
        line.leadingGap = Number.NaN;
      }
      line.flush();
      continue;
    }
    if (value !== value) {
      if (line.count === 0) {
        if (!line.hasLeadingGap) {
          line.hasLeadingGap = true;
          line.leadingGap = time;
        }
      } else if (!line.hasTrailingGap) {
        line.hasTrailingGap = true;
        line.trailingGap = time;
      }
      continue;
    }
    line.hasTrailingGap = false; // a gap inside the bucket: narrower than its pixel column
    if (line.count === 0) {
      line.firstT = line.lowT = line.highT = line.lastT = time;
      line.firstY = line.lowY = line.highY = line.lastY = value;
      line.firstAt = line.lowAt = line.highAt = line.lastAt = ordinal;
      line.count = 1;
      continue;
    }
    if (value < line.lowY) {
      line.lowT = time;
      line.lowY = value;
      line.lowAt = ordinal;
    }
    if (value > line.highY) {
      line.highT = time;
      line.highY = value;
      line.highAt = ordinal;
    }
    line.lastT = time;
    line.lastY = value;
    line.lastAt = ordinal;
    line.count++;
  }
}

/** Bucket keys far from the pixel columns (0…width), for rows drawn one by one: never two alike. */
export const ROW_BY_ROW = 2 ** 41;
