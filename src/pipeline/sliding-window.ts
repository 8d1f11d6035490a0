import { NumberQueue } from './number-queue.js';

/** The extent of a rolling window: the last N values, or the values of the last `ms` of data time. */
export type WindowSize = { rows: number } | { ms: number };

export interface WindowNeeds {
  minimum?: boolean;
  maximum?: boolean;
}

/**
 * The values of a rolling window with O(1) (amortized) work per value: running sums for the
 * mean and variance, monotonic deques for the minimum and maximum. Sums are taken around the
 * first value seen (less cancellation) and recomputed from the kept values once per window's
 * worth of evictions, so rounding errors do not pile up over a long run.
 */
export class SlidingWindow {
  private readonly values: NumberQueue;
  /** The data times of `values`, for a window of data time only. */
  private readonly times: NumberQueue | undefined;
  private readonly maxRows: number;
  private readonly spanMs: number;
  /** Sequence numbers (of `pushed`) of the candidates for min / max, front = current extreme. */
  private readonly mins: NumberQueue | undefined;
  private readonly maxs: NumberQueue | undefined;
  private pushed = 0;
  private offset: number | undefined;
  private sum = 0;
  private sumSq = 0;
  private evictions = 0;

  constructor(size: WindowSize, needs: WindowNeeds = {}) {
    const capacity = 'rows' in size ? size.rows + 1 : 64;
    this.maxRows = 'rows' in size ? size.rows : Number.POSITIVE_INFINITY;
    this.spanMs = 'ms' in size ? size.ms : Number.NaN;
    this.values = new NumberQueue(capacity);
    this.times = 'ms' in size ? new NumberQueue(capacity) : undefined;
    this.mins = needs.minimum ? new NumberQueue(capacity) : undefined;
    this.maxs = needs.maximum ? new NumberQueue(capacity) : undefined;
  }

  get count(): number {
    return this.values.length;
  }

  /** Adds a value seen at data time `time` (ms), and drops those that fall out of the window. */
  push(value: number, time: number): void {
    this.offset ??= value;
    const x = value - this.offset;
    this.values.push(value);
    this.times?.push(time);
    this.sum += x;
    this.sumSq += x * x;
    const seq = this.pushed++;
    if (this.mins) {
      while (this.mins.length > 0 && this.valueOf(this.mins.back()) >= value) this.mins.popBack();
      this.mins.push(seq);
    }
    if (this.maxs) {
      while (this.maxs.length > 0 && this.valueOf(this.maxs.back()) <= value) this.maxs.popBack();
      this.maxs.push(seq);
    }
    const times = this.times;
    if (times === undefined) {
      while (this.values.length > this.maxRows) this.evict();
    } else {
      // A window of data time: values older than `ms` before this one go (times that go back
      // in time, as at a loop's restart, keep nothing older than the newest value).
      const oldest = time - this.spanMs;
      while (this.values.length > 1 && !(times.front() > oldest && times.front() <= time)) this.evict();
    }
  }

  mean(): number | null {
    const n = this.values.length;
    return n === 0 ? null : this.offset! + this.sum / n;
  }

  /** The sample standard deviation (n − 1), null below two values. */
  std(): number | null {
    const n = this.values.length;
    if (n < 2) return null;
    const variance = (this.sumSq - (this.sum * this.sum) / n) / (n - 1);
    return variance > 0 ? Math.sqrt(variance) : 0;
  }

  min(): number | null {
    return this.mins && this.mins.length > 0 ? this.valueOf(this.mins.front()) : null;
  }

  max(): number | null {
    return this.maxs && this.maxs.length > 0 ? this.valueOf(this.maxs.front()) : null;
  }

  private valueOf(seq: number): number {
    return this.values.at(seq - (this.pushed - this.values.length));
  }

  private evict(): void {
    const firstSeq = this.pushed - this.values.length;
    const x = this.values.shift() - this.offset!;
    this.times?.shift();
    this.sum -= x;
    this.sumSq -= x * x;
    if (this.mins && this.mins.front() === firstSeq) this.mins.shift();
    if (this.maxs && this.maxs.front() === firstSeq) this.maxs.shift();
    if (++this.evictions >= Math.max(64, this.values.length)) this.recomputeSums();
  }

  private recomputeSums(): void {
    this.evictions = 0;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < this.values.length; i++) {
      const x = this.values.at(i) - this.offset!;
      sum += x;
      sumSq += x * x;
    }
    this.sum = sum;
    this.sumSq = sumSq;
  }
}
