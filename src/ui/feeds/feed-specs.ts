import { scopeKey, type DaemonAddress } from '../daemon-url.js';

/** One stream an element draws from: where it is, and which of its columns to draw. */
export interface FeedSpec {
  /** Unique per element: the daemon, the token and the stream id. */
  key: string;
  stream: string;
  address: DaemonAddress;
  /** Comma-separated column names to draw; empty: every numeric column. */
  columns: string;
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
 * `streams` list (each drawing `columns`), else the one `stream`. Ids are trimmed, empty ones and
 * repeats dropped.
 */
export function feedSpecs(attributes: FeedAttributes, children: readonly SeriesChild[], pageHref: string): FeedSpec[] {
  const specs = new Map<string, FeedSpec>();
  const add = (stream: string, address: DaemonAddress, column: string | null) => {
    const id = stream.trim();
    if (!id) return;
    const key = `${scopeKey(address, pageHref)} ${id}`;
    const spec = specs.get(key);
    if (!spec) specs.set(key, { key, stream: id, address, columns: column ?? attributes.columns });
    else if (column !== null) spec.columns = spec.columns ? `${spec.columns},${column}` : column;
  };
  const own: DaemonAddress = { server: attributes.server, token: attributes.token };
  if (children.length > 0) {
    for (const child of children)
      add(
        child.stream || attributes.stream,
        { server: child.server ?? own.server, token: child.token ?? own.token },
        child.column.trim() || null,
      );
  } else if (attributes.streams.trim()) {
    for (const stream of attributes.streams.split(',')) add(stream, own, null);
  } else {
    add(attributes.stream, own, null);
  }
  return [...specs.values()];
}

/** A legend / CSV name: the column alone for a chart of one stream, `stream · column` for several. */
export function seriesLabel(stream: string, column: string, several: boolean): string {
  return several ? `${stream} · ${column}` : column;
}
