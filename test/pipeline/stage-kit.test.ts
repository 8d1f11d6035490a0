import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { axis, inputColumn, isNumber, outputAs, window, windowSize } from '../../src/pipeline/stage-kit.js';
import { issuesOf } from './stages/run-stage.js';

describe('the stage kit', () => {
  it('isNumber: finite numbers only', () => {
    expect([0, -1.5, 1e300, Number.MIN_VALUE].map(isNumber)).toEqual([true, true, true, true]);
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1', null, undefined, true].map(isNumber)).toEqual(
      Array(7).fill(false),
    );
  });

  it('a window is a whole number of rows or a duration of data time above zero', () => {
    expect(windowSize(5)).toEqual({ rows: 5 });
    expect(windowSize('2m')).toEqual({ ms: 120_000 });
    expect(windowSize('1.5s')).toEqual({ ms: 1500 });
    expect(window.parse(3)).toBe(3);
    expect(window.parse('90s')).toBe('90s');
    expect(issuesOf(window, 0)).toEqual([': must be greater than zero (rows)']);
    expect(issuesOf(window, '0m')).toEqual([': must be greater than zero']);
    expect(issuesOf(window, '10 min')).toEqual([': a duration such as "500ms", "30s", "10m", "2h" or "1d"', ': must be greater than zero']);
    expect(window.safeParse(1.5).error?.issues[0]).toMatchObject({
      code: 'invalid_union',
      errors: [[{ message: 'a whole number of rows' }], [{}]],
    });
  });

  it('columns are names of 1 to 200 characters; the axis is y unless y2', () => {
    const fields = z.object({ column: inputColumn, as: outputAs, axis });
    expect(fields.parse({ column: 'x' })).toEqual({ column: 'x', axis: 'y' });
    expect(fields.parse({ column: 'x'.repeat(200), as: 'a', axis: 'y2' })).toEqual({ column: 'x'.repeat(200), as: 'a', axis: 'y2' });
    expect(fields.safeParse({ column: '' }).success).toBe(false);
    expect(fields.safeParse({ column: 'x'.repeat(201) }).success).toBe(false);
    expect(fields.safeParse({ column: 'x', as: '' }).success).toBe(false);
    expect(fields.safeParse({ column: 'x', axis: 'y3' }).success).toBe(false);
    expect(fields.parse({ column: 'x', axis: 'y' }).axis).toBe('y');
  });
});
