import { describe, expect, it } from 'vitest';
import { clipStage } from '../../../src/pipeline/stages/clip.js';
import { runStage } from './run-stage.js';

const run = (config: object, values: (number | null)[]) =>
  runStage(clipStage, { type: 'clip', column: 'x', ...config }, values, 'x_clipped');

describe('clip', () => {
  it('limits values to [min, max]; values inside pass unchanged (to 6 significant digits)', () => {
    expect(run({ min: 0, max: 10 }, [-5, 0, 1.23456789, 10, 12, null])).toEqual([0, 0, 1.23457, 10, 10, null]);
  });
  it('takes one limit alone', () => {
    expect(run({ min: 0 }, [-1, 1e9])).toEqual([0, 1e9]);
    expect(run({ max: 0 }, [-1e9, 1])).toEqual([-1e9, 0]);
  });
  it('takes min = max (a constant)', () => {
    expect(run({ min: 2, max: 2 }, [1, 3])).toEqual([2, 2]);
  });
  it('needs a limit, and max not below min', () => {
    const issues = (config: object) =>
      clipStage.configSchema
        .safeParse({ type: 'clip', column: 'x', ...config })
        .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({})).toEqual(['min: give min, max or both']);
    expect(issues({ min: 1, max: 0 })).toEqual(['max: max must not be less than min']);
  });
});
