import { describe, expect, it } from 'vitest';
import { decodeMessage, type DecodeOptions } from '../../src/sources/message-format.js';

const options = (format: DecodeOptions['format'], fields?: string[]): DecodeOptions => ({ format, fields, delimiter: ',', maxBytes: 1000 });
const buf = (text: string) => Buffer.from(text);

describe('decodeMessage', () => {
  describe('json', () => {
    it('reads an object as one row and an array of objects as several', () => {
      expect(decodeMessage(buf('{"a":1}'), options('json'))).toEqual([{ a: 1 }]);
      expect(decodeMessage(buf('[{"a":1},{"a":2}]'), options('json'))).toEqual([{ a: 1 }, { a: 2 }]);
    });
    it('calls anything else malformed', () => {
      for (const text of ['not json', '[1,2]', '"text"', '42', 'null', '[]', '[{"a":1},3]']) {
        expect(decodeMessage(buf(text), options('json')), text).toBeUndefined();
      }
    });
  });

  describe('json-array', () => {
    it('names values by fields, one row or several', () => {
      expect(decodeMessage(buf('["t",1,2]'), options('json-array', ['time', 'a', 'b']))).toEqual([{ time: 't', a: 1, b: 2 }]);
      expect(decodeMessage(buf('[[1],[2,3]]'), options('json-array', ['a', 'b']))).toEqual([
        { a: 1, b: null },
        { a: 2, b: 3 },
      ]);
    });
    it('calls objects and mixed arrays malformed', () => {
      expect(decodeMessage(buf('{"a":1}'), options('json-array', ['a']))).toBeUndefined();
      expect(decodeMessage(buf('[[1],2]'), options('json-array', ['a']))).toBeUndefined();
    });
  });

  describe('csv', () => {
    it('reads one or more lines named by fields', () => {
      expect(decodeMessage(buf('2024-01-01,1.5,"x,y"\n2024-01-02,2,'), options('csv', ['t', 'a', 'b']))).toEqual([
        { t: '2024-01-01', a: '1.5', b: 'x,y' },
        { t: '2024-01-02', a: '2', b: '' },
      ]);
    });
    it('calls an unterminated quote malformed', () => {
      expect(decodeMessage(buf('1,"open'), options('csv', ['a', 'b']))).toBeUndefined();
    });
  });

  it('calls empty, missing and oversized values malformed', () => {
    expect(decodeMessage(null, options('json'))).toBeUndefined();
    expect(decodeMessage(buf(''), options('json'))).toBeUndefined();
    expect(decodeMessage(buf(`{"a":"${'x'.repeat(2000)}"}`), options('json'))).toBeUndefined();
  });
});
