import type { EventLog, StreamEvent } from './event-log.js';
import { isAfter, parseCursor, type Cursor } from './log-cursor.js';
import { parseEventId } from './run-ids.js';
import type { ColumnarRows } from './encoder.js';
import { encodeJsonEvent } from './sse.js';

/** An event to send again to a returning viewer. */
export interface ReplayItem {
  frame: Buffer;
  seq: number;
  rows: number;
}

/** What a returning viewer gets: exactly the events it missed, or a reset with the reason. */
export type ResumePlan = { replay: ReplayItem[] } | { reset: string };

export interface ResumeContext {
  log: EventLog;
  run: string;
  /** Rows carry log positions, and ids after the first row are cursors (`0:41,1:17`). */
  positioned: boolean;
}

export function planResume(lastEventId: string, context: ResumeContext): ResumePlan {
  const { log } = context;
  const runId = parseEventId(lastEventId);
  if (runId) {
    if (runId.run !== context.run) return { reset: 'the stream has restarted' };
    const missed = log.after(runId.seq);
    return missed ? { replay: missed } : { reset: 'the missed events are no longer kept' };
  }
  const cursor = context.positioned ? parseCursor(lastEventId) : undefined;
  if (!cursor) return { reset: 'the last event id is not one of ours' };
  // The same daemon and run: the id is in the log as it was sent.
  const index = log.indexOfId(lastEventId);
  if (index >= 0) return { replay: log.from(index + 1) };
  return replayAfterCursor(log.from(0), cursor);
}

/**
 * Rows after `cursor` from any run or daemon reading the same log. Refused when rows between the
 * cursor and the oldest kept row may be missing, or when the cursor is ahead of what is kept
 * (those rows would arrive again live).
 */
function replayAfterCursor(events: StreamEvent[], cursor: Cursor): ResumePlan {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  for (const event of events) {
    const positions = event.positions ?? [];
    for (let i = 0; i < positions.length; i += 2) {
      const [partition, offset] = [positions[i]!, positions[i + 1]!];
      if (!first.has(partition)) first.set(partition, offset);
      last.set(partition, offset);
    }
  }
  if (first.size === 0) return { reset: 'the missed rows are no longer kept' };
  for (const [partition, offset] of cursor) {
    const kept = first.get(partition);
    if (kept === undefined) continue;
    if (kept > offset + 1) return { reset: 'the missed rows are no longer kept' };
    if (offset > last.get(partition)!) return { reset: 'the stream has not reached that position here' };
  }
  const replay: ReplayItem[] = [];
  let caughtUp = false;
  for (const event of events) {
    if (!event.positions) {
      if (caughtUp) replay.push(event);
      continue;
    }
    const keep: boolean[] = [];
    for (let i = 0; i < event.positions.length; i += 2) keep.push(isAfter(cursor, event.positions[i]!, event.positions[i + 1]!));
    const kept = keep.filter(Boolean).length;
    if (kept === 0) continue;
    caughtUp = true;
    replay.push(kept === keep.length ? event : { frame: keepRows(event, keep), seq: event.seq, rows: kept });
  }
  return { replay };
}

/** A batch event with only some of its rows, under the same id. */
function keepRows(event: StreamEvent, keep: boolean[]): Buffer {
  const data = event.payload as ColumnarRows;
  const pick = <T>(values: T[]) => values.filter((_, i) => keep[i]);
  return encodeJsonEvent(event.id, event.name, JSON.stringify({ t: pick(data.t), y: data.y.map(pick) }));
}
