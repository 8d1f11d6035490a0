import type { Row } from '../values/row.js';
import { wireTimeMs } from '../values/convert.js';

/** A row's data time in ms (NaN when it has none). */
export type TimeOf = (row: Row) => number;

/**
 * Reads the data time of rows from the `name` column (ISO-8601 after column selection). The last
 * row's time is remembered, so the stages of one pipeline that need it parse each row once.
 */
export function dataTime(name: string): TimeOf {
  let lastRow: Row | undefined;
  let lastTime = Number.NaN;
  return (row) => {
    if (row !== lastRow) {
      lastRow = row;
      lastTime = wireTimeMs(row[name]);
    }
    return lastTime;
  };
}
