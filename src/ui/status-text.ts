import type { GraphStatus, GraphStatusDetail, GraphStreamStatus } from './graph-events.js';
import type { Progress } from '../protocol/events.js';

/** What the badge says, for one state of the stream and its figures. */
export interface BadgeFigures {
  sourceMessage: string;
  skipped: number;
  pass: number;
  rowsPerSecond: number;
  pendingRows: number;
  /** Alert rules firing now. */
  alerts?: number;
  replay?: GraphStatusDetail['replay'];
}

/** The badge's words (in its live region). */
export function stateText(state: GraphStatus, f: BadgeFigures): string {
  const words = stateWords(state, f);
  return f.alerts ? `${words} · ${alertsText(f.alerts)}` : words;
}

/** `1 alert firing`, `2 alerts firing`. */
export function alertsText(count: number): string {
  return `${count} alert${count === 1 ? '' : 's'} firing`;
}

function stateWords(state: GraphStatus, f: BadgeFigures): string {
  switch (state) {
    case 'connecting':
      return 'connecting…';
    case 'reconnecting':
      return f.sourceMessage ? `reconnecting… (${f.sourceMessage})` : 'reconnecting…';
    case 'finished':
      return f.skipped > 0 ? `finished · ${f.skipped} bad record${f.skipped === 1 ? '' : 's'} skipped` : 'finished';
    case 'live':
    case 'paused': {
      const replay = replayText(f.replay ?? null);
      return replay ? `${state} · ${replay}` : state;
    }
    default:
      return state;
  }
}

/** How an operator set the replay, in the badge's words: `replay paused ×10`, `×0.5`, or nothing at ×1. */
export function replayText(replay: GraphStatusDetail['replay']): string {
  if (!replay) return '';
  const speed = replay.speed === 1 ? '' : `×${replay.speed}`;
  if (replay.state === 'paused') return speed ? `replay paused ${speed}` : 'replay paused';
  return speed;
}

/** Figures that change often: outside the live region, so screen readers are not flooded. */
export function detailText(state: GraphStatus, f: BadgeFigures): string {
  const pass = f.pass > 0 ? ` · pass ${f.pass + 1}` : '';
  // No figure until the rate is measured (see RateMeter).
  const rate = f.rowsPerSecond > 0 ? ` · ${f.rowsPerSecond.toFixed(1)} rows/s` : '';
  if (state === 'live') return `${rate}${pass}`;
  if (state === 'paused') return `${rate} · ${f.pendingRows} new${pass}`;
  return '';
}

/** The badge's words for a chart of several streams: each stream's state, by its id. */
export function streamsText(streams: readonly GraphStreamStatus[]): string {
  return streams
    .map((s) => `${s.stream} ${s.state === 'error' ? 'failed' : s.state}${s.alerts ? ` (${alertsText(s.alerts)})` : ''}`)
    .join(' · ');
}

/** What the badge shows for a status: its state, words, figures and the replay progress (one stream's only). */
export function badgeText(
  status: GraphStatusDetail,
  several: boolean,
): { state: GraphStatus; stateText: string; detailText: string; progress: Progress | null } {
  const figures: BadgeFigures = {
    sourceMessage: status.message ?? '',
    skipped: status.skipped,
    pass: status.pass,
    rowsPerSecond: status.rowsPerSecond,
    pendingRows: status.pending,
    alerts: status.alerts,
    replay: status.replay,
  };
  return {
    state: status.state,
    stateText: several ? streamsText(status.streams) : stateText(status.state, figures),
    detailText: detailText(status.state, figures),
    progress: several ? null : status.progress,
  };
}
