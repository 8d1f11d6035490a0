import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../src/protocol/events.js';
import { pickColumns } from '../../../src/ui/feeds/drawn-columns.js';

const series: ColumnInfo[] = ['flow', 'current', 'temp'].map((name) => ({ name, type: 'number', axis: 'y' }));

describe('pickColumns', () => {
  it('draws every numeric column when no names are asked for (null)', () => {
    expect(pickColumns(series, null)).toEqual({ drawn: [0, 1, 2], unknown: [] });
  });

  it('leaves out columns configured `draw: false` when no names are asked for, and draws them when named', () => {
    const some: ColumnInfo[] = [series[0]!, { ...series[1]!, draw: false }, series[2]!];
    expect(pickColumns(some, null)).toEqual({ drawn: [0, 2], unknown: [] });
    expect(pickColumns(some, ['current', 'flow'])).toEqual({ drawn: [1, 0], unknown: [] });
  });

  it('draws nothing for an empty list (a stream of a chart of several that the names leave out)', () => {
    expect(pickColumns(series, [])).toEqual({ drawn: [], unknown: [] });
  });

  it("draws the named columns in the names' order, each once", () => {
    expect(pickColumns(series, ['temp', 'flow', 'temp'])).toEqual({ drawn: [2, 0], unknown: [] });
  });

  it('names what the stream does not have (as written), and draws the rest', () => {
    expect(pickColumns(series, ['temp', 'Flow', 'pressure'])).toEqual({ drawn: [2], unknown: ['Flow', 'pressure'] });
  });
});
