import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { StoredMark, StoredRow } from '../../src/store/types.js';
import { EventEncoder } from '../../src/stream/encoder.js';
import { EventLog } from '../../src/stream/event-log.js';
import { RunHistory } from '../../src/stream/run-history.js';
import { RunMarks } from '../../src/stream/run-marks.js';
import { RunNotices } from '../../src/stream/run-notices.js';
import { restoreRun } from '../../src/stream/run-restore.js';

const T0 = Date.UTC(2024, 0, 1);
const columns = [
  { name: 'v', type: 'number' as const, axis: 'y' as const },
  { name: 'mode', type: 'text' as const, axis: 'y' as const },
];

function parts(capacity = 100) {
  const history = new RunHistory('time', columns, { durationMs: 86_400_000, rows: 1000, bytes: 1 << 20 });
  return {
    run: 'abcdef01',
    log: new EventLog(capacity, 1 << 20),
    history,
    marks: new RunMarks(),
    notices: new RunNotices('abcdef01', history, false, pino({ level: 'silent' })),
    encoder: new EventEncoder('time', ['v', 'mode']),
    timeName: 'time',
    columns,
  };
}

/** Rows 0–5: seq 3 holds rows 0–2 (a batch), seq 5 row 3, seq 7 rows 4–5 (pass 1 from row 4). */
const stored: StoredRow[] = [0, 1, 2, 3, 4, 5].map((rn) => ({
  rn,
  seq: rn < 3 ? 3 : rn === 3 ? 5 : 7,
  pass: rn < 4 ? 0 : 1,
  t: T0 + rn * 1000,
  values: [rn * 1.5, rn % 2 ? 'A' : null],
}));
const marks: StoredMark[] = [
  { rn: 3, seq: 4, pass: 0, name: 'alert', payload: { rule: 'r', state: 'firing', at: new Date(T0 + 3000).toISOString(), value: 4.5 } },
];
const checkpoint = {
  run: 'abcdef01',
  seq: 9,
  rows: 6,
  pass: 1,
  position: { record: 6 },
  extra: { startedAt: T0, historyPass: 1, passSeqs: [0, 6], filePass: 1, segmentStart: 0 },
};

describe('restoreRun', () => {
  it('gives back the rows as the pipeline gave them, for warming the stages', () => {
    const rows = restoreRun(parts(), { checkpoint, rows: stored, marks });
    expect(rows[0]).toEqual({ time: new Date(T0).toISOString(), v: 0, mode: null });
    expect(rows[5]).toEqual({ time: new Date(T0 + 5000).toISOString(), v: 7.5, mode: 'A' });
  });

  it('fills the history by pass and takes up the pass numbering', () => {
    const target = parts();
    restoreRun(target, { checkpoint, rows: stored, marks });
    expect(target.history.store.passes()).toEqual([
      { pass: 0, from: T0, to: T0 + 3000, rows: 4 },
      { pass: 1, from: T0 + 4000, to: T0 + 5000, rows: 2 },
    ]);
    expect(target.history.place).toEqual({ pass: 1, passSeqs: [0, 6] });
    expect(target.notices.pass).toBe(1);
  });

  it('makes one event per stored seq, marks between them, with ids that count rows', () => {
    const target = parts();
    restoreRun(target, { checkpoint, rows: stored, marks });
    const events = target.log.from(0);
    expect(events.map((e) => [e.seq, e.id, e.name, e.rows, e.through])).toEqual([
      [3, 'abcdef01.3.3', 'batch', 3, 3],
      [4, 'abcdef01.4.3', 'alert', 0, 3],
      [5, 'abcdef01.5.4', 'update', 1, 4],
      [7, 'abcdef01.7.6', 'batch', 2, 6],
    ]);
    expect(events[0]!.payload).toEqual({
      t: [0, 1, 2].map((i) => new Date(T0 + i * 1000).toISOString()),
      y: [
        [0, 1.5, 3],
        [null, 'A', null],
      ],
    });
    expect(events[2]!.frame.toString()).toBe(
      `id: abcdef01.5.4\nevent: update\ndata: {"time":"${new Date(T0 + 3000).toISOString()}","v":4.5,"mode":"A"}\n\n`,
    );
    expect([...target.marks.firing()]).toEqual(['r']);
  });

  it('keeps only the newest events that fit the log', () => {
    const target = parts(2);
    restoreRun(target, { checkpoint, rows: stored, marks });
    expect(target.log.from(0).map((e) => e.seq)).toEqual([5, 7]);
  });
});
