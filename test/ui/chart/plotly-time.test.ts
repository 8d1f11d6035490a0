import { afterEach, describe, expect, it } from 'vitest';
import { dateToMs, toPlotlyDates } from '../../../src/ui/chart/plotly-time.js';

describe('toPlotlyDates', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  // Around the daylight-saving changes of 2024 in Europe (31 March and 27 October, 01:00 UTC).
  for (const tz of ['Europe/Berlin', 'America/New_York', 'UTC']) {
    it(`gives Dates whose local clock time is the UTC time of each ms (what Plotly shows), in ${tz}`, () => {
      process.env.TZ = tz;
      const times = [
        Date.UTC(2024, 2, 31, 0, 30),
        Date.UTC(2024, 2, 31, 1, 30),
        Date.UTC(2024, 9, 27, 0, 59, 59, 500),
        Date.UTC(2024, 9, 27, 1),
      ];
      const dates = toPlotlyDates(times);
      expect(dates.map((d) => d!.getTime() - d!.getTimezoneOffset() * 60_000)).toEqual(times);
    });
  }

  it('keeps gaps: null, NaN and infinite times become null', () => {
    expect(toPlotlyDates([null, Number.NaN, Number.NEGATIVE_INFINITY])).toEqual([null, null, null]);
  });
});

describe('dateToMs', () => {
  it('reads the strings Plotly writes for a date axis (UTC, a space, parts left out) and epoch ms', () => {
    expect(dateToMs('2024-03-11 06:00:00.5')).toBe(Date.UTC(2024, 2, 11, 6, 0, 0, 500));
    expect(dateToMs('2024-03-11 06:30')).toBe(Date.UTC(2024, 2, 11, 6, 30));
    expect(dateToMs('2024-03-11 06')).toBe(Date.UTC(2024, 2, 11, 6));
    expect(dateToMs('2024-03-11')).toBe(Date.UTC(2024, 2, 11));
    expect(dateToMs(1_710_136_800_000)).toBe(1_710_136_800_000);
  });

  it('is NaN for anything else', () => {
    expect(dateToMs(undefined)).toBeNaN();
    expect(dateToMs('not a date')).toBeNaN();
  });
});
