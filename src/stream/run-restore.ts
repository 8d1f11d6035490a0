// A run continued from the store: what it had (its history, its recent events, its marks, its
// pass and segment) is put back before it reads on, so viewers and /history see no restart.
import type { MarkEvent } from '../pipeline/run-pipeline.js';
import type { RunCheckpoint, StoredMark, StoredRow } from '../store/types.js';
import type { Row } from '../values/row.js';
import type { EventEncoder } from './encoder.js';
import type { EventLog } from './event-log.js';
import { formatEventId } from './run-ids.js';
import type { RunHistory } from './run-history.js';
import type { RunMarks } from './run-marks.js';
import type { RunNotices } from './run-notices.js';

/** What the store gives back of a run that did not end: its checkpoint, its newest rows (oldest first), its marks. */
export interface RestoredRun {
  checkpoint: RunCheckpoint;
  rows: StoredRow[];
  marks: StoredMark[];
}

/** What a checkpoint keeps of a run besides its rows and position (RunCheckpoint.extra). */
export interface RunExtra {
  startedAt: number;
  /** The history's pass, and the seq each pass started at. */
  historyPass: number;
  passSeqs: number[];
  /** Completed passes of a looping replay, and the seq its current segment started at. */
  filePass: number;
  segmentStart: number;
}

export interface RestoreTarget {
  run: string;
  log: EventLog;
  history: RunHistory;
  marks: RunMarks;
  notices: RunNotices;
  encoder: EventEncoder;
  timeName: string;
  columns: readonly { name: string }[];
}

/** Puts a stored run back into a new run's parts; returns the rows as the pipeline gave them (for warming its stages). */
export function restoreRun(target: RestoreTarget, restored: RestoredRun): Row[] {
  const extra = runExtra(restored.checkpoint.extra);
  const rows = restored.rows.map((r) => toRow(r, target.timeName, target.columns));
  target.history.restore(extra.historyPass, extra.passSeqs);
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && restored.rows[i]!.pass === restored.rows[start]!.pass) continue;
    target.history.store.startPass(restored.rows[start]!.pass);
    target.history.store.append(rows.slice(start, i));
    start = i;
  }
  target.history.store.startPass(extra.historyPass);
  target.notices.pass = extra.filePass;
  target.notices.segmentStart = extra.segmentStart;
  for (const mark of restored.marks) target.marks.record({ ...(mark as unknown as MarkEvent), seq: mark.seq });
  appendEvents(target, restored, rows);
  return rows;
}

/** The run's recent events again, from its stored rows (one event per seq) and marks, newest that fit the log. */
function appendEvents(target: RestoreTarget, restored: RestoredRun, rows: readonly Row[]): void {
  /** `through`: the rows sent up to and with the event. */
  type Item = { seq: number; through: number; rows?: Row[]; mark?: StoredMark };
  const items: Item[] = [];
  let m = 0;
  const marks = restored.marks;
  for (let i = 0; i < rows.length; ) {
    const seq = restored.rows[i]!.seq;
    while (m < marks.length && marks[m]!.seq < seq) items.push(markItem(marks[m++]!));
    let j = i;
    while (j < rows.length && restored.rows[j]!.seq === seq) j++;
    items.push({ seq, through: restored.rows[j - 1]!.rn + 1, rows: rows.slice(i, j) });
    i = j;
  }
  while (m < marks.length) items.push(markItem(marks[m++]!));
  const first = Math.max(0, items.length - target.log.capacity);
  for (const item of items.slice(first)) {
    const { seq, through } = item;
    const id = formatEventId(target.run, seq, through);
    if (item.mark) {
      const { name, payload } = item.mark;
      target.log.append({ seq, id, name, rows: 0, frame: target.encoder.frame(id, name, payload), payload, through });
      continue;
    }
    const single = item.rows!.length === 1;
    const name = single ? 'update' : 'batch';
    const payload = single ? item.rows![0] : target.encoder.columns(item.rows!);
    target.log.append({ seq, id, name, rows: item.rows!.length, frame: target.encoder.frame(id, name, payload), payload, through });
  }
}

function markItem(mark: StoredMark) {
  return { seq: mark.seq, through: mark.rn, mark };
}

/** A stored row as the pipeline gave it: its time (ISO-8601) and its values by column name. */
function toRow(stored: StoredRow, timeName: string, columns: readonly { name: string }[]): Row {
  const row: Row = { [timeName]: new Date(stored.t).toISOString() };
  for (let i = 0; i < columns.length; i++) row[columns[i]!.name] = stored.values[i] ?? null;
  return row;
}

function runExtra(value: unknown): RunExtra {
  const given = (value ?? {}) as Partial<RunExtra>;
  const count = (n: unknown) => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : 0);
  return {
    startedAt: typeof given.startedAt === 'number' ? given.startedAt : Date.now(),
    historyPass: count(given.historyPass),
    passSeqs: Array.isArray(given.passSeqs) ? given.passSeqs.map(count) : [0],
    filePass: count(given.filePass),
    segmentStart: count(given.segmentStart),
  };
}
