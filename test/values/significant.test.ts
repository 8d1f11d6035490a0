import { describe, expect, it } from 'vitest';
import { significant } from '../../src/values/significant.js';

/** A seeded generator, so every run checks the same values. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('significant', () => {
  it('rounds to the 6 significant digits toPrecision(6) gives, across 41 decades', () => {
    const random = generator(7);
    const wrong: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const x = (random() - 0.3) * 10 ** (random() * 41 - 15);
      if (Math.abs(x) < 1e-15 || Math.abs(x) >= 1e26) continue;
      if (significant(x) !== Number(x.toPrecision(6))) wrong.push(x);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('is exact at the powers of ten and just below them, where the digit count changes', () => {
    for (let k = -15; k <= 25; k++) {
      const power = Number(`1e${k}`);
      expect(significant(power), `1e${k}`).toBe(power);
      expect(significant(-power), `-1e${k}`).toBe(-power);
      if (k === -15) continue; // below 1e-15 is out of range (the last test)
      const below = Number(`9.999994e${k - 1}`);
      expect(significant(below), `9.999994e${k - 1}`).toBe(Number(`9.99999e${k - 1}`));
      expect(significant(Number(`9.999996e${k - 1}`)), `9.999996e${k - 1}`).toBe(power);
    }
    expect(significant(4.333333333)).toBe(4.33333);
    expect(significant(-0.000333333333)).toBe(-0.000333333);
    expect(significant(123456789)).toBe(123457000);
    expect(significant(1234565)).toBe(1234570); // a tie rounds up, as Math.round
  });

  it('keeps null, zero, non-finite values and those too small or large to shift', () => {
    expect(significant(null)).toBeNull();
    expect(significant(0)).toBe(0);
    expect(significant(Number.NaN)).toBeNaN();
    expect(significant(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(significant(1.23456789e-16)).toBe(1.23456789e-16);
    expect(significant(1.23456789e27)).toBe(1.23456789e27);
    // The bounds themselves: 1e26 is kept as it is, 1e-15 is rounded (to itself).
    expect(significant(1.2345678e26)).toBe(1.2345678e26);
    expect(significant(1e26)).toBe(1e26);
    expect(significant(1.23456789e-15)).toBe(1.23457e-15);
  });
});
