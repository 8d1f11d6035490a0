import type { ColumnInfo } from '../../protocol/events.js';

/**
 * Which of a stream's numeric columns to draw, from a `columns` attribute (comma-separated
 * names; empty: all): their indices in `series`, in the attribute's order, once each, and the
 * names that are not numeric columns of the stream.
 */
export function pickColumns(series: readonly ColumnInfo[], columns: string | null | undefined): { drawn: number[]; unknown: string[] } {
  const wanted = (columns ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (wanted.length === 0) return { drawn: series.map((_, i) => i), unknown: [] };
  const drawn: number[] = [];
  const unknown: string[] = [];
  for (const name of wanted) {
    const index = series.findIndex((c) => c.name === name);
    if (index === -1) unknown.push(name);
    else if (!drawn.includes(index)) drawn.push(index);
  }
  return { drawn, unknown };
}
