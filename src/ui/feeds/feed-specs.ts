import { scopeKey, type DaemonAddress } from '../daemon-url.js';

/** One stream an element draws from: where it is, and which of its columns to draw. */
export interface FeedSpec {
  /** Unique per element: the daemon, the token and the stream id. */
  key: string;
  stream: string;
  address: DaemonAddress;
  /** The names of the columns to draw, in order; null: every numeric column. */
  columns: string[] | null;
}

/** What the element's attributes say (`stream`, `streams`, `columns`, `server`, `token`). */
export interface FeedAttributes extends DaemonAddress {
  stream: string;
  streams: string;
  columns: string;
}

/** One `<rg-series>` child: a stream and a column, on the element's daemon unless it names its own. */
export interface SeriesChild {
  stream: string;
  column: string;
  server: string | null;
  token: string | null;
}

/**
 * The streams to connect to, in order: the `<rg-series>` children when there are any (one feed
 * per stream of a daemon, drawing the columns its children name, in their order), else the
 * `streams` list, else the one `stream`, each drawing what `columns` asks of it (see
 * streamColumns). Ids are trimmed, empty ones and repeats dropped.
 */
export function feedSpecs(attributes: FeedAttributes, children: readonly SeriesChild[], pageHref: string): FeedSpec[] {
  const specs = new Map<string, FeedSpec>();
  const entries = columnEntries(attributes.columns);
  const add = (stream: string, address: DaemonAddress, column: string | null) => {
    const id = stream.trim();
    if (!id) return;
    const key = `${scopeKey(address, pageHref)} ${id}`;
    const spec = specs.get(key);
    if (!spec) specs.set(key, { key, stream: id, address, columns: column === null ? null : [column] });
    else if (column !== null) spec.columns = [...(spec.columns ?? []), column];
  };
  const own: DaemonAddress = { server: attributes.server, token: attributes.token };
  if (children.length > 0) {
    for (const child of children)
      add(
        child.stream || attributes.stream,
        { server: child.server ?? own.server, token: child.token ?? own.token },
        child.column.trim() || null,
      );
    // A child without a column draws every column of its stream, or what `columns` asks of it.
    for (const spec of specs.values()) spec.columns ??= streamColumns(entries, spec.stream, [spec.stream]);
    return [...specs.values()];
  }
  const ids = attributes.streams.trim() ? attributes.streams.split(',') : [attributes.stream];
  for (const stream of ids) add(stream, own, null);
  const streams = [...specs.values()].map((s) => s.stream);
  for (const spec of specs.values()) spec.columns = streamColumns(entries, spec.stream, streams);
  return [...specs.values()];
}

/** The names a `columns` attribute lists, trimmed, empty ones dropped ([]: every column). */
export function columnEntries(columns: string | null | undefined): string[] {
  return (columns ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/**
 * What the `columns` entries ask of `stream`, one of the chart's `streams`: a plain name is drawn
 * from every stream (each must have it); `stream · column`, the legend's name of a series in a
 * chart of several streams, from that stream only (a stream the entries name nothing of draws
 * nothing). Null, without entries: every numeric column.
 */
export function streamColumns(entries: readonly string[], stream: string, streams: readonly string[]): string[] | null {
  if (entries.length === 0) return null;
  return entries.flatMap((entry) => {
    const owner = streams.find((s) => entry.startsWith(seriesLabel(s, '', true)));
    if (owner === undefined) return [entry];
    return owner === stream ? [entry.slice(seriesLabel(owner, '', true).length)] : [];
  });
}

/** A legend / CSV name: the column alone for a chart of one stream, `stream · column` for several. */
export function seriesLabel(stream: string, column: string, several: boolean): string {
  return several ? `${stream} · ${column}` : column;
}
