// What "normal" is for one column of an anomaly stage: a robust centre and spread (median and
// scaled median absolute deviation), learned from a warm-up and then, optionally, followed slowly.

/** 1.4826 × MAD estimates the standard deviation of normally distributed values. */
const MAD_TO_STD = 1.4826;

export interface Baseline {
  centre: number;
  spread: number;
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The median and the scaled MAD of `values` (undefined without any). The spread never falls below
 * a sliver of the centre's size, so a column that sat still during the warm-up does not turn
 * every later wobble into an infinite deviation.
 */
export function learnBaseline(values: readonly number[]): Baseline | undefined {
  if (values.length === 0) return undefined;
  const sorted = values.toSorted((a, b) => a - b);
  const centre = median(sorted);
  const deviations = sorted.map((v) => Math.abs(v - centre)).sort((a, b) => a - b);
  const floor = Math.max(Math.abs(centre) * 1e-3, 1e-9);
  return { centre, spread: Math.max(MAD_TO_STD * median(deviations), floor) };
}

/**
 * Moves a baseline a step toward `value`, at `rate` of its spread per row: the centre toward the
 * running median and the spread toward the running MAD (a stochastic quantile step, O(1) a row).
 */
export function followBaseline(baseline: Baseline, value: number, rate: number): void {
  const step = rate * baseline.spread;
  baseline.centre += value > baseline.centre ? step : value < baseline.centre ? -step : 0;
  // Half the deviations are below the MAD: grow when this one is above it, shrink when below.
  const mad = baseline.spread / MAD_TO_STD;
  baseline.spread *= Math.abs(value - baseline.centre) > mad ? 1 + rate : 1 - rate;
}
