import type { Row } from '../../../values/row.js';
import type { Stage } from '../../stage.js';
import { parseDuration } from '../../../values/duration.js';
import type { TimeOf } from './data-time.js';
import { SlidingWindow, type WindowSize } from './sliding-window.js';
import { significant } from '../../../values/significant.js';

// The derive stages: each reads one numeric column and adds its outputs to the row, to 6
// significant digits (state is kept at full precision). A row whose input is not a number gets
// null outputs and leaves the stage's state as it was.

export function windowSize(window: number | string): WindowSize {
  return typeof window === 'number' ? { rows: window } : { ms: parseDuration(window)! };
}

function numberIn(row: Row, column: string): number | undefined {
  const value = row[column];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function rolling(column: string, window: WindowSize, outputs: { stat: 'mean' | 'std' | 'min' | 'max'; name: string }[], timeOf: TimeOf): Stage {
  const w = new SlidingWindow(window, { minimum: outputs.some((o) => o.stat === 'min'), maximum: outputs.some((o) => o.stat === 'max') });
  const needsTime = 'ms' in window;
  return (row) => {
    const x = numberIn(row, column);
    if (x === undefined) {
      for (const o of outputs) row[o.name] = null;
      return row;
    }
    w.push(x, needsTime ? timeOf(row) : 0);
    for (const o of outputs) row[o.name] = significant(w[o.stat]());
    return row;
  };
}

export function zscore(column: string, window: WindowSize, name: string, timeOf: TimeOf): Stage {
  const w = new SlidingWindow(window);
  const needsTime = 'ms' in window;
  return perValue(column, name, (x, row) => {
    w.push(x, needsTime ? timeOf(row) : 0);
    const std = w.std();
    return std === null || std === 0 ? null : (x - w.mean()!) / std;
  });
}

/** With `halfLife` (ms), the weight of the newest value follows the data time since the previous one. */
export function ewma(column: string, name: string, weight: { alpha: number } | { halfLifeMs: number }, timeOf: TimeOf): Stage {
  let average: number | undefined;
  let lastTime = Number.NaN;
  return perValue(column, name, (x, row) => {
    if (average === undefined) {
      if ('halfLifeMs' in weight) lastTime = timeOf(row);
      return (average = x);
    }
    if ('alpha' in weight) return (average += weight.alpha * (x - average));
    const t = timeOf(row);
    const dt = t - lastTime;
    lastTime = t;
    // A time going backwards or missing counts as no time passed.
    const alpha = dt > 0 ? 1 - Math.pow(0.5, dt / weight.halfLifeMs) : 0;
    return (average += alpha * (x - average));
  });
}

/** Change per second of data time since the previous value (null when no time passed). */
export function rate(column: string, name: string, timeOf: TimeOf): Stage {
  let last: number | undefined;
  let lastTime = Number.NaN;
  return perValue(column, name, (x, row) => {
    const t = timeOf(row);
    const dt = t - lastTime;
    const out = last !== undefined && dt > 0 ? ((x - last) * 1000) / dt : null;
    last = x;
    lastTime = t;
    return out;
  });
}

export function diff(column: string, name: string): Stage {
  let last: number | undefined;
  return perValue(column, name, (x) => {
    const out = last === undefined ? null : x - last;
    last = x;
    return out;
  });
}

/** A value's range: fixed, or learned as rows pass (`frozenAfter` rows, then kept). */
export interface ScaleRange {
  min: number;
  max: number;
}

/**
 * Min–max scaling to [0, 1], as scikit-learn's MinMaxScaler: (x − min) / (max − min), 0 when
 * the range is empty. With a fixed range (given, or pre-scanned from the whole file) values
 * outside it fall outside [0, 1]; a learned range widens with each value until `frozenAfter` rows.
 */
export function scale(column: string, name: string, range: ScaleRange | { learnRows: number }): Stage {
  let min = 'min' in range ? range.min : Number.POSITIVE_INFINITY;
  let max = 'max' in range ? range.max : Number.NEGATIVE_INFINITY;
  let learning = 'learnRows' in range ? range.learnRows : 0;
  return perValue(column, name, (x) => {
    if (learning > 0) {
      learning--;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const span = max - min;
    return span > 0 ? (x - min) / span : 0;
  });
}

/** A stage with one output, `compute` of each number of `column` (see the note at the top). */
function perValue(column: string, name: string, compute: (x: number, row: Row) => number | null): Stage {
  return (row) => {
    const x = numberIn(row, column);
    row[name] = x === undefined ? null : significant(compute(x, row));
    return row;
  };
}
