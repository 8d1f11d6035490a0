import type { FeedState, FeedStatus } from '../feed-reducer.js';
import type { GraphFigures, GraphStatus, GraphStatusDetail, GraphStreamStatus } from '../graph-events.js';

/** What the badge needs of one stream: its figures, and its feed's state (from which its badge state follows). */
export interface FeedFigures extends Omit<GraphFigures, 'state'> {
  stream: string;
  state: FeedState;
}

/** A stream's badge state: paused is the view's (while the stream is live). */
export function viewState(status: FeedStatus, paused: boolean): GraphStatus {
  return paused && status === 'live' ? 'paused' : status;
}

// The chart's state when its streams differ: the best of them (a chart that draws one live stream
// is live; the badge names the others' states).
const RANK: readonly FeedStatus[] = ['live', 'reconnecting', 'connecting', 'finished', 'error', 'idle'];

/** The state of a chart of several streams. */
export function combinedStatus(statuses: readonly FeedStatus[]): FeedStatus {
  if (statuses.length === 0) return 'idle';
  return statuses.reduce((best, s) => (RANK.indexOf(s) < RANK.indexOf(best) ? s : best));
}

/**
 * `rg-status`'s detail: for one stream, its figures; for several, the combined state, the summed
 * rates and pending rows, the largest lag, and each stream's own figures in `streams`. Progress,
 * pass, message and skipped are the first stream's (the streams' own states say the rest).
 */
export function statusDetail(feeds: readonly FeedFigures[], paused: boolean): GraphStatusDetail {
  const streams: GraphStreamStatus[] = feeds.map((f) => {
    // A stream that is gone from the server stopped as `removed` (idle): for its part of the badge, it failed.
    const failed = !f.state.running && (f.state.stopReason === 'error' || f.state.stopReason === 'removed');
    return {
      stream: f.stream,
      state: failed ? 'error' : viewState(f.state.status, paused),
      rowsPerSecond: f.rowsPerSecond,
      lag: f.lag,
      pending: f.pending,
      alerts: f.alerts,
      message: failed ? f.state.error : f.state.sourceMessage || null,
    };
  });
  const first = feeds[0]?.state;
  return {
    state: viewState(combinedStatus(feeds.map((f) => f.state.status)), paused),
    rowsPerSecond: Math.round(feeds.reduce((n, f) => n + f.rowsPerSecond, 0) * 10) / 10,
    lag: feeds.reduce((n, f) => Math.max(n, f.lag), 0),
    pending: feeds.reduce((n, f) => n + f.pending, 0),
    alerts: feeds.reduce((n, f) => n + f.alerts, 0),
    progress: first?.progress ?? null,
    pass: first?.pass ?? 0,
    replay: first?.replay ? { state: first.replay.state, speed: first.replay.speed } : null,
    message: first?.sourceMessage || null,
    skipped: first?.skipped ?? 0,
    streams,
  };
}
