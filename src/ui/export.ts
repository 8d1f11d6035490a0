import { cell, isoTime, type RowView } from './chart/row-window.js';
import { toCsv } from './csv-writer.js';

/** A text column computed from each row's time: the stream's state at that time. */
export interface TimeColumn {
  name: string;
  at(t: number): string | undefined;
}

/**
 * The window as CSV: the time column's name and the drawn series' names (and `state`'s, when
 * given), then every row, oldest first.
 */
export function windowCsv(
  rows: RowView | undefined,
  time: string,
  names: readonly string[],
  drawn: readonly number[],
  state?: TimeColumn,
): string {
  const columns: (string | number | null)[][] = drawn.map((i) => (rows ? Array.from(rows.y[i]!, cell) : []));
  if (state) columns.push(rows ? Array.from(rows.t, (t) => state.at(t) ?? null) : []);
  return toCsv([time, ...names, ...(state ? [state.name] : [])], rows ? Array.from(rows.t, isoTime) : [], columns);
}

/** Lets the browser save `csv` as a file (with a byte order mark, so spreadsheets read it as UTF-8). */
export function saveCsv(root: Node, csv: string, filename: string): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  saveUrl(root, url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Lets the browser save what `href` points at (a blob or `data:` URL) as `filename`. */
export function saveUrl(root: Node, href: string, filename: string): void {
  const link = Object.assign(document.createElement('a'), { href, download: filename, rel: 'noopener' });
  link.style.display = 'none';
  root.appendChild(link);
  link.click();
  link.remove();
}

/** `<stream>-<UTC time to the second>`, without the extension. */
export function exportName(stream: string): string {
  return `${stream || 'realtime-graph'}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;
}
