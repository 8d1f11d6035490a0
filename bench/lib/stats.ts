// Small descriptive statistics for benchmark figures. Every function ignores NaN values;
// Infinity counts (a run that never got there sorts last).

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

function finite(values: readonly number[]): number[] {
  return values.filter((v) => !Number.isNaN(v));
}

function sorted(values: readonly number[]): number[] {
  return finite(values).sort((a, b) => a - b);
}

/** The p-th percentile (0–100) with linear interpolation between ranks; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sorted(values), p);
}

/** Like `percentile`, for values already sorted ascending (no copy). */
export function percentileOfSorted(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) return Number.NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (ascending.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = ascending[low]!;
  const highValue = ascending[high]!;
  if (high === low || lowValue === highValue) return lowValue;
  if (!Number.isFinite(highValue)) return highValue; // between a figure and "never": never
  return lowValue + (highValue - lowValue) * (rank - low);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function min(values: readonly number[]): number {
  const v = finite(values);
  return v.length === 0 ? Number.NaN : v.reduce((a, b) => Math.min(a, b));
}

export function max(values: readonly number[]): number {
  const v = finite(values);
  return v.length === 0 ? Number.NaN : v.reduce((a, b) => Math.max(a, b));
}

export function mean(values: readonly number[]): number {
  const v = finite(values);
  return v.length === 0 ? Number.NaN : v.reduce((a, b) => a + b, 0) / v.length;
}

/** Median with the range, as shown in the results table. */
export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: min(values), max: max(values), n: finite(values).length };
}

/** Frames per second of each interval between animation frames (`frames`: their timestamps, in ms). */
export function frameRates(frames: readonly number[]): number[] {
  return frames.slice(1).map((t, i) => 1000 / (t - frames[i]!));
}
