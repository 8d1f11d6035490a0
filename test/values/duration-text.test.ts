import { describe, expect, it } from 'vitest';
import { durationText } from '../../src/values/duration-text.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('durationText', () => {
  it('says seconds below a minute, cut to the whole second', () => {
    expect(durationText(0)).toBe('0 s');
    expect(durationText(999)).toBe('0 s');
    expect(durationText(42 * S)).toBe('42 s');
    expect(durationText(59.4 * S)).toBe('59 s');
    expect(durationText(59.999 * S)).toBe('59 s');
  });

  it('says minutes from 60 s, cut to the whole minute', () => {
    expect(durationText(60 * S)).toBe('1 min');
    expect(durationText(MIN + 59 * S)).toBe('1 min');
    expect(durationText(12 * MIN + 59 * S)).toBe('12 min');
    expect(durationText(59 * MIN + 30 * S)).toBe('59 min');
    expect(durationText(60 * MIN - 1)).toBe('59 min');
  });

  it('says hours and minutes from 60 min, the minutes unpadded and left out when 0', () => {
    expect(durationText(60 * MIN)).toBe('1 h');
    expect(durationText(H + 59 * S)).toBe('1 h');
    expect(durationText(H + MIN)).toBe('1 h 1 min');
    expect(durationText(H + 5 * MIN)).toBe('1 h 5 min');
    expect(durationText(H + 7 * MIN + 59 * S)).toBe('1 h 7 min');
    expect(durationText(2 * H)).toBe('2 h');
    expect(durationText(23 * H + 59 * MIN)).toBe('23 h 59 min');
    expect(durationText(24 * H - 1)).toBe('23 h 59 min');
  });

  it('goes on in hours from 24 h without days', () => {
    expect(durationText(24 * H)).toBe('24 h');
    expect(durationText(26 * H + 5 * MIN)).toBe('26 h 5 min');
    expect(durationText(7 * D)).toBe('168 h');
  });

  it('with days, says days and hours from 24 h, the same as without below it', () => {
    const days = (ms: number) => durationText(ms, { days: true });
    expect([59.4 * S, 60 * S, 59 * MIN + 30 * S, 60 * MIN, 3 * H + 5 * MIN, 23 * H + 59 * MIN].map(days)).toEqual([
      '59 s',
      '1 min',
      '59 min',
      '1 h',
      '3 h 5 min',
      '23 h 59 min',
    ]);
    expect(days(24 * H)).toBe('1 d');
    expect(days(24 * H + 59 * MIN)).toBe('1 d');
    expect(days(26 * H + 5 * MIN)).toBe('1 d 2 h');
    expect(days(2 * D + 4 * H + 59 * MIN)).toBe('2 d 4 h');
    expect(days(7 * D)).toBe('7 d');
  });

  it('says 0 s for a negative span', () => {
    expect(durationText(-1)).toBe('0 s');
    expect(durationText(-2 * H, { days: true })).toBe('0 s');
  });
});
