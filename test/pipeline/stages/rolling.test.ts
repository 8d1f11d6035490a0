import { describe, expect, it } from 'vitest';
import { rollingStage } from '../../../src/pipeline/stages/rolling.js';
import { issuesOf, round, runStage } from './run-stage.js';

const run = (config: object, values: (number | null)[], column: string) =>
  runStage(rollingStage, { type: 'rolling', column: 'x', ...config }, values, column);

describe('rolling', () => {
  const values = [1, 3, 2, 8, null, 4];
  it('outputs carry 6 significant digits', () => {
    expect(run({ window: 3 }, [1, 3, 9], 'x_mean')).toEqual([1, 2, 4.33333]);
  });
  it('over N rows: mean, sample std, min and max of the last N numbers', () => {
    const config = { window: 3, stats: ['mean', 'std', 'min', 'max'] };
    expect(round(run(config, values, 'x_mean'))).toEqual([1, 2, 2, round([13 / 3])[0], null, round([14 / 3])[0]]);
    expect(round(run(config, values, 'x_std'))).toEqual(round([null, Math.SQRT2, 1, Math.sqrt(31 / 3), null, Math.sqrt(28 / 3)]));
    expect(run(config, values, 'x_min')).toEqual([1, 1, 1, 2, null, 2]);
    expect(run(config, values, 'x_max')).toEqual([1, 3, 3, 8, null, 8]);
  });
  it('over a duration of data time: values within the last 2m (so two rows a minute apart)', () => {
    const config = { window: '2m', stats: ['mean', 'max'], as: 'r' };
    expect(run(config, [1, 3, 2, 8], 'r_mean')).toEqual([1, 2, 2.5, 5]);
    expect(run(config, [9, 3, 2, 8], 'r_max')).toEqual([9, 9, 3, 8]);
  });
  it('keeps a long run exact: a window of 3 after 10,000 large values', () => {
    const long = Array.from({ length: 10_000 }, (_, i) => 1e6 + (i % 7));
    const out = run({ window: 3, stats: ['mean', 'std'] }, long, 'x_std');
    // the last three values are 1e6 + (9997 % 7, 9998 % 7, 9999 % 7) = +1, +2, +3: std 1
    expect(out.at(-1)).toBeCloseTo(1, 9);
  });
  it('takes 1 to 4 stats, mean by default', () => {
    const parse = (config: object) => rollingStage.configSchema.parse({ type: 'rolling', column: 'x', window: 2, ...config });
    expect(parse({}).stats).toEqual(['mean']);
    expect(issuesOf(rollingStage.configSchema, { type: 'rolling', column: 'x', window: 2, stats: [] }).length).toBe(1);
    expect(
      issuesOf(rollingStage.configSchema, { type: 'rolling', column: 'x', window: 2, stats: ['mean', 'std', 'min', 'max', 'mean'] }).length,
    ).toBe(1);
    expect(() => rollingStage.create({ ...parse({}), stats: [] }, { timeName: 't', timeOf: () => 0 })).toThrow(
      new RangeError('rolling takes 1 to 4 stats'),
    );
    expect(() =>
      rollingStage.create({ ...parse({}), stats: ['mean', 'std', 'min', 'max', 'mean'] }, { timeName: 't', timeOf: () => 0 }),
    ).toThrow(new RangeError('rolling takes 1 to 4 stats'));
  });
  it('writes its stats in the order asked for: <as>_<stat>', () => {
    const config = rollingStage.configSchema.parse({ type: 'rolling', column: 'x', window: 3, stats: ['max', 'mean', 'min'] });
    const stage = rollingStage.create(config, { timeName: 't', timeOf: () => 0 });
    expect(Object.entries(stage({ x: 2 })!)).toEqual([
      ['x', 2],
      ['x_max', 2],
      ['x_mean', 2],
      ['x_min', 2],
    ]);
  });
  it('tracks the min or the max alone when only that is asked for', () => {
    expect(run({ window: 2, stats: ['min'] }, [3, 1, 2], 'x_min')).toEqual([3, 1, 1]);
    expect(run({ window: 2, stats: ['max'] }, [1, 3, 2], 'x_max')).toEqual([1, 3, 3]);
  });
});
