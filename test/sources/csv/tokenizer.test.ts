import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, type BadRecordKind } from '../../../src/sources/csv/tokenizer.js';
import { describeIfAvailable } from '../../helpers/requirements.js';

interface Found {
  records: (string | undefined)[][];
  counts: number[];
  lines: number[];
  bad: [BadRecordKind, number][];
}

/** Tokenizes the UTF-8 bytes of `input` cut into pieces of `piece` bytes (a record, or a character, may span pieces). */
function tokenize(
  input: string | Buffer,
  {
    piece = input.length || 1,
    max = 1 << 20,
    delimiter = ',',
    project,
  }: { piece?: number; max?: number; delimiter?: string; project?: number[] } = {},
): Found {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const found: Found = { records: [], counts: [], lines: [], bad: [] };
  const tokenizer = new CsvTokenizer({ delimiter, maxRecordBytes: max });
  if (project) tokenizer.project(project);
  const sink = {
    record(fields: (string | undefined)[], count: number, line: number) {
      found.records.push([...fields]);
      found.counts.push(count);
      found.lines.push(line);
    },
    bad: (kind: BadRecordKind, line: number) => found.bad.push([kind, line]),
  };
  for (let i = 0; i < bytes.length; i += piece) tokenizer.push(bytes.subarray(i, i + piece), sink);
  tokenizer.end(sink);
  return found;
}

const records = (input: string | Buffer, options?: Parameters<typeof tokenize>[1]) => tokenize(input, options).records;

