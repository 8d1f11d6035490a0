import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../../src/pipeline/columns.js';
import { selectColumns } from '../../../src/pipeline/stages/select-columns.js';

const spec = (from: string, type: ColumnSpec['type'] = 'number', as = from): ColumnSpec => ({ from, as, type, axis: 'y' });

describe('selectColumns', () => {
  it('keeps only the chosen columns, in the configured order', () => {
    const stage = selectColumns([spec('timestamp', 'time'), spec('sensor_34'), spec('sensor_04')]);
    const out = stage({ sensor_04: '0.5', timestamp: '2024-01-01 00:00:00', sensor_34: '0.25', sensor_99: '9' });
    expect(out).toEqual({ timestamp: '2024-01-01T00:00:00.000Z', sensor_34: 0.25, sensor_04: 0.5 });
    expect(Object.keys(out!)).toEqual(['timestamp', 'sensor_34', 'sensor_04']);
  });

  it('renames columns', () => {
    const stage = selectColumns([spec('sensor_04', 'number', 'motor_current')]);
    expect(stage({ sensor_04: '12.5' })).toEqual({ motor_current: 12.5 });
  });

  it('turns empty and non-numeric cells into null instead of failing', () => {
    const stage = selectColumns([spec('a'), spec('b'), spec('c'), spec('missing')]);
    expect(stage({ a: '', b: 'n/a', c: '3' })).toEqual({ a: null, b: null, c: 3, missing: null });
  });

  it('keeps text columns as text', () => {
    const stage = selectColumns([spec('machine_status', 'text')]);
    expect(stage({ machine_status: 'BROKEN' })).toEqual({ machine_status: 'BROKEN' });
  });

  it('refuses an empty selection', () => {
    expect(() => selectColumns([])).toThrow(new TypeError('selectColumns needs at least one column'));
  });
});
