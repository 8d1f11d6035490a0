import { describe, expect, it } from 'vitest';
import { parseTime, toIsoTime, toNumberOrNull, toTextOrNull, wireTimeMs } from '../../src/values/convert.js';

describe('toNumberOrNull', () => {
  it('turns numeric strings into numbers', () => {
    expect(toNumberOrNull('0.25')).toBe(0.25);
    expect(toNumberOrNull('-3')).toBe(-3);
    expect(toNumberOrNull('1e-5')).toBe(0.00001);
    expect(toNumberOrNull(' 7 ')).toBe(7);
  });
  it('makes empty, blank and non-numeric cells null (a gap), never NaN', () => {
    for (const cell of ['', '   ', 'abc', 'NaN', '1,5', 'Infinity', '-Infinity', undefined, null, {}]) {
      expect(toNumberOrNull(cell), String(cell)).toBeNull();
    }
  });
  it('keeps finite numbers and rejects infinite ones', () => {
    expect(toNumberOrNull(3.5)).toBe(3.5);
    expect(toNumberOrNull(Number.POSITIVE_INFINITY)).toBeNull();
    expect(toNumberOrNull(Number.NaN)).toBeNull();
  });
});

describe('parseTime and toIsoTime', () => {
  it('reads date-times without a zone as UTC', () => {
    expect(toIsoTime('2018-04-12 09:55:00')).toBe('2018-04-12T09:55:00.000Z');
    expect(toIsoTime('2018-04-12T09:55')).toBe('2018-04-12T09:55:00.000Z');
    expect(toIsoTime('2018-04-12')).toBe('2018-04-12T00:00:00.000Z');
  });
  it('honours an explicit zone', () => {
    expect(toIsoTime('2018-04-12T09:55:00+02:00')).toBe('2018-04-12T07:55:00.000Z');
  });
  it('reads epoch seconds and milliseconds', () => {
    expect(parseTime(1_700_000_000)).toBe(1_700_000_000_000);
    expect(parseTime('1700000000123')).toBe(1_700_000_000_123);
  });
  it('gives null for things that are not times', () => {
    for (const cell of ['', 'yesterday', '2018-13-45 99:99:99', 'x'.repeat(100), null, {}]) {
      expect(toIsoTime(cell), String(cell)).toBeNull();
    }
  });
});

describe('toTextOrNull', () => {
  it('passes strings and stringifies scalars', () => {
    expect(toTextOrNull('BROKEN')).toBe('BROKEN');
    expect(toTextOrNull(3)).toBe('3');
    expect(toTextOrNull(undefined)).toBeNull();
    expect(toTextOrNull({ a: 1 })).toBeNull();
  });
});

describe('toIsoTime on the common YYYY-MM-DD HH:MM:SS form', () => {
  it('gives the same answer as the general path for every kind of input', () => {
    const cases = [
      '2018-04-12 09:55:00',
      '2018-04-12T09:55:00',
      '2024-02-29 23:59:59', // leap day
      '2018-02-30 00:00:00', // rolls over to March, as Date.parse does
      '2018-13-01 00:00:00',
      '2018-04-12 24:00:00',
      '2018-04-12 09:60:00',
      '2018-04-12 0a:55:00',
      '2018/04/12 09:55:00',
      '2018-04-12T09:55:00.123Z',
      '2018-02-30T09:55:00.123Z',
      '2018-04-12T25:55:00.123Z',
      '2018-04-12T09:55:00.1x3Z',
      '2018-04-12T09:55:00.123+',
    ];
    for (const text of cases) {
      const ms = parseTime(text);
      expect(toIsoTime(text), text).toBe(ms === undefined ? null : new Date(ms).toISOString());
    }
  });
});

describe('wireTimeMs', () => {
  it('reads canonical ISO strings exactly as Date.parse does, across days, years and leap days', () => {
    const times = [
      '2018-04-01T00:00:00.000Z',
      '2018-04-01T23:59:59.999Z',
      '2018-04-02T09:05:07.042Z',
      '2020-02-29T12:00:00.500Z',
      '1999-12-31T23:59:59.001Z',
      '2024-01-01T00:00:00.000Z',
    ];
    for (const t of times) expect(wireTimeMs(t)).toBe(Date.parse(t));
  });

  it('gives other forms to Date.parse, numbers as they are, and NaN for the rest', () => {
    expect(wireTimeMs('2018-04-01T10:00:00+02:00')).toBe(Date.parse('2018-04-01T08:00:00Z'));
    expect(wireTimeMs(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(wireTimeMs('2018-04-01T25:00:00.000Z')).toBeNaN();
    expect(wireTimeMs(null)).toBeNaN();
    expect(wireTimeMs('not a time')).toBeNaN();
  });

  it('reads back the time toIsoTime just wrote, whichever path wrote it, and not an older one', () => {
    // Each input's own time, read right after it was converted (the remembered answer), and again
    // after other conversions (parsed afresh): both must be the time of that string.
    const inputs = [
      '2018-04-01 09:55:00',
      '2018-04-01T09:55:00.250Z',
      1_522_576_500,
      '2018-04-01T12:00:00+02:00',
      '2016-02-29',
      '2018-04-02 00:00:01',
    ];
    const written = inputs.map((input) => {
      const iso = toIsoTime(input)!;
      expect(wireTimeMs(iso), String(input)).toBe(Date.parse(iso));
      return iso;
    });
    for (const iso of written) expect(wireTimeMs(iso), iso).toBe(Date.parse(iso));
    // A string equal to the last one written (not the same object) is the same time.
    const last = toIsoTime('2018-04-03 10:11:12')!;
    expect(wireTimeMs(`${last.slice(0, 10)}${last.slice(10)}`)).toBe(Date.parse('2018-04-03T10:11:12Z'));
    expect(wireTimeMs('2018-04-03T10:11:13.000Z')).toBe(Date.parse('2018-04-03T10:11:13Z'));
  });
});
