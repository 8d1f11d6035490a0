import { describe, expect, it } from 'vitest';
import { pythonJsonObject, pythonString } from '../../src/compat/python-json.js';

// Expected strings are what CPython 3.11's json.dumps() prints for the same values.
describe('pythonString', () => {
  it('escapes like json.dumps with ensure_ascii', () => {
    expect(pythonString('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
    expect(pythonString('é€😀\u007f')).toBe('"\\u00e9\\u20ac\\ud83d\\ude00\\u007f"');
  });

  it('escapes control characters as json.dumps does (short forms where JSON has them, else \\u00XX)', () => {
    expect(pythonString('\t\r\b\f\u0001\u001f')).toBe('"\\t\\r\\b\\f\\u0001\\u001f"');
  });

  it('escapes the line and paragraph separators, which JSON.stringify leaves raw', () => {
    expect(pythonString('\u2028\u2029')).toBe('"\\u2028\\u2029"');
  });
});

describe('pythonJsonObject', () => {
  it('uses json.dumps separators; cells stay strings, a missing cell is null', () => {
    expect(pythonJsonObject({ timestamp: '2018-04-12 09:55:00', sensor_04: '1', sensor_18: '', sensor_34: null })).toBe(
      '{"timestamp": "2018-04-12 09:55:00", "sensor_04": "1", "sensor_18": "", "sensor_34": null}',
    );
  });
});
