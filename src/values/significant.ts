/** Powers of ten for `significant`, from 10^-20 to 10^20. */
const POWERS = Array.from({ length: 41 }, (_, i) => 10 ** (i - 20));

/**
 * `x` rounded to 6 significant digits (null stays null). Derived columns are sent so: a chart
 * needs no more, and 0.123457 is a third of the bytes of 0.12345678901234568 on the wire and in
 * every viewer's parser.
 */
export function significant(x: number | null): number | null {
  if (x === null || x === 0 || !Number.isFinite(x)) return x;
  const exponent = Math.floor(Math.log10(Math.abs(x)));
  const shift = 5 - exponent;
  if (shift < -20 || shift > 20) return x;
  // Dividing by an exact power of ten (not multiplying by its inexact inverse) gives the double
  // nearest the decimal, which prints as its 6 digits.
  return shift >= 0 ? Math.round(x * POWERS[shift + 20]!) / POWERS[shift + 20]! : Math.round(x / POWERS[-shift + 20]!) * POWERS[-shift + 20]!;
}
