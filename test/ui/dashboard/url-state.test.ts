import { describe, expect, it } from 'vitest';
import { readUrlState, writeUrlState } from '../../../src/ui/dashboard/url-state.js';

const FROM = Date.UTC(2024, 0, 1, 6, 0);
const TO = Date.UTC(2024, 0, 1, 7, 30, 15, 250);

describe('readUrlState', () => {
  it('reads the span, the zoom and the columns per panel', () => {
    const state = readUrlState('?range=6h&from=2024-01-01T06:00:00.000Z&to=2024-01-01T07:30:15.250Z&columns.2=a,b&columns.10=c');
    expect(state).toEqual({
      range: '6h',
      view: [FROM, TO],
      columns: new Map([
        [2, ['a', 'b']],
        [10, ['c']],
      ]),
    });
  });

  it('reads a panel whose columns are given empty as every column', () => {
    expect(readUrlState('?columns.1=&columns.2=,')).toEqual({
      columns: new Map([
        [1, []],
        [2, []],
      ]),
    });
  });

  it('leaves out what does not parse: an unknown span, a zoom missing an end or backwards, a key that is not a panel', () => {
    expect(readUrlState('?range=2h&from=2024-01-01T06:00:00Z&columns.x=a&columns.=b')).toEqual({ columns: new Map() });
    expect(readUrlState('?from=2024-01-01T07:00:00Z&to=2024-01-01T06:00:00Z')).toEqual({ columns: new Map() });
    expect(readUrlState('?from=yesterday&to=today')).toEqual({ columns: new Map() });
  });
});

describe('writeUrlState', () => {
  it('writes the span, the zoom as ISO times and the columns in panel order', () => {
    const search = writeUrlState('', {
      range: '24h',
      view: [FROM, TO],
      columns: new Map([
        [3, ['x']],
        [1, ['a', 'b']],
      ]),
    });
    expect(search).toBe('?range=24h&from=2024-01-01T06%3A00%3A00.000Z&to=2024-01-01T07%3A30%3A15.250Z&columns.1=a%2Cb&columns.3=x');
    expect(readUrlState(search)).toEqual({
      range: '24h',
      view: [FROM, TO],
      columns: new Map([
        [1, ['a', 'b']],
        [3, ['x']],
      ]),
    });
  });

  it('writes every column of a panel (chosen against its own) as an empty list', () => {
    expect(writeUrlState('', { columns: new Map([[4, []]]) })).toBe('?columns.4=');
  });

  it('widens a zoom with fractions of a millisecond to whole ones', () => {
    expect(readUrlState(writeUrlState('', { view: [FROM + 0.4, TO + 0.4], columns: new Map() })).view).toEqual([FROM, TO + 1]);
  });

  it("keeps the page's other keys and drops its own that are no longer set", () => {
    const search = writeUrlState('?theme=dark&range=1h&from=2024-01-01T06:00:00.000Z&to=2024-01-01T07:00:00.000Z&columns.0=a', {
      columns: new Map(),
    });
    expect(search).toBe('?theme=dark');
    expect(writeUrlState('?range=1h', { columns: new Map() })).toBe('');
  });
});
