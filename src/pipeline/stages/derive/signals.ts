import type { Row } from '../../../values/row.js';
import type { Stage } from '../../stage.js';
import { parseDuration } from '../../../values/duration.js';
import type { TimeOf } from './data-time.js';
import { SlidingWindow, type WindowSize } from './sliding-window.js';
import { significant } from '../../../values/significant.js';

// The derive stages: each reads one numeric column and adds its outputs to the row, to 6
// significant digits (state is kept at full precision). A row whose input is not a number gets
// null outputs and leaves the stage's state as it was.
//
// Each stage reads and writes the row in its own code, not through a shared helper: V8 keeps
// one inline cache per property access in the source, and an access that every stage of a
// pipeline passes through sees all their column names, goes megamorphic, and costs more than
// the arithmetic (measured: the six stages of the derived benchmark took twice as long so).

export function windowSize(window: number | string): WindowSize {
  return typeof window === 'number' ? { rows: window } : { ms: parseDuration(window)! };
}

/** A finite number (inlined at each stage's own read). */
function isNumber(value: unknown): value is number {
  return typeof value === 'number' && value - value === 0;
}

type RollingStat = 'mean' | 'std' | 'min' | 'max';

function statOf(w: SlidingWindow, stat: RollingStat): number | null {
  switch (stat) {
    case 'mean':
      return w.mean();
    case 'std':
      return w.std();
    case 'min':
      return w.min();
    case 'max':
      return w.max();
  }
}

/** Up to four outputs (the schema's limit), each written at its own site, in config order. */
export function rolling(column: string, window: WindowSize, outputs: { stat: RollingStat; name: string }[], timeOf: TimeOf): Stage {
  if (outputs.length < 1 || outputs.length > 4) throw new RangeError('rolling takes 1 to 4 stats');
  const w = new SlidingWindow(window, { minimum: outputs.some((o) => o.stat === 'min'), maximum: outputs.some((o) => o.stat === 'max') });
  const byTime = 'ms' in window;
  const [o0, o1, o2, o3] = outputs;
  const n0 = o0!.name;
  const s0 = o0!.stat;
  return (row) => {
    const x = row[column];
    const ok = isNumber(x);
    if (ok) w.push(x, byTime ? timeOf(row) : 0);
    row[n0] = ok ? significant(statOf(w, s0)) : null;
    if (o1 !== undefined) row[o1.name] = ok ? significant(statOf(w, o1.stat)) : null;
    if (o2 !== undefined) row[o2.name] = ok ? significant(statOf(w, o2.stat)) : null;
    if (o3 !== undefined) row[o3.name] = ok ? significant(statOf(w, o3.stat)) : null;
    return row;
  };
}

export function zscore(column: string, window: WindowSize, name: string, timeOf: TimeOf): Stage {
  const w = new SlidingWindow(window);
  const byTime = 'ms' in window;
  return (row) => {
    const x = row[column];
    if (!isNumber(x)) {
      row[name] = null;
      return row;
    }
    w.push(x, byTime ? timeOf(row) : 0);
    const std = w.std();
    row[name] = std === null || std === 0 ? null : significant((x - w.mean()!) / std);
    return row;
  };
}

/** With `halfLife` (ms), the weight of the newest value follows the data time since the previous one. */
export function ewma(column: string, name: string, weight: { alpha: number } | { halfLifeMs: number }, timeOf: TimeOf): Stage {
  const alpha = 'alpha' in weight ? weight.alpha : undefined;
  const halfLifeMs = 'halfLifeMs' in weight ? weight.halfLifeMs : Number.NaN;
  let average: number | undefined;
  let lastTime = Number.NaN;
  // The weight for the last step: rows mostly come at a fixed step, and Math.pow was most of
  // this stage's cost.
  let lastDt = Number.NaN;
  let lastWeight = 0;
  const next = (x: number, row: Row): number => {
    if (average === undefined) {
      if (alpha === undefined) lastTime = timeOf(row);
      average = x;
      return average;
    }
    if (alpha !== undefined) {
      average += alpha * (x - average);
      return average;
    }
    const t = timeOf(row);
    const dt = t - lastTime;
    lastTime = t;
    // A time going backwards or missing counts as no time passed.
    if (!(dt > 0)) return average;
    if (dt !== lastDt) {
      lastDt = dt;
      lastWeight = 1 - 0.5 ** (dt / halfLifeMs);
    }
    average += lastWeight * (x - average);
    return average;
  };
  return (row) => {
    const x = row[column];
    row[name] = isNumber(x) ? significant(next(x, row)) : null;
    return row;
  };
}

/** Change per second of data time since the previous value (null when no time passed). */
export function rate(column: string, name: string, timeOf: TimeOf): Stage {
  let last: number | undefined;
  let lastTime = Number.NaN;
  return (row) => {
    const x = row[column];
    if (!isNumber(x)) {
      row[name] = null;
      return row;
    }
    const t = timeOf(row);
    const dt = t - lastTime;
    row[name] = last !== undefined && dt > 0 ? significant(((x - last) * 1000) / dt) : null;
    last = x;
    lastTime = t;
    return row;
  };
}

export function diff(column: string, name: string): Stage {
  let last: number | undefined;
  return (row) => {
    const x = row[column];
    if (!isNumber(x)) {
      row[name] = null;
      return row;
    }
    row[name] = last === undefined ? null : significant(x - last);
    last = x;
    return row;
  };
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
  return (row) => {
    const x = row[column];
    if (!isNumber(x)) {
      row[name] = null;
      return row;
    }
    if (learning > 0) {
      learning--;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const span = max - min;
    row[name] = span > 0 ? significant((x - min) / span) : 0;
    return row;
  };
}
