import { describe, expect, it } from 'vitest';
import { diffStage } from '../../../src/pipeline/stages/diff.js';
import { runStage } from './run-stage.js';

describe('diff', () => {
  it('change since the previous number', () => {
    expect(runStage(diffStage, { type: 'diff', column: 'x' }, [0, 60, null, 30], 'x_diff')).toEqual([null, 60, null, -30]);
  });
  it('outputs carry 6 significant digits', () => {
    expect(runStage(diffStage, { type: 'diff', column: 'x' }, [0.1, 0.3], 'x_diff')).toEqual([null, 0.2]);
  });
});
