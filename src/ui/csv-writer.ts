import type { Cell } from './row-events.js';

/**
 * Characters that make a spreadsheet treat a cell as a formula (or, for tab and carriage return,
 * that some of them strip before checking for one). OWASP "CSV injection".
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180). Numbers are written as numbers, never altered: `-3.5` stays a
 * negative number. Text (headers, times, text values) that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is prefixed with `'` so that spreadsheets show it instead of running it.
 * Fields with a comma, a quote or a line break are quoted. `null` and non-finite numbers are empty.
 */
export function csvField(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: a header line, then one line per row; lines end with CRLF. */
export function toCsv(header: readonly string[], t: readonly (string | null)[], columns: readonly (readonly Cell[])[]): string {
  const lines = [header.map(csvField).join(',')];
  for (let k = 0; k < t.length; k++) {
    let line = csvField(t[k]);
    for (const column of columns) line += `,${csvField(column[k])}`;
    lines.push(line);
  }
  return `${lines.join('\r\n')}\r\n`;
}
