import type { Row } from '../../values/row.js';
import type { ColumnSpec } from '../columns.js';
import type { Stage } from '../stage.js';
import { toIsoTime, toNumberOrNull, toTextOrNull } from '../../values/convert.js';

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
