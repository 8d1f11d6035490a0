import type { Logger } from 'pino';
import type { z } from 'zod';
import type { DataDir } from './data-dir.js';

/** One record from a source: field name → raw value (strings from CSV, any JSON value from Kafka). */
export type Row = Record<string, unknown>;

/** Rows yielded together, with where each came from in a partitioned log (Kafka). */
export interface PositionedRows extends Array<Row> {
  /** `[partition, offset, partition, offset, …]`: one pair per row, in row order. */
  positions?: number[];
}

/** The rows of one item that `DataSource.read` yielded (a row, or rows available together). */
export function rowsOf(item: Row | readonly Row[]): readonly Row[] {
  return Array.isArray(item) ? (item as readonly Row[]) : [item as Row];
}

/** The log positions of an item's rows, when its source gives them. */
export function positionsOf(item: Row | readonly Row[]): number[] | undefined {
  return Array.isArray(item) ? (item as PositionedRows).positions : undefined;
}

/** Where a replay is, for progress bars: `row` of `total` (total is unknown for unbounded sources). */
export interface Progress {
  row: number;
  total?: number;
}

/** Out-of-band things a source tells its stream, in order with the rows it yields. */
export type SourceNotice =
  | { type: 'looped'; pass: number }
  | { type: 'status'; state: 'connecting' | 'live' | 'reconnecting'; message?: string };

export interface SourceContext {
  /** The stream's id (for names such as a Kafka consumer group). */
  streamId: string;
  /** The only directory a source may read files from. */
  dataDir: DataDir;
  logger: Logger;
  /** The fields the stream's pipeline reads. A source may check them up front and drop the others early. */
  fields: readonly string[];
  /** The source field the stream reads its time from, if any. */
  timeField?: string;
  /** Called synchronously, between two rows, so the notice lands in the right place in the stream. */
  notify(notice: SourceNotice): void;
}

export interface DataSource {
  /**
   * Checks the source against the world before any viewer arrives (the file exists, the header has
   * the columns). Throws a `SourceError` with a message fit for a config error. Optional: sources
   * such as Kafka cannot be checked while their broker is down, and must not block start-up.
   */
  check?(): Promise<void>;
  /**
   * Yields rows until the input ends or `signal` aborts; then it returns (it never throws on
   * abort). Rows that are available together may be yielded as one array (cheaper than one await
   * per row when a source is read as fast as possible).
   */
  read(signal: AbortSignal): AsyncIterable<Row | readonly Row[]>;
  /** Replay position for file sources. */
  progress?(): Progress | undefined;
  /** Rows come with their positions in a partitioned log (`PositionedRows`); event ids then name positions. */
  readonly positioned?: boolean;
  /** Nominal rows per second when the source is paced at a fixed rate. */
  readonly nominalRate?: number;
  /** Source-specific counters for metrics (e.g. malformed messages skipped). */
  counters?(): Record<string, number>;
  /** Records of this run the source could not read and skipped (told to viewers when the run ends). */
  skipped?(): number;
}

/** A source type: a name, a config schema (which also fills defaults and documents the fields), a factory. */
export interface SourcePlugin<Schema extends z.ZodObject = z.ZodObject> {
  type: string;
  description: string;
  configSchema: Schema;
  create(config: z.output<Schema>, context: SourceContext): DataSource;
}

export function defineSource<Schema extends z.ZodObject>(plugin: SourcePlugin<Schema>): SourcePlugin<Schema> {
  if (!/^[a-z][a-z0-9-]*$/.test(plugin.type)) {
    throw new TypeError(`source type must be lowercase letters, digits and dashes, got ${JSON.stringify(plugin.type)}`);
  }
  return plugin;
}

export { SourceError } from './errors.js';
