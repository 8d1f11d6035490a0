// The wire protocol of /api/streams/:id/events, shared by the daemon and <realtime-graph>: event
// names and the shape of each event's data. Types only and one constant, so the element's bundle
// carries no schema library; the zod schemas that check the same shapes are in ./schemas.ts.

/** Every event the daemon sends on an event stream, in no particular order. */
export const STREAM_EVENTS = [
  'meta',
  'started',
  'update',
  'batch',
  'progress',
  'looped',
  'status',
  'replay',
  'jobfinished',
  'sourceerror',
  'state',
  'alert',
  'reset',
  'end',
  'streams',
] as const;

export type StreamEventName = (typeof STREAM_EVENTS)[number];

export interface ColumnInfo {
  name: string;
  type: 'number' | 'text';
  axis: 'y' | 'y2';
  /** The unit of its values (config `unit`); absent when none is given. */
  unit?: string;
  /** false (config `draw: false`): drawn only when a chart chooses it; absent otherwise. */
  draw?: false;
}

export interface Threshold {
  value: number;
  label?: string;
  color?: string;
  axis: 'y' | 'y2';
}

/** How a stream's state column is drawn: a band per value, except the unshaded ones. */
export interface StatesInfo {
  column: string;
  colors: Record<string, string>;
  unshaded: string[];
}

/** An alert rule as viewers see it: fires when `column` is past `value` (above or below). */
export interface AlertRuleInfo {
  rule: string;
  column: string;
  op: 'above' | 'below';
  value: number;
  /** The level the value must be back past to resolve. */
  resolve: number;
}

/** Where a stream's run is: reading, never started or stopped for lack of viewers, or over. */
export type StreamState = 'idle' | 'running' | 'finished' | 'failed';

/** A source's connection, for sources that have one (Kafka). */
export type SourceStatus = 'connecting' | 'live' | 'reconnecting';

/** What a stream looks like to clients: `/api/streams` entries and the base of `meta`. */
export interface StreamInfo {
  id: string;
  title: string;
  source: string;
  /** The name of the time column on the wire (`t` of batches). */
  time: string;
  columns: ColumnInfo[];
  thresholds: Threshold[];
  /** The stream's state column, if it has one. */
  states: StatesInfo | null;
  alerts: AlertRuleInfo[];
  /** How far back in data time the stream's history goes at most (history.keep.duration), in ms. */
  keepMs: number;
  state: StreamState;
  /** The source's connection (null for sources without one). */
  status: SourceStatus | null;
  viewers: number;
}

export interface Progress {
  row: number;
  total?: number;
}

/** `meta`: first on every connection. */
export interface MetaData extends StreamInfo {
  run: string;
  startedAt: string;
  rate: number | null;
  progress: Progress | null;
  /** Completed passes of a looping replay. */
  pass: number;
  /** Where a file replay is and how it plays (absent for other sources). */
  replay?: ReplayData;
}

/** `started`: a run began. */
export interface StartedData {
  run: string;
  startedAt: string;
  rate: number | null;
}

/** `update`: one row, keyed by the stream's column names (time column included). */
export type UpdateData = Record<string, number | string | null>;

/** `batch`: rows as columns; `y[i]` is column `meta.columns[i]`. */
export interface BatchData {
  t: (string | null)[];
  y: (number | string | null)[][];
}

/** `looped`: a looping replay started again. */
export interface LoopedData {
  pass: number;
}

/** `status`: a source with a connection changed state. */
export interface StatusData {
  state: SourceStatus;
  message: string | null;
}

/** Whether a file replay is playing or paused by an operator. */
export type ReplayState = 'playing' | 'paused';

/** Where a replay is: the next row (`row` of `total`, as in `progress`) and that row's data time. */
export interface ReplayPosition {
  row: number;
  total?: number;
  /** The data time at `row` (ISO-8601), null when the stream has no time column or it is not known yet. */
  time: string | null;
}

/**
 * `replay`: an operator paused, resumed, changed the speed of or moved a file replay. A seek
 * starts a new `segment`: the event that starts it has `jump: true`, and every row after it is
 * from the new position (a chart clears and starts again there).
 */
