// How much a value moves in normal running, robustly: the scaled median absolute deviation of
// what a warm-up saw, so that the odd spike or gap in the warm-up does not set the scale.

/** 1.4826 × MAD estimates the standard deviation of normally distributed values. */
const MAD_TO_STD = 1.4826;
/** The smallest spread: a column that did not move in the warm-up must not make every later wobble infinite. */
const FLOOR = 1e-9;

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The scaled MAD of `values` (1 without any: the column had no number to learn from). */
export function learnSpread(values: readonly number[]): number {
  if (values.length === 0) return 1;
  const sorted = values.toSorted((a, b) => a - b);
  const centre = median(sorted);
  const deviations = sorted.map((v) => Math.abs(v - centre)).sort((a, b) => a - b);
  return Math.max(MAD_TO_STD * median(deviations), FLOOR);
}
