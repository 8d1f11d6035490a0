import type { Row } from '../../sources/types.js';
import type { ColumnSpec } from '../columns.js';
import type { Stage } from '../stage.js';
import { toIsoTime, toNumberOrNull, toTextOrNull } from '../values.js';

const converters = { time: toIsoTime, number: toNumberOrNull, text: toTextOrNull } as const;

/**
 * Picks the configured columns, in order, under their configured names, and converts each cell:
 * numbers stay numbers, numeric strings become numbers, anything else becomes null (a gap).
 */
export function selectColumns(columns: readonly ColumnSpec[]): Stage {
  if (columns.length === 0) throw new TypeError('selectColumns needs at least one column');
  const from = columns.map((c) => c.from);
  const as = columns.map((c) => c.as);
  const convert = columns.map((c) => converters[c.type]);
  const n = columns.length;
  return (row) => {
    const out: Row = {};
    for (let i = 0; i < n; i++) out[as[i]!] = convert[i]!(row[from[i]!]);
    return out;
  };
}

/**
 * The same selection and conversion straight into columns, `{ t, y }` (time first, then the value
 * columns in order), for a batch of source rows: no intermediate object per row. The stream uses
 * it for `batch` events when its pipeline is just this selection.
 */
export function selectColumnsColumnar(columns: readonly ColumnSpec[]): (rows: readonly Row[]) => { t: unknown[]; y: unknown[][] } {
  const time = columns.find((c) => c.type === 'time');
  if (!time) throw new TypeError('selectColumnsColumnar needs a time column');
  const values = columns.filter((c) => c.type !== 'time');
  const convertTime = converters.time;
  const convert = values.map((c) => converters[c.type]);
  return (rows) => {
    const n = rows.length;
    const t = new Array<unknown>(n);
    for (let i = 0; i < n; i++) t[i] = convertTime(rows[i]![time.from]);
    const y = values.map((column, c) => {
      const out = new Array<unknown>(n);
      const from = column.from;
      const conv = convert[c]!;
      for (let i = 0; i < n; i++) out[i] = conv(rows[i]![from]);
      return out;
    });
    return { t, y };
  };
}
