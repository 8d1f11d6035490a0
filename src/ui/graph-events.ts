// The element's public event types: what `rg-*` events carry (see the JSDoc of RealtimeGraph).
import type { Progress } from '../protocol/events.js';
import type { Cell } from './row-events.js';
import type { StopReason } from './feed-reducer.js';

/** What the status badge shows, and the `state` of `rg-status` events. */
export type GraphStatus = 'idle' | 'connecting' | 'live' | 'paused' | 'reconnecting' | 'finished' | 'error';

/** What the badge counts, for the whole chart (GraphStatusDetail: the sums, the largest lag) or for one of its streams. */
export interface GraphFigures {
  state: GraphStatus;
  /**
   * Rows received per second (also while paused), measured from delivery to delivery over the
   * last two seconds or the last six intervals, whichever is longer (see RateMeter); 0 until known.
   */
  rowsPerSecond: number;
  /** Milliseconds since the oldest row not yet drawn arrived (0 when the chart is up to date). */
  lag: number;
  /** Rows received but not drawn yet (while paused: the rows Resume will add; at most `window`). */
  pending: number;
  /** Alert rules firing now. */
  alerts: number;
}

/** `detail` of `rg-status`. */
export interface GraphStatusDetail extends GraphFigures {
  /** Replay position of a file source, or null. */
  progress: Progress | null;
  /** Completed passes of a looping replay. */
  pass: number;
  /** How an operator set the file replay: `{ state: 'playing' | 'paused', speed }`, or null (not a replay). */
  replay: { state: 'playing' | 'paused'; speed: number } | null;
  /** Why the source is not live (e.g. its brokers cannot be reached), or null. */
  message: string | null;
  /** Bad records (e.g. oversized or unparseable CSV records) the source skipped in the run that finished; 0 otherwise. */
  skipped: number;
  /** Each stream's own figures, in the chart's order (one entry for a chart of one stream). */
  streams: GraphStreamStatus[];
}

/** One stream's part of `rg-status` (see GraphStatusDetail.streams). */
export interface GraphStreamStatus extends GraphFigures {
  stream: string;
  /** Why it is not live (the source's message), or why it failed; null otherwise. */
  message: string | null;
}

/** `detail` of `rg-data`: the rows of one event of `stream`, columnar; `y[i]` is column `columns[i]`. Read-only. */
export interface GraphDataDetail {
  stream: string;
  t: (string | null)[];
  columns: string[];
  y: Cell[][];
}

/** `detail` of `rg-alert`: an alert rule of `stream` started firing or resolved, at data time `at` (ISO-8601), with the value that did it. */
export interface GraphAlertDetail {
  stream: string;
  rule: string;
  state: 'firing' | 'resolved';
  at: string;
  value: number;
}

/** `detail` of `rg-start`. */
export interface GraphStartDetail {
  stream: string;
}

/** `detail` of `rg-stop`. */
export interface GraphStopDetail {
  stream: string;
  reason: StopReason;
}

/** `detail` of `rg-error`. */
export interface GraphErrorDetail {
  message: string;
}

/** `detail` of `rg-render`: newly arrived rows the chart now shows (0 for a redraw only). */
export interface GraphRenderDetail {
  points: number;
}

/** `detail` of `rg-columns`: the `columns` entries the user chose ([]: every column). */
export interface GraphColumnsDetail {
  columns: string[];
}

/** `detail` of `rg-view`: the data-time range (epoch ms) the user zoomed or panned to, or null: following the newest data again. */
export interface GraphViewDetail {
  range: [number, number] | null;
}

/** `detail` of `rg-hover`: the data time (epoch ms) under the pointer, or null when it left the plot. */
export interface GraphHoverDetail {
  t: number | null;
}

/** Every event the element fires, by name. */
export interface GraphEventMap {
  'rg-start': CustomEvent<GraphStartDetail>;
  'rg-stop': CustomEvent<GraphStopDetail>;
  'rg-status': CustomEvent<GraphStatusDetail>;
  'rg-data': CustomEvent<GraphDataDetail>;
  'rg-error': CustomEvent<GraphErrorDetail>;
  'rg-render': CustomEvent<GraphRenderDetail>;
  'rg-alert': CustomEvent<GraphAlertDetail>;
  'rg-columns': CustomEvent<GraphColumnsDetail>;
  'rg-view': CustomEvent<GraphViewDetail>;
  'rg-hover': CustomEvent<GraphHoverDetail>;
}
