import { describe, expect, it } from 'vitest';
import { scaleStage } from '../../../src/pipeline/stages/scale.js';
import { issuesOf, runStage } from './run-stage.js';

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
  it('ignores a pre-scanned range unless it learns with auto, and learns a running range when the pre-scan lacks the column', () => {
    const ranges = new Map([['x', { min: 0, max: 8 }]]);
    expect(run({ column: 'x', learn: 'running' }, [2, 4], 'x_scaled', ranges)).toEqual([0, 1]);
    expect(run({ column: 'x', learn: 'first', rows: 1 }, [2, 4], 'x_scaled', ranges)).toEqual([0, 0]);
    expect(run({ column: 'x', min: 2, max: 6 }, [4], 'x_scaled', ranges)).toEqual([0.5]);
    expect(run({ column: 'x' }, [2, 4], 'x_scaled', new Map([['y', { min: 0, max: 8 }]]))).toEqual([0, 1]);
  });
  it('asks for the whole-data range of its input only when it learns with auto', () => {
    const ranges = (config: object) => scaleStage.ranges!(scaleStage.configSchema.parse({ type: 'scale', column: 'x', ...config }));
    expect(ranges({})).toEqual(['x']);
    expect(ranges({ learn: 'auto' })).toEqual(['x']);
    expect(ranges({ learn: 'running' })).toEqual([]);
    expect(ranges({ learn: 'first' })).toEqual([]);
    expect(ranges({ min: 0, max: 1 })).toEqual([]);
  });
  it('needs both min and max or neither, max above min, and a positive number of rows to learn from', () => {
    const issues = (config: object) => issuesOf(scaleStage.configSchema, { type: 'scale', column: 'x', ...config });
    expect(scaleStage.configSchema.parse({ type: 'scale', column: 'x' })).toEqual({
      type: 'scale',
      column: 'x',
      axis: 'y',
      learn: 'auto',
      rows: 100,
    });
    expect(issues({ min: 0 })).toEqual(['min: give both min and max, or neither', 'max: max must be greater than min']);
    expect(issues({ max: 0 })).toEqual(['min: give both min and max, or neither']);
    expect(issues({ min: 1, max: 1 })).toEqual(['max: max must be greater than min']);
    expect(issues({ rows: 0 })).toEqual(['rows: must be greater than zero']);
  });
});
