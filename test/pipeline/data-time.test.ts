import { describe, expect, it } from 'vitest';
import { dataTime } from '../../src/pipeline/data-time.js';

describe('dataTime', () => {
  it("reads a row's time from its column in ms, NaN without one", () => {
    const timeOf = dataTime('t');
    expect(timeOf({ t: '2024-01-01T00:01:00.000Z' })).toBe(Date.UTC(2024, 0, 1, 0, 1));
    expect(timeOf({ t: null })).toBeNaN();
    expect(timeOf({})).toBeNaN();
  });
  it('parses each row once: a row asked again gives the time it had', () => {
    const timeOf = dataTime('t');
    const row: Record<string, unknown> = { t: '2024-01-01T00:00:00.000Z' };
    expect(timeOf(row)).toBe(Date.UTC(2024, 0, 1));
    row.t = '2025-01-01T00:00:00.000Z';
    expect(timeOf(row)).toBe(Date.UTC(2024, 0, 1));
    expect(timeOf({ ...row })).toBe(Date.UTC(2025, 0, 1));
  });
});
