import { describe, expect, it } from 'vitest';
import type { RowView } from '../../../src/ui/chart/row-window.js';
import { alignedCsv } from '../../../src/ui/feeds/aligned-csv.js';

const T0 = Date.parse('2024-03-11T06:00:00.000Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
/** A window: times in seconds after T0 (NaN: no time), one or more columns of values (NaN: a gap). */
const view = (t: number[], ...y: number[][]): RowView => ({
  t: Float64Array.from(t, (s) => T0 + s * 1000),
  y: y.map((c) => Float64Array.from(c)),
});
const lines = (csv: string) => csv.split('\r\n').slice(0, -1);

describe('alignedCsv', () => {
  it('writes one line per time of any stream, oldest first, leaving empty the cells of a stream without a row then', () => {
    const slow = view([0, 2], [10, 12]);
    const fast = view([0, 1, 2, 3], [1, 2, 3, 4], [-1, -2, -3, -4]);
    const csv = alignedCsv('timestamp', [
      { rows: slow, series: [0], names: ['pump-1 · a'] },
      { rows: fast, series: [1, 0], names: ['pump-2 · b', 'pump-2 · a'] },
    ]);
    expect(lines(csv)).toEqual([
      'timestamp,pump-1 · a,pump-2 · b,pump-2 · a',
      `${iso(0)},10,-1,1`,
      `${iso(1)},,-2,2`,
      `${iso(2)},12,-3,3`,
      `${iso(3)},,-4,4`,
    ]);
  });

  it('aligns streams with different time ranges, and keeps gaps (NaN) empty', () => {
    const early = view([0, 1], [1, Number.NaN]);
    const late = view([5, 6], [7, 8]);
    expect(
      lines(
        alignedCsv('t', [
          { rows: early, series: [0], names: ['x'] },
          { rows: late, series: [0], names: ['y'] },
        ]),
      ),
    ).toEqual(['t,x,y', `${iso(0)},1,`, `${iso(1)},,`, `${iso(5)},,7`, `${iso(6)},,8`]);
  });

  it('gives a time that a stream has twice two lines, sorts rows that came out of order, and puts rows without a time last', () => {
    const a = view([2, 1, 1, Number.NaN], [20, 10, 11, 99]);
    const b = view([1, Number.NaN], [5, 77]);
    expect(
      lines(
        alignedCsv('t', [
          { rows: a, series: [0], names: ['a'] },
          { rows: b, series: [0], names: ['b'] },
        ]),
      ),
    ).toEqual(['t,a,b', `${iso(1)},10,5`, `${iso(1)},11,`, `${iso(2)},20,`, ',99,', ',,77']);
  });

  it("writes a stream's state column after its series: the state at each of its rows' times, empty on the lines of other streams", () => {
    const watch = view([0, 2], [1, 2]);
    const other = view([1, 2], [5, 6]);
    const state = { name: 'watch · machine_status', at: (t: number) => (t < T0 + 2000 ? 'NORMAL' : 'BROKEN') };
    expect(
      lines(
        alignedCsv('t', [
          { rows: watch, series: [0], names: ['watch · a'], state },
          { rows: other, series: [0], names: ['other · a'] },
        ]),
      ),
    ).toEqual(['t,watch · a,watch · machine_status,other · a', `${iso(0)},1,NORMAL,`, `${iso(1)},,,5`, `${iso(2)},2,BROKEN,6`]);
  });

  it('writes the header alone for empty windows, and applies the formula rule to names', () => {
    expect(alignedCsv('t', [{ rows: view([], []), series: [0], names: ['=cmd'] }])).toBe("t,'=cmd\r\n");
  });
});
