import type { ColumnInfo } from '../../protocol/events.js';

/**
 * Which of a stream's numeric columns to draw, from the names asked for (null: all but those
 * configured `draw: false`): their
 * indices in `series`, in the names' order, once each, and the names that are not numeric columns
 * of the stream.
 */
export function pickColumns(series: readonly ColumnInfo[], wanted: readonly string[] | null): { drawn: number[]; unknown: string[] } {
  if (wanted === null) return { drawn: series.flatMap((c, i) => (c.draw === false ? [] : [i])), unknown: [] };
  const drawn: number[] = [];
  const unknown: string[] = [];
  for (const name of wanted) {
    const index = series.findIndex((c) => c.name === name);
    if (index === -1) unknown.push(name);
    else if (!drawn.includes(index)) drawn.push(index);
  }
  return { drawn, unknown };
}
