import type { EventLog } from './event-log.js';
import type { ReplayItem } from './resume.js';
import type { Mark } from './run-marks.js';
import { formatEventId } from './run-ids.js';
import { formatEvent, formatRetry } from './sse.js';

export interface JoinFrames {
  /** Everything the viewer gets first, in one write. */
  bytes: Buffer;
  /** The seq of the last event replayed (undefined when nothing was). */
  lastSeq: number | undefined;
  /** Data rows in the replay. */
  rows: number;
}

/**
 * What a viewer receives when it joins a run: a `retry:` line, `reset` when its last event id
 * could not be resumed, `meta`, the remembered state and alert marks, then the replay (the events it missed, or the recent rows). The
 * per-viewer events carry the id the replay continues from, so a viewer that drops right after
 * them resumes with the replay.
 */
export function joinFrames(
  log: EventLog,
  run: string,
  replay: readonly ReplayItem[],
  head: { retryMs: number; reset?: string; meta: unknown; marks?: readonly Mark[] },
): JoinFrames {
  const beforeId = replay.length > 0 ? idBefore(log, run, replay[0]!.seq) : newestId(log, run);
  let text = formatRetry(head.retryMs);
  if (head.reset !== undefined) text += formatEvent(beforeId, 'reset', JSON.stringify({ reason: head.reset }));
  text += formatEvent(beforeId, 'meta', JSON.stringify(head.meta));
  // The state in effect and the alerts firing where the replay begins (see RunMarks).
  for (const mark of head.marks ?? []) text += formatEvent(beforeId, mark.name, JSON.stringify(mark.payload));
  let rows = 0;
  for (const item of replay) rows += item.rows;
  return { bytes: Buffer.concat([Buffer.from(text, 'utf8'), ...replay.map((e) => e.frame)]), lastSeq: replay.at(-1)?.seq, rows };
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
