import type { StreamInfo } from '../protocol/events.js';

export const DEFAULT_WINDOW = 120;
const MAX_WINDOW = 1_000_000;

/** The `window` attribute as a number of rows: a whole number from 1 to 1,000,000, else the default. */
export function windowSize(value: unknown): number {
  const size = Number(value);
  return Number.isFinite(size) && size >= 1 ? Math.min(Math.floor(size), MAX_WINDOW) : DEFAULT_WINDOW;
}

/**
 * The heading: the one given, else the stream's title from the list; for several streams, their
 * titles (or ids, for streams the list does not have), joined by ` · `.
 */
export function headingText(given: string, streams: readonly string[], list: readonly StreamInfo[]): string {
  if (given) return given;
  const title = (id: string) => list.find((s) => s.id === id)?.title;
  return streams.length > 1 ? streams.map((id) => title(id) ?? id).join(' · ') : (title(streams[0] ?? '') ?? '');
}

/** The chart's accessible name: what it shows and the lines it draws. */
export function chartLabel(title: string, lines: readonly string[]): string {
  return `Line chart${title ? ` of ${title}` : ''}${lines.length > 0 ? `: ${lines.join(', ')}` : ''}`;
}
