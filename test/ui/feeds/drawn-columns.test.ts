import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../src/protocol/events.js';
import { pickColumns } from '../../../src/ui/feeds/drawn-columns.js';

const series: ColumnInfo[] = ['flow', 'current', 'temp'].map((name) => ({ name, type: 'number', axis: 'y' }));

describe('pickColumns', () => {
  it('draws every numeric column without a `columns` attribute, or with an empty one', () => {
    for (const columns of [undefined, null, '', ' , ']) expect(pickColumns(series, columns)).toEqual({ drawn: [0, 1, 2], unknown: [] });
  });

  it("draws the named columns in the attribute's order, each once, names trimmed", () => {
    expect(pickColumns(series, ' temp,flow , temp')).toEqual({ drawn: [2, 0], unknown: [] });
  });

  it('names what the stream does not have (as written), and draws the rest', () => {
    expect(pickColumns(series, 'temp,Flow,pressure')).toEqual({ drawn: [2], unknown: ['Flow', 'pressure'] });
  });
});
