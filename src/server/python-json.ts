// The original Flask demo sent `json.dumps(row)`; the /runPredict route reproduces its bytes.

/** Python's repr() of a float: shortest round-trip digits, `.0` on whole numbers, `e-05` exponents. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  const digits = mantissa.replace('.', '');
  // Python switches to scientific notation outside 1e-4 <= |x| < 1e16.
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Python's json.dumps string escaping (ensure_ascii): everything outside printable ASCII as \uXXXX. */
export function pythonString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.dumps of a flat object of strings, numbers (as floats) and nulls, with its `, ` and `: ` separators. */
export function pythonJsonObject(row: Record<string, string | number | null>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(row)) {
    const text = value === null ? 'null' : typeof value === 'number' ? pythonFloat(value) : pythonString(value);
    parts.push(`${pythonString(key)}: ${text}`);
  }
  return `{${parts.join(', ')}}`;
}