export interface ReplayData {
  state: ReplayState;
  /** A factor on the configured pace: 1 plays as configured, 10 ten times faster. */
  speed: number;
  position: ReplayPosition;
  /** Seeks so far in this run (0 before the first). */
  segment: number;
  jump: boolean;
}

/** What `GET /api/streams/:id/replay` answers: the state, and the range a seek may ask for. */
export interface ReplayStatus extends ReplayData {
  range: {
    /** Rows a seek by row may name: 0 to rows − 1 (null while the file is still being indexed). */
    rows: number | null;
    /** The data times of the first and last rows (null without a time column). */
    from: string | null;
    to: string | null;
  };
}

/** The body of `POST /api/streams/:id/replay`: any of the three, applied together or not at all. */
export interface ReplayCommand {
  action?: 'pause' | 'resume';
  /** 0.1 to 1000. */
  speed?: number;
  seek?: { row: number } | { time: string };
}

/** `jobfinished`: a non-looping source is exhausted. */
export interface JobFinishedData {
  /** Rows delivered in the run. */
  rows: number;
  progress: Progress | null;
  /** Records the source could not read and skipped. */
  skipped: number;
}

/** `sourceerror`: the source failed; the message is safe to show. */
export interface SourceErrorData {
  message: string;
}

/** `state`: the state column changed, at data time `at` (the band of `value` starts there). */
export interface StateData {
  value: string;
  at: string;
}

/** `alert`: a rule started firing or resolved, at data time `at`, with the value that did it. */
export interface AlertData {
  rule: string;
  state: 'firing' | 'resolved';
  at: string;
  value: number;
}

/** `reset`: the Last-Event-ID could not be resumed; the recent rows follow. */
export interface ResetData {
  reason: string;
}

/** `end`: the daemon is shutting down, or a reload removed or changed the stream. */
export interface EndData {
  reason: 'shutdown' | 'removed' | 'changed';
}

/** `streams`: a reload changed the daemon's list of streams (ids), or its dashboards. */
export interface StreamsData {
  added: string[];
  removed: string[];
  changed: string[];
  /** The dashboards the reload added, removed or changed (absent when it changed none). */
  dashboards?: string[];
}

/** The data of each event, by name. */
export interface StreamEventData {
  meta: MetaData;
  started: StartedData;
  update: UpdateData;
  batch: BatchData;
  progress: Progress;
  looped: LoopedData;
  status: StatusData;
  replay: ReplayData;
  jobfinished: JobFinishedData;
  sourceerror: SourceErrorData;
  state: StateData;
  alert: AlertData;
  reset: ResetData;
  end: EndData;
  streams: StreamsData;
}

// ---- GET /api/streams/:id/history (not an event: a JSON answer) ----

/** One column of a history answer: its points in time order (t in epoch ms, null for a break). */
export interface HistorySeries {
  t: (number | null)[];
  /** Numbers (or text for a text column); null is a gap. */
  y: (number | string | null)[];
}

/** A pass of a looping replay that the daemon keeps (other sources have one, pass 0). */
export interface HistoryPass {
  pass: number;
  /** Its first and last kept times (epoch ms). */
  from: number;
  to: number;
  rows: number;
}

/** The answer of `/api/streams/:id/history`: one stream's kept rows in [from, to], for one pass. */
export interface HistoryData {
  stream: string;
  run: string;
  pass: number;
  /** The range answered, epoch ms (null when nothing is kept). */
  from: number | null;
  to: number | null;
  /** The `points` asked for: the pixel columns the range is drawn on. */
  points: number;
  /** `full`: every row of the range (it holds at most 2·points); `m4`: first/min/max/last per pixel column. */
  resolution: 'full' | 'm4';
  /** Rows of the pass in the range (before downsampling). */
  rows: number;
  /** True while rows can still arrive in the range (it reaches the live edge of a running run). */
  live: boolean;
  /** One per column of `meta.columns`, in that order. */
  series: HistorySeries[];
  passes: HistoryPass[];
  /** The state in effect at `from` and the changes in the range (streams with `states`), as `state` events carry them. */
  states: StateData[];
  /** The alerts firing at `from` and the transitions in the range, as `alert` events carry them. */
  alerts: AlertData[];
}
