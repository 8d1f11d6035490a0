import { describe, expect, it } from 'vitest';
import { rateStage } from '../../../src/pipeline/stages/rate.js';
import { minute, runStage } from './run-stage.js';

describe('rate', () => {
  it('change per second of data time; null at the first value and when no time passed', () => {
    const times = [minute(0), minute(1), minute(1), minute(3)];
    expect(runStage(rateStage, { type: 'rate', column: 'x' }, [0, 60, 90, 30], 'x_rate', undefined, times)).toEqual([null, 1, null, -0.5]);
  });
});
