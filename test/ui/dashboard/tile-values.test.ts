import { describe, expect, it } from 'vitest';
import { formatDataTime, formatValue, sinceText, tileColor } from '../../../src/ui/dashboard/tile-values.js';

describe('tileColor', () => {
  const colors = [
    { below: 300, color: 'red' },
    { above: 100, below: 200, color: 'orange' },
    { above: 600, color: 'purple' },
  ];

  it('takes the colour of the last entry the value matches', () => {
    expect(tileColor(50, colors)).toBe('red');
    expect(tileColor(150, colors)).toBe('orange'); // red matches too: the last one wins
    expect(tileColor(250, colors)).toBe('red');
    expect(tileColor(700, colors)).toBe('purple');
  });

  it('has none between the levels, on a level (above and below are strict), or without a number', () => {
    expect(tileColor(450, colors)).toBeUndefined();
    expect(tileColor(300, colors)).toBeUndefined();
    expect(tileColor(600, colors)).toBeUndefined();
    expect(tileColor(null, colors)).toBeUndefined();
    expect(tileColor(Number.NaN, colors)).toBeUndefined();
    expect(tileColor(50, [])).toBeUndefined();
  });
});

describe('formatValue', () => {
  it('shows three significant digits, whole numbers from 100 up', () => {
    expect([612.34, 99.94, 2.4567, 0.012345, 0.000123456, 12345.6, -3.1446, 0].map((v) => formatValue(v))).toEqual([
      '612',
      '99.9',
      '2.46',
      '0.0123',
      '0.000123',
      '12346',
      '-3.14',
      '0',
    ]);
  });

  it('shows `decimals` digits after the point when given', () => {
    expect(formatValue(612.345, 1)).toBe('612.3');
    expect(formatValue(0.5, 3)).toBe('0.500');
    expect(formatValue(2.5, 0)).toBe('3');
    expect(formatValue(0, 2)).toBe('0.00');
  });

  it('writes no minus before a number that rounds to zero', () => {
    expect(formatValue(-0.0001, 2)).toBe('0.00');
    expect(formatValue(-0.4, 0)).toBe('0');
  });

  it('keeps tiny numbers readable, text as it is, and a dash for nothing', () => {
    expect(formatValue(0.0000123)).toBe('0.0000123');
    expect(formatValue(1.234e-7)).toBe('1.23e-7');
    expect(formatValue('BROKEN')).toBe('BROKEN');
    expect(formatValue(null)).toBe('–');
    expect(formatValue(undefined)).toBe('–');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('–');
  });
});

describe('formatDataTime', () => {
  it('is the UTC date and time, seconds and milliseconds only when there are', () => {
    expect(formatDataTime(Date.UTC(2024, 2, 4, 9, 55))).toBe('2024-03-04 09:55');
    expect(formatDataTime(Date.UTC(2024, 2, 4, 9, 55, 30))).toBe('2024-03-04 09:55:30');
    expect(formatDataTime(Date.UTC(2024, 2, 4, 9, 55, 30, 250))).toBe('2024-03-04 09:55:30.250');
    expect(formatDataTime(Date.UTC(2024, 2, 4, 9, 55, 0, 5))).toBe('2024-03-04 09:55:00.005');
  });
});

describe('sinceText', () => {
  const at = Date.UTC(2024, 0, 1, 18, 41);

  it('says since when, and for how long up to the newest data time (days and hours from 24 h on)', () => {
    expect(sinceText(at, at + 78 * 60_000)).toBe('since 2024-01-01 18:41 · for 1 h 18 min');
    expect(sinceText(at, at + 42_900)).toBe('since 2024-01-01 18:41 · for 42 s');
    expect(sinceText(at, at + 52 * 3_600_000 + 59 * 60_000)).toBe('since 2024-01-01 18:41 · for 2 d 4 h');
  });

  it('leaves out "for" without a newer data time, and says nothing for an unknown time', () => {
    expect(sinceText(at, undefined)).toBe('since 2024-01-01 18:41');
    expect(sinceText(at, at)).toBe('since 2024-01-01 18:41');
    expect(sinceText(at, at - 60_000)).toBe('since 2024-01-01 18:41');
    expect(sinceText(Number.NEGATIVE_INFINITY, at)).toBe('');
  });
});
