import { describe, expect, it } from 'vitest';
import { pythonFloat, pythonJsonObject, pythonString } from '../../src/server/python-json.js';

// Expected strings are what CPython 3.11's repr() and json.dumps() print for the same values.
describe('pythonFloat', () => {
  it.each([
    [0, '0.0'],
    [1, '1.0'],
    [-2, '-2.0'],
    [0.5, '0.5'],
    [0.9936126699696886, '0.9936126699696886'],
    [0.1 + 0.2, '0.30000000000000004'],
    [123456789.125, '123456789.125'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [0.000012345, '1.2345e-05'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [9999999999999998, '9999999999999998.0'],
    [1e22, '1e+22'],
    [-0, '-0.0'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('%s → %s', (value, expected) => {
    expect(pythonFloat(value)).toBe(expected);
  });
});

describe('pythonString', () => {
  it('escapes like json.dumps with ensure_ascii', () => {
    expect(pythonString('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
    expect(pythonString('é€😀\u007f')).toBe('"\\u00e9\\u20ac\\ud83d\\ude00\\u007f"');
  });
});

describe('pythonJsonObject', () => {
  it('uses json.dumps separators', () => {
    expect(pythonJsonObject({ timestamp: '2018-04-12 09:55:00', sensor_04: 1, sensor_18: null })).toBe(
      '{"timestamp": "2018-04-12 09:55:00", "sensor_04": 1.0, "sensor_18": null}',
    );
  });
});
