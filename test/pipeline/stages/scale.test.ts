import { describe, expect, it } from 'vitest';
import { scaleStage } from '../../../src/pipeline/stages/scale.js';
import { runStage } from './run-stage.js';

const run = (config: object, values: (number | null)[], column: string, ranges?: Map<string, { min: number; max: number }>) =>
  runStage(scaleStage, { type: 'scale', ...config }, values, column, ranges);

describe('scale', () => {
  it('maps a fixed range to [0, 1], values outside it past the ends', () => {
    expect(run({ column: 'x', min: 10, max: 20 }, [10, 15, 20, 25, null], 'x_scaled')).toEqual([0, 0.5, 1, 1.5, null]);
  });
  it('uses the whole-data range of a pre-scan when the source gave one', () => {
    expect(run({ column: 'x', as: 's' }, [2, 4, 6], 's', new Map([['x', { min: 0, max: 8 }]]))).toEqual([0.25, 0.5, 0.75]);
  });
  it('learns a running range without one (0 while the range is empty)', () => {
    expect(run({ column: 'x' }, [5, 10, 0, 5], 'x_scaled')).toEqual([0, 1, 0, 0.5]);
  });
  it('learns from the first N rows only with learn: first', () => {
    expect(run({ column: 'x', learn: 'first', rows: 2 }, [0, 10, 20, 5], 'x_scaled')).toEqual([0, 1, 2, 0.5]);
  });
});
