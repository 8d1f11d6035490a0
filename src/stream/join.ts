import type { MetaData, StreamInfo } from '../protocol/events.js';
import type { EventLog } from './event-log.js';
import { planResume, type ReplayItem, type ResumePlan } from './resume.js';
import type { Mark } from './run-marks.js';
import { formatEventId, parseEventId } from './run-ids.js';
import type { StreamRun } from './run.js';
import { formatEvent, formatRetry } from './sse.js';

export interface JoinFrames {
  /** Everything the viewer gets first, in one write. */
  bytes: Buffer;
  /** Data rows in the replay. */
  rows: number;
}

/** What a viewer returning to `run` with `lastEventId` can get: the events it missed, or a reset. */
export function resumeRun(run: StreamRun, lastEventId: string): ResumePlan {
  return planResume(lastEventId, { log: run.log, run: run.id, positioned: run.positioned, resumedAt: run.resumedAt });
}

/**
 * What a viewer of `run` gets first: with a resume `plan` that replays, the events it missed;
 * otherwise (no last event id, or a reset) the `rows` most recent rows of the run's current segment.
 */
export function joinRun(
  run: StreamRun,
  plan: ResumePlan | undefined,
  head: { retryMs: number; rows: number; info: StreamInfo },
): JoinFrames {
  let replay: readonly ReplayItem[];
  let marks: Mark[];
  if (plan && 'replay' in plan) {
    replay = plan.replay;
    // The missed events include the marks among them; those from before are sent again (unless
    // the viewer was placed by its rows: see resumeByRows).
    marks = plan.byRows ? [] : run.marks.forViewer(replay[0]?.seq ?? run.log.lastSeq() + 1, false);
  } else {
    const tail = run.log.tail(head.rows, run.notices.segmentStart);
    replay = run.snapshots.of(tail, head.rows);
    marks = run.marks.forViewer(tail[0]?.seq ?? run.log.lastSeq() + 1, true);
  }
  const reset = plan && 'reset' in plan ? plan.reset : undefined;
  return joinFrames(run.log, run.id, replay, { retryMs: head.retryMs, reset, meta: runMeta(run, head.info), marks });
}

/** Whether `lastEventId` is the end of `run`, which has ended: its viewer has everything. */
export function hasAll(run: StreamRun, lastEventId: string | undefined): boolean {
  const id = parseEventId(lastEventId);
  return id !== undefined && id.run === run.id && (run.state === 'finished' || run.state === 'failed') && id.seq >= run.log.lastSeq();
}

/** `meta`: the stream, and where its run is. */
function runMeta(run: StreamRun, info: StreamInfo): MetaData {
  const source = run.source;
  return {
    ...info,
    run: run.id,
    startedAt: new Date(run.startedAt).toISOString(),
    rate: source?.nominalRate ?? null,
    progress: source?.progress?.() ?? null,
    pass: run.notices.pass,
    ...(source?.replay ? { replay: source.replay.data() } : {}),
  };
}

/**
 * What a viewer receives when it joins a run: a `retry:` line, `reset` when its last event id
 * could not be resumed, `meta`, the remembered state and alert marks, then the replay (the events it missed, or the recent rows). The
 * per-viewer events carry the id the replay continues from, so a viewer that drops right after
 * them resumes with the replay.
 */
function joinFrames(
  log: EventLog,
  run: string,
  replay: readonly ReplayItem[],
  head: { retryMs: number; reset?: string; meta: unknown; marks: readonly Mark[] },
): JoinFrames {
  const beforeId = replay.length > 0 ? idBefore(log, run, replay[0]!.seq) : newestId(log, run);
  let text = formatRetry(head.retryMs);
  if (head.reset !== undefined) text += formatEvent(beforeId, 'reset', JSON.stringify({ reason: head.reset }));
  text += formatEvent(beforeId, 'meta', JSON.stringify(head.meta));
  // The state in effect and the alerts firing where the replay begins (see RunMarks).
  for (const mark of head.marks) text += formatEvent(beforeId, mark.name, JSON.stringify(mark.payload));
  let rows = 0;
  for (const item of replay) rows += item.rows;
  return { bytes: Buffer.concat([Buffer.from(text, 'utf8'), ...replay.map((e) => e.frame)]), rows };
}

/** The id of the newest event of the run (or of its start). */
export function newestId(log: EventLog, run: string): string {
  const lastSeq = log.lastSeq();
  return lastSeq === 0 ? formatEventId(run, 0) : idBefore(log, run, lastSeq + 1);
}

/** The id of the event before `seq`, which a viewer holds when `seq` is the next it needs. */
export function idBefore(log: EventLog, run: string, seq: number): string {
  return log.get(seq - 1)?.id ?? formatEventId(run, seq - 1);
}
