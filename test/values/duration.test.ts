import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/values/duration.js';

describe('parseDuration', () => {
  it('reads a number and a unit: ms, s, m, h or d', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('36h')).toBe(129_600_000);
    expect(parseDuration('7d')).toBe(604_800_000);
  });

  it('reads a fraction', () => {
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('0.25s')).toBe(250);
  });

  it('refuses anything else', () => {
    for (const text of ['', '10', 'm', '10 m', '10min', 'x10m', '10mx', '-5s', '1.s', '.5s', '1e3s', '10M']) {
      expect(parseDuration(text), text).toBeUndefined();
    }
  });
});
