import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/ui/csv-writer.js';

describe('csvField', () => {
  it('writes numbers as numbers, negative ones included, and gaps and non-finite numbers as empty', () => {
    expect([
      csvField(-3.5),
      csvField(0),
      csvField(1e-7),
      csvField(null),
      csvField(undefined),
      csvField(Number.NaN),
      csvField(Infinity),
    ]).toEqual(['-3.5', '0', '1e-7', '', '', '', '']);
  });

  it("quotes commas, quotes and line breaks (RFC 4180), and puts ' before text that a spreadsheet would run", () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(['+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual(["'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(csvField('plain')).toBe('plain');
  });
});

describe('toCsv', () => {
  it('writes a header, then one line per row, every line ending with CRLF', () => {
    const csv = toCsv(
      ['timestamp', 'a', 'b'],
      ['2024-03-11T06:00:00.000Z', null],
      [
        [1, null],
        [-2, 3],
      ],
    );
    expect(csv).toBe('timestamp,a,b\r\n2024-03-11T06:00:00.000Z,1,-2\r\n,,3\r\n');
  });

  it('writes the header alone for an empty window', () => {
    expect(toCsv(['t', '=x'], [], [[]])).toBe("t,'=x\r\n");
  });
});
