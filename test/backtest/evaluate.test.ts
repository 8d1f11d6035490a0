import { describe, expect, it } from 'vitest';
import { evaluateRule, scaledSigmoid, warningWindows } from '../../src/backtest/evaluate.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('scaledSigmoid (NAB)', () => {
  it('is about 1 at the start of the window, 0 at its end, and −1 long after it', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.986614, 6);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3)).toBeCloseTo(-0.999999, 6);
  });
});

describe('evaluateRule', () => {
  const recording = {
    from: 0,
    to: 2 * DAY,
    failures: [
      { start: 10 * HOUR, end: 11 * HOUR },
      { start: 40 * HOUR, end: 41 * HOUR },
    ],
  };

  it('takes the first firing in the window before each failure as its warning, with its lead time', () => {
    const firings = [
      { start: 9 * HOUR, end: 9 * HOUR + 10 * MIN }, // 60 min before the first failure
      { start: 9 * HOUR + 30 * MIN, end: 10 * HOUR + 30 * MIN }, // a second warning, spanning the failure: not a false alarm
      { start: 39 * HOUR + 45 * MIN, end: null }, // 15 min before the second, never resolves
    ];
    const outcome = evaluateRule(recording, firings, 2 * HOUR, 'standard');
    expect(outcome.failures).toEqual([
      { failureAt: 10 * HOUR, warnedAt: 9 * HOUR, leadMs: 60 * MIN },
      { failureAt: 40 * HOUR, warnedAt: 39 * HOUR + 45 * MIN, leadMs: 15 * MIN },
    ]);
    expect(outcome.missed).toBe(0);
    expect(outcome.falseAlarms).toEqual([]);
    // 10 min + 60 min + (48 h − 39 h 45 min) firing, of 48 h.
    expect(outcome.firingMs).toBe(70 * MIN + 8 * HOUR + 15 * MIN);
    expect(outcome.firingShare).toBeCloseTo((9 * HOUR + 25 * MIN) / (2 * DAY), 12);
    // Raw: σ(−0.5) + σ(−0.125); perfect: 2σ(−1); never firing: −2.
    const raw = scaledSigmoid(-0.5) + scaledSigmoid(-0.125);
    expect(outcome.score).toBe(Math.round((1000 * (raw + 2)) / (2 * scaledSigmoid(-1) + 2)) / 10);
  });

  it('counts a miss, and the firings of normal operation outside every window as false alarms, per day of normal operation', () => {
    const firings = [
      { start: 2 * HOUR, end: 3 * HOUR }, // 8 h before the first failure: outside a 2 h window
      { start: 10 * HOUR + 5 * MIN, end: 10 * HOUR + 20 * MIN }, // during the failure: neither
      { start: 20 * HOUR, end: 21 * HOUR },
    ];
    const outcome = evaluateRule(recording, firings, 2 * HOUR, 'standard');
    expect(outcome.failures.map((f) => f.leadMs)).toEqual([null, null]);
    expect(outcome.missed).toBe(2);
    expect(outcome.falseAlarms).toEqual([2 * HOUR, 20 * HOUR]);
    expect(outcome.falseAlarmsPerDay).toBe((2 * DAY) / (2 * DAY - 2 * HOUR));
    expect(outcome.score).toBe(Math.round((1000 * (-2 - 0.22 + 2)) / (2 * scaledSigmoid(-1) + 2)) / 10);
  });

  it('a firing before the first of two failures inside one window warns the first only', () => {
    const close = {
      from: 0,
      to: DAY,
      failures: [
        { start: 5 * HOUR, end: 5 * HOUR + 10 * MIN },
        { start: 6 * HOUR, end: 7 * HOUR },
      ],
    };
    expect(warningWindows(close, 24 * HOUR)).toEqual([
      [0, 5 * HOUR],
      [5 * HOUR + 10 * MIN, 6 * HOUR],
    ]);
    const outcome = evaluateRule(close, [{ start: 4 * HOUR, end: null }], 24 * HOUR, 'standard');
    expect(outcome.failures.map((f) => f.leadMs)).toEqual([HOUR, null]);
    expect(outcome.falseAlarms).toEqual([]);
  });

  it('a failure at the first row can only be warned at that row', () => {
    const first = { from: 0, to: DAY, failures: [{ start: 0, end: HOUR }] };
    expect(warningWindows(first, 6 * HOUR)).toEqual([[0, 0]]);
    expect(evaluateRule(first, [{ start: 0, end: MIN }], 6 * HOUR, 'standard').failures).toEqual([
      { failureAt: 0, warnedAt: 0, leadMs: 0 },
    ]);
    expect(evaluateRule(first, [{ start: MIN, end: 2 * MIN }], 6 * HOUR, 'standard')).toMatchObject({ missed: 1, falseAlarms: [] });
  });

  it('has no score without failures, and weighs misses double with reward-low-fn', () => {
    expect(evaluateRule({ from: 0, to: DAY, failures: [] }, [{ start: HOUR, end: 2 * HOUR }], HOUR, 'standard')).toMatchObject({
      score: null,
      falseAlarms: [HOUR],
      falseAlarmsPerDay: 1,
    });
    const one = { from: 0, to: DAY, failures: [{ start: 10 * HOUR, end: 11 * HOUR }] };
    const firings = [
      { start: 9 * HOUR, end: 10 * HOUR },
      { start: 2 * HOUR, end: 3 * HOUR },
    ];
    // One warning at the window's start and one false alarm: (σ(−1) − fp + fn) / (σ(−1) + fn).
    const expected = (fp: number, fn: number) => Math.round((1000 * (scaledSigmoid(-1) - fp + fn)) / (scaledSigmoid(-1) + fn)) / 10;
    expect(evaluateRule(one, firings, HOUR, 'standard').score).toBe(expected(0.11, 1));
    expect(evaluateRule(one, firings, HOUR, 'reward-low-fp').score).toBe(expected(0.22, 1));
    expect(evaluateRule(one, firings, HOUR, 'reward-low-fn').score).toBe(expected(0.11, 2));
  });
});
