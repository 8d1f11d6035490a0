// What one stream's events do to what an element shows of it, as a pure function: the element
// dispatches every event, connection change and user command here and acts on the differences
// between the state before and after (see RealtimeGraph.dispatch).
import type { MetaData, Progress, ReplayData, StreamEventData, StreamEventName } from '../protocol/events.js';
import type { ConnectionState } from './daemon/shared-event-stream.js';

/** The badge's state for one stream (paused is the view's, not the stream's). */
export type FeedStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'finished' | 'error';

/** Why streaming stopped: `rg-stop`'s reason. */
export type StopReason = 'stopped' | 'finished' | 'error' | 'removed';

export interface FeedState {
  running: boolean;
  status: FeedStatus;
  connection: ConnectionState;
  meta: MetaData | undefined;
  progress: Progress | null;
  /** How an operator set a file replay (paused, ×10), or null (not a file replay). */
  replay: ReplayData | null;
  /** Completed passes of a looping replay. */
  pass: number;
  /** Bad records the source skipped in the run that finished. */
  skipped: number;
  /** Why the source is not live (e.g. its brokers cannot be reached), or empty. */
  sourceMessage: string;
  /** The last failure (`errors` counts them, so the same message twice is reported twice). */
  error: string;
  errors: number;
  stopReason: StopReason | null;
  /** Bumped when another run or other columns begin: the window and the chart are made anew. */
  layout: number;
  /** Bumped when the window must start empty (a replay looped, the resume point was lost). */
  clears: number;
  /** Bumped when the daemon's list of streams may have changed. */
  listChanges: number;
}

/** An event as the wire protocol defines it. */
export type WireEvent = { [K in StreamEventName]: { type: 'event'; name: K; data: StreamEventData[K] } }[StreamEventName];

export type FeedAction =
  | WireEvent
  | { type: 'start' }
  | { type: 'stop'; reason: StopReason }
  | { type: 'connection'; state: ConnectionState }
  /** The stream does not exist (404) or the server refused the token (401/403). */
  | { type: 'gone' | 'refused'; message: string };

export const initialFeed: FeedState = {
  running: false,
  status: 'idle',
  connection: 'idle',
  meta: undefined,
  progress: null,
  replay: null,
  pass: 0,
  skipped: 0,
  sourceMessage: '',
  error: '',
  errors: 0,
  stopReason: null,
  layout: 0,
  clears: 0,
  listChanges: 0,
};

/** A wire event from its name and parsed data (the daemon's names; others are ignored). */
export function wireEvent(name: string, data: unknown): WireEvent {
  return { type: 'event', name, data } as WireEvent;
}

export function reduceFeed(state: FeedState, action: FeedAction): FeedState {
  switch (action.type) {
    case 'start':
      return { ...state, running: true, meta: undefined, sourceMessage: '', skipped: 0, stopReason: null };
    case 'stop':
      return stop(state, action.reason);
    case 'connection':
      return onConnection({ ...state, connection: action.state });
    case 'gone':
      return stop(fail(state, action.message), 'removed');
    case 'refused':
      return stop(fail(state, action.message), 'error');
    case 'event':
      return onEvent(state, action);
  }
}

function onEvent(state: FeedState, event: WireEvent): FeedState {
  switch (event.name) {
    case 'meta':
      return onMeta(state, event.data);
    case 'reset': // the next meta starts over
      return { ...state, meta: undefined, clears: state.clears + 1 };
    case 'progress':
      return { ...state, progress: event.data };
    case 'replay': {
      // A seek (`jump`): the rows after it are from elsewhere in the file, so the window starts
      // again, as for a loop. Every jump clears, whatever segment `meta` said: a viewer resuming
      // from before a seek gets the rows it missed, then the jump.
      const { row, total } = event.data.position;
      const progress = total === undefined ? { row } : { row, total };
      return { ...state, replay: event.data, progress, clears: event.data.jump ? state.clears + 1 : state.clears };
    }
    case 'status':
      return sourceStatus(state, event.data.state, event.data.message);
    case 'looped':
      // The replay started again at its first row: its times jump back, so the window starts
      // again too (otherwise a line would cross the chart from the last time to the first).
      return { ...state, pass: event.data.pass, clears: state.clears + 1 };
    case 'started':
      return { ...state, pass: 0, skipped: 0 };
    case 'jobfinished':
      return stop({ ...state, progress: event.data.progress ?? state.progress, skipped: event.data.skipped }, 'finished');
    case 'sourceerror':
      return stop(fail(state, event.data?.message ?? 'the source failed'), 'error');
    case 'streams': // the daemon's config changed: the picker shows the new list
      return { ...state, listChanges: state.listChanges + 1 };
    case 'end': {
      const listed = event.data?.reason !== 'shutdown' ? { ...state, listChanges: state.listChanges + 1 } : state;
      if (event.data?.reason === 'removed') return stop(fail(listed, 'the stream was removed from the server'), 'removed');
      // Shut down or changed: the EventSource reconnects by itself.
      return listed.running ? { ...listed, status: 'reconnecting' } : listed;
    }
    default: // rows (`update`, `batch`) change the window, not this state
      return state;
  }
}

function onMeta(state: FeedState, meta: MetaData): FeedState {
  const previous = state.meta;
  const sameLayout =
    previous !== undefined &&
    previous.run === meta.run &&
    previous.time === meta.time &&
    JSON.stringify(previous.columns) === JSON.stringify(meta.columns);
  let next: FeedState = {
    ...state,
    meta,
    progress: meta.progress,
    replay: meta.replay ?? null,
    pass: meta.pass,
    layout: sameLayout ? state.layout : state.layout + 1,
  };
  if (meta.status && meta.status !== 'live') next = sourceStatus(next, meta.status, null);
  else next = { ...next, sourceMessage: '', status: next.connection === 'live' ? 'live' : next.status };
  return next;
}

/** The source's own connection (e.g. to Kafka brokers), as opposed to the element's. */
function sourceStatus(state: FeedState, source: 'connecting' | 'live' | 'reconnecting', message: string | null): FeedState {
  return { ...state, sourceMessage: source === 'live' ? '' : (message ?? ''), status: source };
}

function onConnection(state: FeedState): FeedState {
  if (!state.running) return state;
  if (state.connection === 'live' && state.sourceMessage) return state; // connected, but the source itself is not live
  if (state.connection === 'connecting' || state.connection === 'live' || state.connection === 'reconnecting')
    return { ...state, status: state.connection };
  return state;
}

function stop(state: FeedState, reason: StopReason): FeedState {
  if (!state.running) return state;
  const status: FeedStatus = reason === 'finished' ? 'finished' : reason === 'error' ? 'error' : 'idle';
  return { ...state, running: false, status, stopReason: reason };
}

function fail(state: FeedState, message: string): FeedState {
  return { ...state, error: message, errors: state.errors + 1 };
}
