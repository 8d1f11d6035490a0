/** 10^0 … 10^20, exact in a double: what a value is shifted by to round it. */
const SCALE = Array.from({ length: 21 }, (_, k) => Number(`1e${k}`));

/** Values whose 6 digits need no shift beyond 10^±20 (as far as SCALE goes); others are kept. */
const SMALLEST = 1e-15;
const LARGEST = 1e26;

/** 10^-15 … 10^26 (decimal literals, so the nearest doubles): the bounds of each decimal exponent. */
const DECADE = Float64Array.from({ length: 42 }, (_, i) => Number(`1e${i - 15}`));

const LOG10_2 = Math.log10(2);

// The binary exponent of a double, read from its bits: the high 32-bit word holds the sign,
// the 11 exponent bits and the top of the mantissa.
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * `x` rounded to 6 significant digits (null stays null). Derived columns are sent so: a chart
 * needs no more, and 0.123457 is a third of the bytes of 0.12345678901234568 on the wire and in
 * every viewer's parser.
 */
export function significant(x: number | null): number | null {
  if (x === null || x === 0 || !Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a < SMALLEST || a >= LARGEST) return x;
  // floor(log10 a) without a logarithm (it ran on every derived value, and cost more than the
  // rounding): 2^e2 ≤ a < 2^(e2+1) puts it at floor(e2 · log10 2) or one above.
  bits[0] = a;
  let exponent = Math.floor((((words[HIGH_WORD]! >>> 20) & 0x7ff) - 1023) * LOG10_2);
  if (a >= DECADE[exponent + 16]!) exponent++;
  const shift = 5 - exponent;
  // The shifted value has 6 digits before the point (|y| < 10^6), so y + 0.5 is exact and
  // floor(y + 0.5) is Math.round(y), at a fraction of its cost in V8. Dividing by an exact power
  // of ten (not multiplying by its inexact inverse) gives the double nearest the decimal, which
  // prints as its 6 digits.
  return shift >= 0 ? Math.floor(x * SCALE[shift]! + 0.5) / SCALE[shift]! : Math.floor(x / SCALE[-shift]! + 0.5) * SCALE[-shift]!;
}
