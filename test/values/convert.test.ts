import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTime, toIsoTime, toNumberOrNull, toTextOrNull, wireTimeMs } from '../../src/values/convert.js';

describe('toNumberOrNull', () => {
  it('turns numeric strings into numbers', () => {
    expect(toNumberOrNull('0.25')).toBe(0.25);
    expect(toNumberOrNull('-3')).toBe(-3);
    expect(toNumberOrNull('1e-5')).toBe(0.00001);
    expect(toNumberOrNull(' 7 ')).toBe(7);
  });
  it('makes a boolean 1 or 0', () => {
    expect(toNumberOrNull(true)).toBe(1);
    expect(toNumberOrNull(false)).toBe(0);
  });
  it('makes empty, blank and non-numeric cells null (a gap), never NaN', () => {
    for (const cell of ['', '   ', 'abc', 'NaN', '1,5', 'Infinity', '-Infinity', undefined, null, {}]) {
      expect(toNumberOrNull(cell), String(cell)).toBeNull();
    }
  });
  it('keeps finite numbers and rejects infinite ones', () => {
    expect(toNumberOrNull(3.5)).toBe(3.5);
    expect(toNumberOrNull(0)).toBe(0);
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
    expect(parseTime('1700000000.25')).toBe(1_700_000_000_250);
    expect(parseTime('-5')).toBe(-5000);
    expect(parseTime(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
  it('takes numbers below 1e11 as seconds and from 1e11 on as milliseconds', () => {
    expect(parseTime(99_999_999_999)).toBe(99_999_999_999_000);
    expect(parseTime(1e11)).toBe(1e11);
    expect(parseTime(-99_999_999_999)).toBe(-99_999_999_999_000);
  });
  it('reads strings of up to 64 characters', () => {
    const fraction = '1'.repeat(43);
    expect(parseTime(`2018-04-12T09:55:00.${fraction}Z`)).toBe(Date.UTC(2018, 3, 12, 9, 55, 0, 111)); // 64 characters
    expect(parseTime(`2018-04-12T09:55:00.${fraction}1Z`)).toBeUndefined();
  });
  it('reads only strings and numbers', () => {
    expect(parseTime(['2018-04-12'])).toBeUndefined();
    expect(parseTime(true)).toBeUndefined();
  });
  it('gives null for things that are not times', () => {
    for (const cell of ['', 'yesterday', '2018-13-45 99:99:99', 'x'.repeat(100), null, {}]) {
      expect(toIsoTime(cell), String(cell)).toBeNull();
    }
  });
});

/** Whether this process can change its time zone by TZ (a worker thread cannot: its zone is the process's). */
function zoneCanChange(): boolean {
  const zone = process.env.TZ;
  process.env.TZ = 'Asia/Kolkata';
  const changed = new Date(2018, 3, 12).getTime() !== Date.UTC(2018, 3, 12);
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
  return changed;
}

describe.runIf(zoneCanChange())('parseTime in a time zone other than UTC', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('still reads date-times without a zone as UTC, in every form', () => {
    process.env.TZ = 'Asia/Kolkata'; // UTC+05:30: a local reading would be 5.5 hours off
    const utc = (h: number, m: number, s = 0, ms = 0) => Date.UTC(2018, 3, 12, h, m, s, ms);
    expect(parseTime('2018-04-12 09:55:07')).toBe(utc(9, 55, 7));
    expect(parseTime('2018-04-12T09:55:07')).toBe(utc(9, 55, 7));
    expect(parseTime('2018-04-12 09:55')).toBe(utc(9, 55));
    expect(parseTime('2018-04-12 09:55:07.5')).toBe(utc(9, 55, 7, 500));
    expect(parseTime('2018-04-12 09:55:07.123456789')).toBe(utc(9, 55, 7, 123));
    expect(parseTime('2018-04-12')).toBe(utc(0, 0));
  });
});

describe('toTextOrNull', () => {
  it('passes strings and stringifies scalars', () => {
    expect(toTextOrNull('BROKEN')).toBe('BROKEN');
    expect(toTextOrNull('')).toBe('');
    expect(toTextOrNull(3)).toBe('3');
    expect(toTextOrNull(true)).toBe('true');
    expect(toTextOrNull(null)).toBeNull();
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

describe('the common forms, row after row (YYYY-MM-DD HH:MM:SS, and what toISOString writes)', () => {
  // Times whose digits are at the edges of each field: 0 and 9 in every place where they can be.
  const times = ['00:00:00', '09:09:09', '10:50:50', '19:59:59', '20:00:01', '23:59:59'];
  const day = '2031-07-15';
  const utc = (time: string, ms = 0) =>
    Date.UTC(2031, 6, 15, Number(time.slice(0, 2)), Number(time.slice(3, 5)), Number(time.slice(6)), ms);

  it('are converted with one Date.parse per day of data, their times read from the digits', () => {
    const parse = vi.spyOn(Date, 'parse');
    try {
      expect(times.map((time) => toIsoTime(`${day} ${time}`))).toEqual(times.map((time) => `${day}T${time}.000Z`));
      expect(times.map((time) => toIsoTime(`${day}T${time}`))).toEqual(times.map((time) => `${day}T${time}.000Z`));
      expect(times.map((time) => toIsoTime(`${day}T${time}.042Z`))).toEqual(times.map((time) => `${day}T${time}.042Z`));
      // On the wire: the last string written, and others of the same day.
      expect(wireTimeMs(`${day}T23:59:59.042Z`)).toBe(utc('23:59:59', 42));
      expect(times.map((time) => wireTimeMs(`${day}T${time}.907Z`))).toEqual(times.map((time) => utc(time, 907)));
      expect(parse).toHaveBeenCalledTimes(1);
      expect(toIsoTime('2031-07-16 00:00:00')).toBe('2031-07-16T00:00:00.000Z');
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('give a malformed string of their length to the general path (one Date.parse), which refuses it', () => {
    toIsoTime(`${day} 00:00:00`);
    const malformed = [
      `${day}x09:55:00`,
      `${day} 09x55:00`,
      `${day} 09:55x00`,
      `${day} 0/:55:00`,
      `${day} 09:55:60`,
      '2031x07-15 09:55:00',
      '2031-07x15 09:55:00',
      `${day}T09:55:00x123Z`,
      `${day}T09:55:00.123X`,
      `${day}x09:55:00.123Z`,
      `${day}T09x55:00.123Z`,
      `${day}T09:55x00.123Z`,
      `${day}T09:55:00.1/3Z`,
      `${day}T09:55:00.1:3Z`,
      `${day}T09:55:60.000Z`,
    ];
    const parse = vi.spyOn(Date, 'parse');
    try {
      for (const text of malformed) {
        parse.mockClear();
        expect(toIsoTime(text), text).toBeNull();
        expect(parse, text).toHaveBeenCalledTimes(1);
      }
    } finally {
      parse.mockRestore();
    }
    expect(toIsoTime(`${day}T09:55:00.123Zjunk`)).toBeNull();
    expect(wireTimeMs(`${day}T09:55:00.123Zjunk`)).toBeNaN();
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
