import { describe, expect, it } from 'vitest';
import type { MetaData } from '../../src/protocol/events.js';
import { toRows } from '../../src/ui/row-events.js';

const meta = {
  time: 'timestamp',
  columns: [
    { name: 'sensor_04', type: 'number', axis: 'y' },
    { name: 'machine_status', type: 'text', axis: 'y' },
    { name: 'flow', type: 'number', axis: 'y2' },
  ],
} as MetaData;

describe('toRows', () => {
  it('turns an update (one row object) into columns in meta.columns order, missing cells as null', () => {
    expect(toRows('update', { timestamp: '2024-03-11T06:00:00.000Z', flow: 2.5, sensor_04: 0.98 }, meta)).toEqual({
      t: ['2024-03-11T06:00:00.000Z'],
      y: [[0.98], [null], [2.5]],
    });
  });

  it('reads a row without its time column as a row without a time', () => {
    expect(toRows('update', { sensor_04: 1 }, meta).t).toEqual([null]);
  });

  it('passes a batch through as it came (already columnar)', () => {
    const batch = {
      t: ['2024-03-11T06:00:00.000Z', null],
      y: [
        [1, 2],
        ['NORMAL', 'BROKEN'],
        [null, 3],
      ],
    };
    const rows = toRows('batch', batch, meta);
    expect(rows).toEqual(batch);
    expect(rows.t).toBe(batch.t);
  });
});
