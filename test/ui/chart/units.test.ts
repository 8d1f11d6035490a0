import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../src/protocol/events.js';
import { columnTitle, unitsTitle, withUnit } from '../../../src/ui/chart/units.js';

const column = (name: string, unit?: string): ColumnInfo => ({ name, type: 'number', axis: 'y', ...(unit ? { unit } : {}) });

describe('units', () => {
  it('writes a value with its unit after a space, or alone', () => {
    expect([withUnit('12.5', 'A'), withUnit('80', '%'), withUnit('3', undefined), withUnit('3', '')]).toEqual(['12.5 A', '80 %', '3', '3']);
  });

  it('lists the distinct units of columns in their order for an axis title, empty when none has one', () => {
    expect(unitsTitle([column('a', 'bar'), column('b'), column('c', 'A'), column('d', 'bar')])).toBe('bar, A');
    expect(unitsTitle([column('a'), column('b')])).toBe('');
  });

  it('titles a plot of one column with its name and unit', () => {
    expect([columnTitle(column('sensor_04', 'A')), columnTitle(column('motor_scaled'))]).toEqual(['sensor_04 (A)', 'motor_scaled']);
  });
});
