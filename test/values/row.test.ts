import { describe, expect, it } from 'vitest';
import { isBackfill, positionsOf, type PositionedRows, rowsOf } from '../../src/values/row.js';

describe('an item a source yields', () => {
  const row = { t: 1, positions: [9, 9], backfill: true };
  const rows: PositionedRows = [{ t: 1 }, { t: 2 }];

  it('is one row or an array of rows', () => {
    expect(rowsOf(row)).toEqual([row]);
    expect(rowsOf(rows)).toBe(rows);
  });

  it('has log positions only as an array that carries them', () => {
    expect(positionsOf(row)).toBeUndefined();
    expect(positionsOf(rows)).toBeUndefined();
    expect(positionsOf(Object.assign([{ t: 1 }], { positions: [0, 41] }))).toEqual([0, 41]);
  });

  it('is backfill only as an array marked so', () => {
    expect(isBackfill(row)).toBe(false);
    expect(isBackfill(rows)).toBe(false);
    expect(isBackfill(Object.assign([{ t: 1 }], { backfill: true }))).toBe(true);
  });
});
