import { describe, expect, it } from 'vitest';
import { ewmaStage } from '../../../src/pipeline/stages/ewma.js';
import { issuesOf, minute, round, runStage } from './run-stage.js';

describe('ewma', () => {
  it('with alpha', () => {
    expect(runStage(ewmaStage, { type: 'ewma', column: 'x', alpha: 0.5 }, [0, 8, 8, null, 0], 'x_ewma')).toEqual([0, 4, 6, null, 3]);
  });
  it('outputs carry 6 significant digits', () => {
    expect(runStage(ewmaStage, { type: 'ewma', column: 'x', alpha: 1 / 3 }, [0, -0.001], 'x_ewma')).toEqual([0, -0.000333333]);
  });
  it('with a half-life of data time: a value weighs half after it', () => {
    const times = [minute(0), minute(2), minute(3)];
    const out = runStage(ewmaStage, { type: 'ewma', column: 'x', halfLife: '2m' }, [0, 8, 8], 'x_ewma', undefined, times);
    // 2m later: weight 1 − 0.5 = 0.5 → 4; 1m later: weight 1 − 0.5^0.5
    expect(round(out)).toEqual(round([0, 4, 4 + (1 - Math.SQRT1_2) * 4]));
  });
  it('with a half-life: a time that goes back or is missing counts as no time passed', () => {
    const config = { type: 'ewma', column: 'x', halfLife: '2m' };
    expect(runStage(ewmaStage, config, [0, 8, 8, 8], 'x_ewma', undefined, [minute(4), minute(6), minute(5), 'no time'])).toEqual([
      0, 4, 4, 4,
    ]);
    // the same step again uses the same weight: 2m, then 2m
    expect(runStage(ewmaStage, config, [0, 8, 0], 'x_ewma', undefined, [minute(0), minute(2), minute(4)])).toEqual([0, 4, 2]);
  });
  it('needs alpha in (0, 1] or a half-life, not both', () => {
    const issues = (config: object) => issuesOf(ewmaStage.configSchema, { type: 'ewma', column: 'x', ...config });
    expect(issues({})).toEqual(['alpha: give alpha or halfLife (one of them)']);
    expect(issues({ alpha: 0.5, halfLife: '1m' })).toEqual(['alpha: give alpha or halfLife (one of them)']);
    expect(issues({ alpha: 1 })).toEqual([]);
    expect(issues({ alpha: 0 }).length).toBe(1);
    expect(issues({ alpha: 1.01 }).length).toBe(1);
    expect(issues({ halfLife: '0s' })).toEqual(['halfLife: must be greater than zero']);
  });
});
