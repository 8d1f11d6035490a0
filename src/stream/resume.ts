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

/**
 * What a returning viewer gets: exactly the events it missed, or a reset with the reason. With
 * `skipThrough`, it has more rows than the run has sent since a crash: the live events skip them.
 * With `skipAfter`, the same for a partitioned log: the live events skip the rows up to its cursor.
 */
export type ResumePlan = { replay: ReplayItem[]; skipThrough?: number; skipAfter?: Cursor; byRows?: true } | { reset: string };

export interface ResumeContext {
  log: EventLog;
  run: string;
  /** Rows carry log positions, and ids after the first row are cursors (`0:41,1:17`). */
  positioned: boolean;
  /** A positioned run continued from the store: where its stored rows end in each partition. */
  resumedAt?: Cursor;
}

export function planResume(lastEventId: string, context: ResumeContext): ResumePlan {
  const { log } = context;
  const runId = parseEventId(lastEventId);
  if (runId) {
    if (runId.run !== context.run) return { reset: 'the stream has restarted' };
    // A stored run's event numbers start again from its last commit after a crash: an id whose
    // seq is not the same event here places the viewer by the rows it has.
    if (runId.rows !== undefined && log.get(runId.seq)?.through !== runId.rows) return resumeByRows(log, runId.rows);
    const missed = log.after(runId.seq);
    return missed ? { replay: missed } : { reset: 'the missed events are no longer kept' };
  }
  const cursor = context.positioned ? parseCursor(lastEventId) : undefined;
  if (!cursor) return { reset: 'the last event id is not one of ours' };
  // The same daemon and run: the id is in the log as it was sent.
  const index = log.indexOfId(lastEventId);
  if (index >= 0) return { replay: log.from(index + 1) };
  if (context.resumedAt) return resumeAfterRestart(log.from(0), cursor, context.resumedAt);
  return replayAfterCursor(log.from(0), cursor);
}

/**
 * A positioned run continued from the store (after a crash): its stored rows are back in the log
 * without their positions, and the source reads on after `resumedAt`. A viewer at or past that in
 * every partition has every stored row: it gets the rows after its cursor, those read since the
 * restart and the live ones (the rows it had that the store had not are read again, and skipped).
 * One behind it lacks stored rows that no position names: a reset.
 */
function resumeAfterRestart(events: StreamEvent[], cursor: Cursor, resumedAt: Cursor): ResumePlan {
  for (const [partition, offset] of resumedAt) {
    if ((cursor.get(partition) ?? -1) < offset) return { reset: 'the missed rows are no longer kept' };
  }
  const first = new Map<number, number>();
  for (const event of events) {
    const positions = event.positions ?? [];
    for (let i = 0; i < positions.length; i += 2) if (!first.has(positions[i]!)) first.set(positions[i]!, positions[i + 1]!);
  }
  // Rows read since the restart that the log no longer holds.
  for (const [partition, kept] of first) {
    if (kept > Math.max(cursor.get(partition) ?? -1, resumedAt.get(partition) ?? -1) + 1) {
      return { reset: 'the missed rows are no longer kept' };
    }
  }
  return { replay: rowsAfter(events, cursor), skipAfter: cursor };
}

/** A live event for a viewer back after a crash with rows at positions up to its cursor: the rows after it. */
export function pastCursor(viewer: { skipAfter: Cursor | undefined }, event: StreamEvent): Buffer | undefined {
  const positions = event.positions;
  if (!positions) return event.frame;
  const cursor = viewer.skipAfter!;
  const keep: boolean[] = [];
  for (let i = 0; i < positions.length; i += 2) {
    const [partition, offset] = [positions[i]!, positions[i + 1]!];
    keep.push(isAfter(cursor, partition, offset));
    // A partition read past the cursor needs no more skipping; nor the viewer, once all are.
    if (offset >= (cursor.get(partition) ?? Number.POSITIVE_INFINITY)) cursor.delete(partition);
  }
  if (cursor.size === 0) viewer.skipAfter = undefined;
  const kept = keep.filter(Boolean).length;
  if (kept === 0) return undefined;
  return kept === keep.length ? event.frame : keepRows(event, keep);
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
  return { replay: rowsAfter(events, cursor) };
}

/** The events with rows after `cursor` (cut to those rows), and the lifecycle events among and after them. */
function rowsAfter(events: StreamEvent[], cursor: Cursor): ReplayItem[] {
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
  return replay;
}

/** A batch event with only some of its rows, under the same id. */
function keepRows(event: StreamEvent, keep: boolean[]): Buffer {
  const data = event.payload as ColumnarRows;
  const pick = <T>(values: T[]) => values.filter((_, i) => keep[i]);
  return encodeJsonEvent(event.id, event.name, JSON.stringify({ t: pick(data.t), y: data.y.map(pick) }));
}

/**
 * A viewer of a stored run that has `rows` rows: the events after them (the first batch cut to the
 * rows it lacks), or, when the run has not sent that many since a crash, nothing yet and the
 * live events cut the same way (catchUp). A reset when the log no longer reaches back to them.
 * (`byRows`: the viewer has every mark that came before its rows, and after a crash the stored
 * ones may be older than what it saw: none is sent again.)
 */
function resumeByRows(log: EventLog, rows: number): ResumePlan {
  const events = log.from(0);
  const firstRow = events.find((e) => e.rows > 0 && e.through !== undefined);
  if (firstRow && firstRow.through! - firstRow.rows > rows) return { reset: 'the missed events are no longer kept' };
  const newest = events.at(-1)?.through ?? 0;
  if (newest <= rows) return { replay: [], skipThrough: rows, byRows: true };
  const replay: ReplayItem[] = [];
  for (const event of events) {
    const frame = afterRows(event, rows);
    if (frame) replay.push({ frame, seq: event.seq, rows: event.rows === 0 ? 0 : Math.min(event.rows, event.through! - rows) });
  }
  return { replay, byRows: true };
}

/** The frame of `event` for a viewer that has `rows` rows: undefined when it has all of it, cut when it has some. */
function afterRows(event: StreamEvent, rows: number): Buffer | undefined {
  if (event.through === undefined) return event.frame;
  // A mark comes before the row that made it, and counts only the rows before it.
  if (event.rows === 0) return event.through >= rows ? event.frame : undefined;
  if (event.through <= rows) return undefined;
  const first = event.through - event.rows;
  if (first >= rows) return event.frame;
  const keep = Array.from({ length: event.rows }, (_, i) => first + i >= rows);
  return keepRows(event, keep);
}

/** A live event for a viewer still ahead of the run after a crash: nothing until it has new rows, then as afterRows. */
export function catchUp(viewer: { skipThrough: number | undefined }, event: StreamEvent): Buffer | undefined {
  const rows = viewer.skipThrough!;
  const frame = afterRows(event, rows);
  if (frame && event.rows > 0) viewer.skipThrough = undefined;
  return frame;
}
