import { describe, expect, it } from 'vitest';
import { type ColumnSpec, timeColumn, valueColumns } from '../../src/pipeline/columns.js';

const column = (as: string, type: ColumnSpec['type']): ColumnSpec => ({ from: as, as, type, axis: 'y' });

describe('columns', () => {
  it('the time column is the one of type time, wherever it is; the others are the series', () => {
    const columns = [column('a', 'number'), column('t', 'time'), column('s', 'text')];
    expect(timeColumn(columns)).toBe(columns[1]);
    expect(valueColumns(columns)).toEqual([columns[0], columns[2]]);
    expect(timeColumn([column('a', 'number')])).toBeUndefined();
  });
});
