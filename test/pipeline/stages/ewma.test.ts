import { describe, expect, it } from 'vitest';
import { ewmaStage } from '../../../src/pipeline/stages/ewma.js';
import { minute, round, runStage } from './run-stage.js';

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
});
