import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Row } from '../values/row.js';
import type { CounterSpec } from './counters.js';
import type { DataDir } from './data-dir.js';
import type { ReplayData } from '../protocol/events.js';
import type { ReplayControl } from './replay-control.js';

/** Where a replay is, for progress bars: `row` of `total` (total is unknown for unbounded sources). */
export interface Progress {
  row: number;
  total?: number;
}

/** Out-of-band things a source tells its stream, in order with the rows it yields. */
export type SourceNotice =
  | { type: 'looped'; pass: number }
  | { type: 'status'; state: 'connecting' | 'live' | 'reconnecting'; message?: string }
  /** An operator changed the replay; with `data.jump`, the rows after it start a new segment. */
  | { type: 'replay'; data: ReplayData }
  /**
   * The history seed (SourceContext.seedHistory) is read: `messages` from the upstream's log since
   * `since` (epoch ms), at offsets [from, end) of each partition in `ranges` (live rows start at
   * `end`); `older`: messages in the ranges timestamped before `since`, left out.
   */
  | { type: 'seeded'; messages: number; older: number; since: number; ranges: { partition: number; from: number; end: number }[] };

/**
 * What a run asks a source whose plugin `seedsHistory` to read first, from its upstream's retained
 * log: the messages of the last `durationMs`, at most `maxMessages` per partition (the history
 * keeps no more rows than that). It yields them as `backfill` rows, then says `seeded`.
 */
export interface HistorySeedRequest {
  durationMs: number;
  maxMessages: number;
}

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
  /** Fill the history from the upstream first (streams with `history.seedFromTopic`). */
  seedHistory?: HistorySeedRequest;
  /**
   * Continue after this position (what `DataSource.position()` said after the last row the store
   * committed) instead of from the configured start: the run continues across a restart.
   */
  resumeFrom?: unknown;
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
  /**
   * The minimum and maximum of numeric `fields` over all the source's data, for sources that hold
   * all of it (a file): what a `scale` stage learns before the first row. Fields with no numbers
   * are left out.
   */
  ranges?(fields: readonly string[], signal: AbortSignal): Promise<Map<string, { min: number; max: number }>>;
  /** Replay position for file sources. */
  progress?(): Progress | undefined;
  /** Rows come with their positions in a partitioned log (`PositionedRows`); event ids then name positions. */
  readonly positioned?: boolean;
  /**
   * A positioned source continued from `resumeFrom`: the position of the last row read before it in
   * each partition (`[partition, offset, …]`), where the stored rows end. A viewer back after a crash
   * whose event id is past it has every stored row of that partition.
   */
  readonly resumedAt?: readonly number[];
  /** Nominal rows per second when the source is paced at a fixed rate. */
  readonly nominalRate?: number;
  /** Source-specific counters for metrics (e.g. malformed messages skipped). */
  counters?(): Record<string, number>;
  /** Records of this run the source could not read and skipped (told to viewers when the run ends). */
  skipped?(): number;
  /**
   * Where the source is: its position after the last row it yielded, as JSON that `resumeFrom`
   * takes back. Read synchronously right after each yielded item. Sources without it start afresh
   * after a restart (their history is kept, not their place).
   */
  position?(): unknown;
  /**
   * The rows up to `position` (a value `position()` returned) are durably stored (or, without a
   * store, handed to viewers): a source that acknowledges its upstream (MQTT QoS 1) does it now.
   */
  committed?(position: unknown): void;
  /** Pause, speed and seek, for sources whose plugin is `replayable`. */
  readonly replay?: ReplayControl;
}

/** A source type: a name, a config schema (which also fills defaults and documents the fields), a factory. */
export interface SourcePlugin<Schema extends z.ZodObject = z.ZodObject> {
  type: string;
  description: string;
  configSchema: Schema;
  /** What the keys of `DataSource.counters()` mean on /metrics (keys not listed are not exported). */
  counters?: Readonly<Record<string, CounterSpec>>;
  /** Its sources are replays an operator may pause, speed up and seek (`DataSource.replay`). */
  replayable?: boolean;
  /** Its sources can seed a run's history from the upstream's retained log (`SourceContext.seedHistory`). */
  seedsHistory?: boolean;
  create(config: z.output<Schema>, context: SourceContext): DataSource;
}

export function defineSource<Schema extends z.ZodObject>(plugin: SourcePlugin<Schema>): SourcePlugin<Schema> {
  if (!/^[a-z][a-z0-9-]*$/.test(plugin.type)) {
    throw new TypeError(`source type must be lowercase letters, digits and dashes, got ${JSON.stringify(plugin.type)}`);
  }
  return plugin;
}
