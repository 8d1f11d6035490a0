// How well each alert rule would have warned of the failures of a recording: lead times, misses,
// false alarms, time spent firing, and a score in the manner of the Numenta Anomaly Benchmark.
import type { ProfileName } from '../protocol/backtest.js';
import type { Span } from './spans.js';

const DAY_MS = 86_400_000;

/** NAB's application profiles: what a detection, a false alarm and a miss are worth. */
export const PROFILES = {
  standard: { tp: 1, fp: 0.11, fn: 1 },
  'reward-low-fp': { tp: 1, fp: 0.22, fn: 1 },
  'reward-low-fn': { tp: 1, fp: 0.11, fn: 2 },
} as const satisfies Record<ProfileName, { tp: number; fp: number; fn: number }>;

export function isProfile(name: string): name is ProfileName {
  return Object.hasOwn(PROFILES, name);
}

export interface Recording {
  /** Data time of the first and last rows. */
  from: number;
  to: number;
  failures: readonly Span[];
}

/** One failure as one rule saw it: the first firing in the window before it, or a miss (null). */
export interface FailureOutcome {
  failureAt: number;
  warnedAt: number | null;
  /** failureAt − warnedAt (ms), null for a miss. */
  leadMs: number | null;
}

export interface RuleOutcome {
  failures: FailureOutcome[];
  missed: number;
  /** Firings that started in normal operation and were not followed by a failure within the window. */
  falseAlarms: number[];
  /** False alarms per day of normal operation (time outside failure episodes). */
  falseAlarmsPerDay: number;
  /** Data time spent firing, in ms, and as a share of the recording. */
  firingMs: number;
  firingShare: number;
  /** The NAB-style score, normalized: 100 warns of every failure a whole window ahead and never falsely, 0 never fires. Null without failures. */
  score: number | null;
}

/**
 * NAB's scaled sigmoid of a detection's place in its window: y = −1 at the window's start (the
 * earliest warning; about 0.99), 0 at its end, the failure itself (0).
 */
export function scaledSigmoid(y: number): number {
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

/**
 * The window in which a firing warns of failure i: the `windowMs` before it, but not before the
 * recording starts nor before the previous failure ended (a firing then belonged to that one).
 */
export function warningWindows(recording: Recording, windowMs: number): [number, number][] {
  return recording.failures.map((failure, i) => {
    const previous = recording.failures[i - 1];
    const floor = Math.max(recording.from, previous ? (previous.end ?? failure.start) : recording.from);
    return [Math.max(failure.start - windowMs, floor), failure.start];
  });
}

/**
 * Judges one rule's firings against the failures of a recording. `warnings` are the moments that
 * count as warnings (by default the firings' starts; for several rules judged together, every
 * rule's starts, while `firings` are their union, whose starts count the false alarms).
 */
export function evaluateRule(
  recording: Recording,
  firings: readonly Span[],
  windowMs: number,
  profile: ProfileName,
  warnings: readonly number[] = firings.map((f) => f.start),
): RuleOutcome {
  const windows = warningWindows(recording, windowMs);
  const starts = firings.map((f) => f.start);
  const sortedWarnings = warnings.toSorted((a, b) => a - b);
  const failures = recording.failures.map((failure, i): FailureOutcome => {
    const [open, close] = windows[i]!;
    const warnedAt = sortedWarnings.find((s) => s >= open && s <= close) ?? null;
    return { failureAt: failure.start, warnedAt, leadMs: warnedAt === null ? null : failure.start - warnedAt };
  });
  const inFailure = (t: number) => recording.failures.some((f) => t >= f.start && (f.end === null || t < f.end));
  const inWindow = (t: number) => windows.some(([open, close]) => t >= open && t <= close);
  const falseAlarms = starts.filter((s) => !inWindow(s) && !inFailure(s));
  const failingMs = recording.failures.reduce((n, f) => n + ((f.end ?? recording.to) - f.start), 0);
  const normalMs = Math.max(0, recording.to - recording.from - failingMs);
  const firingMs = firings.reduce((n, f) => n + Math.max(0, Math.min(f.end ?? recording.to, recording.to) - f.start), 0);
  const span = recording.to - recording.from;
  return {
    failures,
    missed: failures.filter((f) => f.warnedAt === null).length,
    falseAlarms,
    falseAlarmsPerDay: normalMs > 0 ? (falseAlarms.length * DAY_MS) / normalMs : 0,
    firingMs,
    firingShare: span > 0 ? firingMs / span : 0,
    score: nabScore(failures, windows, falseAlarms.length, profile),
  };
}

/**
 * Sum of the detections' sigmoid weights, minus the misses and the false alarms at the profile's
 * weights, normalized between the detector that never fires (0) and the one that warns of every
 * failure at the start of its window and never falsely (100), as NAB normalizes.
 */
function nabScore(
  failures: readonly FailureOutcome[],
  windows: readonly [number, number][],
  falseAlarms: number,
  profile: ProfileName,
): number | null {
  if (failures.length === 0) return null;
  const weights = PROFILES[profile];
  let raw = -falseAlarms * weights.fp;
  let perfect = 0;
  failures.forEach((failure, i) => {
    const [open, close] = windows[i]!;
    const width = close - open;
    perfect += width > 0 ? weights.tp * scaledSigmoid(-1) : 0;
    if (failure.warnedAt === null) raw -= weights.fn;
    else raw += weights.tp * (width > 0 ? scaledSigmoid((failure.warnedAt - close) / width) : 0);
  });
  const none = -weights.fn * failures.length;
  return perfect - none > 0 ? round((100 * (raw - none)) / (perfect - none), 1) : null;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
