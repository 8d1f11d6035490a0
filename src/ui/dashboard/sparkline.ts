/** Points a sparkline keeps at most (the oldest go first): far more than its pixels. */
const MAX_POINTS = 4000;

/**
 * The points of one column over the last `span` ms of data time (before the newest point), for a
 * value tile's sparkline. Times only move forward: a point older than the newest (a replay that
 * looped, a seek) starts the line again.
 */
export class SparkPoints {
  t: number[] = [];
  y: (number | null)[] = [];

  constructor(public span: number) {}

  push(t: number, y: number | null): void {
    if (!Number.isFinite(t)) return;
    const newest = this.t.at(-1);
    if (newest !== undefined && t < newest) this.clear();
    this.t.push(t);
    this.y.push(y);
    let drop = 0;
    while (drop < this.t.length - 1 && (this.t[drop]! < t - this.span || this.t.length - drop > MAX_POINTS)) drop++;
    if (drop > 0) {
      this.t.splice(0, drop);
      this.y.splice(0, drop);
    }
  }

  clear(): void {
    this.t = [];
    this.y = [];
  }
}

/**
 * An SVG path of the points on a `width` × `height` box: time across (the last `span` ms before the
 * newest point), the values' range up (a flat line in the middle when they are all equal); a gap
 * (null) breaks the line. Empty when there is nothing to draw.
 */
export function sparklinePath(points: SparkPoints, width: number, height: number): string {
  const { t, y } = points;
  const newest = t.at(-1);
  if (newest === undefined) return '';
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const v of y) {
    if (v === null || !Number.isFinite(v)) continue;
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  if (low > high) return '';
  const from = newest - points.span;
  const across = (x: number) => round(((x - from) / points.span) * width);
  const up = (v: number) => round(high === low ? height / 2 : height - ((v - low) / (high - low)) * height);
  let path = '';
  let pen = false;
  for (let k = 0; k < t.length; k++) {
    const v = y[k];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : path ? ' M' : 'M'}${across(t[k]!)} ${up(v)}`;
    pen = true;
  }
  return path;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
