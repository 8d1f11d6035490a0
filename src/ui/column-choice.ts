// What the column chooser lists and what a choice writes into `columns`: pure functions, so the
// element's chooser (controllers/column-chooser.ts) and the tests read the same rules.
import type { ColumnInfo } from '../protocol/events.js';
import { pickColumns } from './feeds/drawn-columns.js';
import { columnEntries, seriesLabel, streamColumns } from './feeds/feed-specs.js';

/** One stream of the chart, with its numeric columns once its meta is in. */
export interface ChoiceSource {
  stream: string;
  series: readonly ColumnInfo[];
}

/** One line of the chooser: a numeric column of one of the chart's streams. */
export interface ColumnItem {
  /** Unique in the list: `stream · column`. */
  key: string;
  stream: string;
  column: string;
  /** What the chooser shows: the column, or `stream · column` in a chart of several streams (the legend's name). */
  label: string;
  unit?: string;
  /** `columns` draws it now. */
  checked: boolean;
  /** An empty `columns` draws it (it is not configured `draw: false`). */
  byDefault: boolean;
}

/**
 * Every numeric column of the chart's streams (`streams`: all of them, in order; `sources`: those
 * whose columns are known), in the streams' order then the columns', checked as `columns` draws them.
 */
export function columnItems(sources: readonly ChoiceSource[], streams: readonly string[], columns: string): ColumnItem[] {
  const entries = columnEntries(columns);
  const several = streams.length > 1;
  return sources.flatMap(({ stream, series }) => {
    const { drawn } = pickColumns(series, streamColumns(entries, stream, streams));
    return series.map((c, i) => ({
      key: seriesLabel(stream, c.name, true),
      stream,
      column: c.name,
      label: seriesLabel(stream, c.name, several),
      ...(c.unit ? { unit: c.unit } : {}),
      checked: drawn.includes(i),
      byDefault: c.draw !== false,
    }));
  });
}

/** The items whose label or unit holds `query` (case-insensitive; an empty query keeps all). */
export function filterItems(items: readonly ColumnItem[], query: string): ColumnItem[] {
  const q = query.trim().toLowerCase();
  if (!q) return items.slice();
  return items.filter((item) => item.label.toLowerCase().includes(q) || (item.unit?.toLowerCase().includes(q) ?? false));
}

/**
 * The `columns` entries that draw the `checked` items (keys) and nothing else: [] when the checked
 * items are those drawn by default (all but `draw: false` ones, also the columns a stream gains
 * later); a plain name for a column checked in
 * every stream of the chart, `stream · column` for one checked in some only. Entries that were in
 * `columns` before keep their places (the lines keep their colours); new ones follow, in the
 * list's order.
 */
export function chosenColumns(
  items: readonly ColumnItem[],
  checked: ReadonlySet<string>,
  streams: readonly string[],
  columns: string,
): string[] {
  if (items.every((item) => checked.has(item.key) === item.byDefault)) return [];
  const byColumn = new Map<string, ColumnItem[]>();
  for (const item of items) if (checked.has(item.key)) byColumn.set(item.column, [...(byColumn.get(item.column) ?? []), item]);
  const chosen: { entry: string; column: string; first: number }[] = [];
  for (const [column, picked] of byColumn) {
    const everywhere = streams.every((stream) => picked.some((item) => item.stream === stream));
    const entries = everywhere
      ? [{ entry: column, item: picked[0]! }]
      : picked.map((item) => ({ entry: seriesLabel(item.stream, column, true), item }));
    for (const { entry, item } of entries) chosen.push({ entry, column, first: items.indexOf(item) });
  }
  // An entry's place: that of the first earlier entry for the same column (plain or of a stream).
  const before = columnEntries(columns);
  const place = (column: string, entry: string) => {
    const at = before.findIndex((old) => old === entry || old === column || streams.some((s) => old === seriesLabel(s, column, true)));
    return at === -1 ? before.length : at;
  };
  return chosen
    .map((c) => ({ ...c, place: place(c.column, c.entry) }))
    .sort((a, b) => a.place - b.place || a.first - b.first)
    .map((c) => c.entry);
}
