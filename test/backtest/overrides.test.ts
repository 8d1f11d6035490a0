import { describe, expect, it } from 'vitest';
import { withOverrides } from '../../src/backtest/overrides.js';
import { BacktestError } from '../../src/backtest/run-backtest.js';
import type { StreamConfig } from '../../src/config/schema.js';

const stream = {
  id: 'pump',
  alerts: [
    { name: 'low', column: 'motor_z', below: -3, for: '2m', resolve: -1 },
    { name: 'hot', column: 'temp', above: 80 },
  ],
} as unknown as StreamConfig;

/** The message of the error `withOverrides` throws. */
function refused(overrides: Parameters<typeof withOverrides>[1]): string {
  try {
    withOverrides(stream, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(BacktestError);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('withOverrides', () => {
  it('changes only the rules named, and returns a new config (the given one is untouched)', () => {
    const changed = withOverrides(stream, { low: { below: -2.5, resolve: -0.5, for: 3 } });
    expect(changed.alerts).toEqual([
      { name: 'low', column: 'motor_z', below: -2.5, for: 3, resolve: -0.5 },
      { name: 'hot', column: 'temp', above: 80 },
    ]);
    expect(changed.alerts[1]).toBe(stream.alerts[1]);
    expect(stream.alerts[0]).toEqual({ name: 'low', column: 'motor_z', below: -3, for: '2m', resolve: -1 });
    expect(changed.id).toBe('pump');
  });

  it('replaces below by above (dropping the resolve level, which was below) and keeps for', () => {
    expect(withOverrides(stream, { low: { above: 0.7 } }).alerts[0]).toEqual({ name: 'low', column: 'motor_z', above: 0.7, for: '2m' });
    expect(withOverrides(stream, { hot: { below: 10, for: '5m' } }).alerts[1]).toEqual({
      name: 'hot',
      column: 'temp',
      below: 10,
      for: '5m',
    });
  });

  it('with no overrides, gives the same rules', () => {
    expect(withOverrides(stream, {}).alerts).toEqual(stream.alerts);
  });

  it('names an unknown rule and the rules there are', () => {
    expect(refused({ lo: { below: 1 } })).toBe('stream pump has no alert rule "lo" (rules: low, hot)');
    expect(refused({ constructor: { below: 1 } })).toBe('stream pump has no alert rule "constructor" (rules: low, hot)');
  });

  it("gives the config schema's message for a bad value, naming the rule and setting", () => {
    expect(refused({ low: { for: 'soon' } })).toBe('rule.low.for: a duration such as "500ms", "30s", "10m", "2h" or "1d"');
    expect(refused({ low: { for: 0 } })).toBe('rule.low.for: must be greater than zero (points)');
    expect(refused({ hot: { above: Number.NaN } })).toBe('rule.hot.above: Invalid input: expected number, received NaN');
    expect(refused({ low: { below: -0.5 } })).toBe(
      'rule.low.resolve: resolve must be on the safe side of the threshold (≤ above, ≥ below)',
    );
    expect(refused({ hot: { above: 90, below: 10 } })).toBe('rule.hot.above: give above or below (one of them)');
  });
});
