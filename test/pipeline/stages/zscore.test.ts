import { describe, expect, it } from 'vitest';
import { zscoreStage } from '../../../src/pipeline/stages/zscore.js';
import { round, runStage } from './run-stage.js';

describe('zscore', () => {
  it('(x − mean) / std over the window including x; null while the std is 0 or undefined', () => {
    expect(round(runStage(zscoreStage, { type: 'zscore', column: 'x', window: 3 }, [5, 5, 5, 8], 'x_z'))).toEqual([
      null,
      null,
      null,
      round([(8 - 6) / Math.sqrt(3)])[0],
    ]);
  });
  it('over a duration of data time', () => {
    // a 2m window, rows a minute apart: the last two values
    expect(round(runStage(zscoreStage, { type: 'zscore', column: 'x', window: '2m' }, [0, 10, 2, 4], 'x_z'))).toEqual(
      round([null, 1 / Math.SQRT2, -1 / Math.SQRT2, 1 / Math.SQRT2]),
    );
  });
});
