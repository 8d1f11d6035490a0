/**
 * A latency histogram with 0.1 ms buckets up to 10 s, and exact values above. Cheap to add to
 * (one array increment), so a load client can record millions of rows; percentiles are exact to
 * the bucket width. Values below zero (a row received before its due time) are kept as zero but
 * the true minimum is remembered.
 */
const BUCKET_MS = 0.1;
const BUCKETS = 100_000; // 10 s

export interface HistogramSnapshot {
  counts: [bucket: number, count: number][];
  overflow: number[];
  min: number;
  max: number;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private overflow: number[] = [];
  count = 0;
  minValue = Number.POSITIVE_INFINITY;
  maxValue = Number.NEGATIVE_INFINITY;

  add(ms: number): void {
    this.count++;
    if (ms < this.minValue) this.minValue = ms;
    if (ms > this.maxValue) this.maxValue = ms;
    const bucket = ms <= 0 ? 0 : Math.floor(ms / BUCKET_MS);
    if (bucket < BUCKETS) this.counts[bucket]!++;
    else this.overflow.push(ms);
  }

  /** The p-th percentile (0–100), as the upper edge of its bucket; NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((Math.min(100, Math.max(0, p)) / 100) * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.counts[bucket]!;
      if (seen >= rank) return Math.min(this.maxValue, (bucket + 1) * BUCKET_MS);
    }
    const above = [...this.overflow].sort((a, b) => a - b);
    return above[Math.min(above.length - 1, rank - seen - 1)]!;
  }

  /** A compact copy (non-empty buckets only) to send between processes. */
  snapshot(): HistogramSnapshot {
    const counts: [number, number][] = [];
    for (let bucket = 0; bucket < BUCKETS; bucket++) if (this.counts[bucket]! > 0) counts.push([bucket, this.counts[bucket]!]);
    return { counts, overflow: [...this.overflow], min: this.minValue, max: this.maxValue };
  }

  static fromSnapshot(snapshot: HistogramSnapshot): LatencyHistogram {
    const histogram = new LatencyHistogram();
    histogram.merge(snapshot);
    return histogram;
  }

  merge(snapshot: HistogramSnapshot): void {
    for (const [bucket, count] of snapshot.counts) {
      this.counts[bucket]! += count;
      this.count += count;
    }
    this.overflow.push(...snapshot.overflow);
    this.count += snapshot.overflow.length;
    this.minValue = Math.min(this.minValue, snapshot.min);
    this.maxValue = Math.max(this.maxValue, snapshot.max);
  }
}
