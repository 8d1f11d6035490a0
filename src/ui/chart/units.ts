// How a column's unit (config `unit`, ColumnInfo.unit) is written next to its values and names:
// on axis titles, in the hover, and on anything else that shows a value (a tile).
import type { ColumnInfo } from '../../protocol/events.js';

/** A value with its unit after a space (`12.5 A`, `80 %`), or the value alone for a column without one. */
export function withUnit(value: string, unit: string | undefined): string {
  return unit ? `${value} ${unit}` : value;
}

/** The distinct units of `columns` in their order, comma-separated (`bar, A`): an axis title; empty when none has a unit. */
export function unitsTitle(columns: readonly ColumnInfo[]): string {
  return [...new Set(columns.flatMap((c) => (c.unit ? [c.unit] : [])))].join(', ');
}

/** The title of a plot that shows one column: its name, with its unit in brackets when it has one (`sensor_04 (A)`). */
export function columnTitle(column: ColumnInfo): string {
  return column.unit ? `${column.name} (${column.unit})` : column.name;
}