describe('CsvTokenizer', () => {
  describe('line endings', () => {
    it('ends a record at LF, CRLF and a lone CR, also mixed in one input', () => {
      expect(records('a,b\r\n1,2\r\n3,4\r5,6\r7,8\n9,10\n')).toEqual([
        ['a', 'b'],
        ['1', '2'],
        ['3', '4'],
        ['5', '6'],
        ['7', '8'],
        ['9', '10'],
      ]);
    });

    it('keeps line breaks inside quoted fields, as they are', () => {
      expect(records('"x\ry",1\n"p\r\nq",2\r"m\nn",3')).toEqual([
        ['x\ry', '1'],
        ['p\r\nq', '2'],
        ['m\nn', '3'],
      ]);
    });

    it('reads a CRLF split between two pieces as one line break', () => {
      const input = 'a\r\nb\r\nc\r\n';
      for (let piece = 1; piece <= input.length; piece++) {
        const found = tokenize(input, { piece });
        expect(found.records, `pieces of ${piece}`).toEqual([['a'], ['b'], ['c']]);
        expect(found.lines).toEqual([1, 2, 3]);
      }
    });

    it('skips empty lines of any kind, and a record without a final line break is complete', () => {
      expect(records('\n\r\n\ra\n\n\r\nb')).toEqual([['a'], ['b']]);
    });
  });

  describe('byte offsets', () => {
    const input = 'h,é\r\n1,"x\ny"\n\n\r22,ü\r\n333,z';
    const starts = [0, 6, 16, 23]; // each record's first byte (é and ü are two bytes each)

    it('gives the byte where each record starts, however the input is cut', () => {
      for (let piece = 1; piece <= input.length; piece++) {
        const offsets: number[] = [];
        const tokenizer = new CsvTokenizer({ delimiter: ',', maxRecordBytes: 1 << 20 });
        const sink = { record: (_f: unknown, _c: number, _l: number, offset: number) => offsets.push(offset), bad() {} };
        const bytes = Buffer.from(input, 'utf8');
        for (let i = 0; i < bytes.length; i += piece) tokenizer.push(bytes.subarray(i, i + piece), sink);
        tokenizer.end(sink);
        expect(offsets, `pieces of ${piece}`).toEqual(starts);
      }
    });

    it('counts from startOffset and startLine when it starts in the middle of a file', () => {
      const found: [number, number][] = [];
      const tokenizer = new CsvTokenizer({ delimiter: ',', maxRecordBytes: 1 << 20, startOffset: 16, startLine: 5 });
      const sink = { record: (_f: unknown, _c: number, line: number, offset: number) => found.push([line, offset]), bad() {} };
      tokenizer.push(Buffer.from(input, 'utf8').subarray(16), sink);
      tokenizer.end(sink);
      expect(found).toEqual([
        [5, 16],
        [6, 23],
      ]);
    });
  });

  describe('quotes', () => {
    it('reads a delimiter, a doubled quote and a line break inside a quoted field', () => {
      expect(records('"a, ""b""\nc",d\n')).toEqual([['a, "b"\nc', 'd']]);
    });

    it('treats a quote inside an unquoted field as text, and keeps text after a closing quote', () => {
      expect(records('ab"c,"x"yz,""\n')).toEqual([['ab"c', 'xyz', '']]);
    });

    it('drops only the last record when its quote never closes, and says where it started', () => {
      const found = tokenize('h\n1\n2\n"never closed\n3\n');
      expect(found.records).toEqual([['h'], ['1'], ['2']]);
      expect(found.bad).toEqual([['unterminated', 4]]);
    });
  });

  describe('fields', () => {
    it('keeps empty fields and white space, and counts the fields of ragged records', () => {
      const found = tokenize('a,b,c\n,, \n1\n1,2,3,4\n');
      expect(found.records).toEqual([['a', 'b', 'c'], ['', '', ' '], ['1'], ['1', '2', '3', '4']]);
      expect(found.counts).toEqual([3, 3, 1, 4]);
    });

    it('emits only projected fields, in projection order, undefined where a record is short', () => {
      const found = tokenize('a,b,c,d\n1,2,3,4\n5,6\n', { project: [3, 0] });
      expect(found.records).toEqual([
        ['d', 'a'],
        ['4', '1'],
        [undefined, '5'],
      ]);
      expect(found.counts).toEqual([4, 4, 2]);
    });

    it('decodes UTF-8 characters split between pieces, and turns bytes that are not UTF-8 into U+FFFD', () => {
      const input = 'é€,"😀 ""x""",ü\n';
      for (let piece = 1; piece <= 8; piece++) expect(records(input, { piece }), `pieces of ${piece}`).toEqual([['é€', '😀 "x"', 'ü']]);
      const invalid = Buffer.concat([Buffer.from('a,'), Buffer.from([0xff, 0xc3]), Buffer.from(',b\n')]);
      expect(records(invalid)).toEqual([['a', '\uFFFD\uFFFD', 'b']]);
    });

    it('uses another delimiter', () => {
      expect(records('a;b\n"x;y";2\n', { delimiter: ';' })).toEqual([
        ['a', 'b'],
        ['x;y', '2'],
      ]);
    });

    it('rejects a delimiter that cannot work, naming it', () => {
      expect(() => new CsvTokenizer({ delimiter: '"', maxRecordBytes: 10 })).toThrow(/delimiter.*"\\""/);
      expect(() => new CsvTokenizer({ delimiter: ',,', maxRecordBytes: 10 })).toThrow(TypeError);
      expect(() => new CsvTokenizer({ delimiter: ',', maxRecordBytes: 0 })).toThrow(/maxRecordBytes.*0/);
    });
  });

  describe('records over the size limit', () => {
    it('skips them, reports their first line, and goes on with the next record', () => {
      const long = 'x'.repeat(100);
      for (const piece of [7, 64, 1000]) {
        const found = tokenize(`h\n1\n${long}\n2\n"${long}\n${long}",3\n4\n`, { piece, max: 50 });
        expect(found.records, `pieces of ${piece}`).toEqual([['h'], ['1'], ['2'], ['4']]);
        expect(found.bad).toEqual([
          ['oversized', 3],
          ['oversized', 5],
        ]);
        expect(found.lines).toEqual([1, 2, 4, 7]);
      }
    });

    it('keeps a record of exactly the limit', () => {
      expect(records(`${'y'.repeat(50)}\n`, { max: 50 })).toEqual([['y'.repeat(50)]]);
      expect(tokenize(`${'y'.repeat(51)}\n`, { max: 50 }).bad).toEqual([['oversized', 1]]);
    });

    it('holds none of a skipped record: memory stays bounded for any length', () => {
      const tokenizer = new CsvTokenizer({ delimiter: ',', maxRecordBytes: 1000 });
      const found: string[][] = [];
      const sink = { record: (f: (string | undefined)[]) => found.push(f as string[]), bad() {} };
      const piece = Buffer.alloc(64 * 1024, 'z');
      for (let i = 0; i < 256; i++) tokenizer.push(piece, sink); // 16 MiB, no line break
      const held = tokenizer as unknown as { partial: string; pending?: Buffer };
      expect(held.partial.length + (held.pending?.length ?? 0)).toBe(0);
      tokenizer.push(Buffer.from('\nok\n'), sink);
      tokenizer.end(sink);
      expect(found).toEqual([['ok']]);
    });
  });
});

// The reference for "as Python's csv module reads them": random inputs from an alphabet of
// troublemakers, tokenized here and by CPython's csv.reader on the same text.
const python = (() => {
  try {
    execFileSync('python3', ['-c', 'import csv, json'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'python3 is not installed';
  }
})();

describeIfAvailable('CsvTokenizer against CPython csv.reader', python, () => {
  it('reads 400 random inputs exactly as csv.reader does', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = ['a', 'b', ',', ',', '"', '"', '\r', '\n', '\r\n', ' ', 'é'];
    const inputs: string[] = [];
    for (let i = 0; i < 400; i++) {
      let s = '';
      const length = 1 + Math.floor(random() * 40);
      for (let j = 0; j < length; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      inputs.push(s);
    }
    const script =
      'import csv, io, json, sys\n' +
      'out = []\n' +
      'for s in json.load(sys.stdin):\n' +
      '    out.append([r for r in csv.reader(io.StringIO(s, newline="")) if r])\n' +
      'print(json.dumps(out))\n';
    const expected = JSON.parse(
      execFileSync('python3', ['-c', script], { input: JSON.stringify(inputs), encoding: 'utf8' }),
    ) as string[][][];
    let unterminated = 0;
    inputs.forEach((input, i) => {
      const found = tokenize(input, { piece: 1 + (i % 7) });
      let reference = expected[i]!;
      // Python (not strict) keeps a quote left open at the end as a field; we skip that record.
      if (found.bad.length > 0) {
        expect(found.bad).toEqual([['unterminated', expect.any(Number)]]);
        reference = reference.slice(0, -1);
        unterminated++;
      }
      expect(found.records, JSON.stringify(input)).toEqual(reference);
    });
    expect(unterminated).toBeGreaterThan(20); // the alphabet does exercise the open-quote case
    expect(unterminated).toBeLessThan(300);
  });
});
