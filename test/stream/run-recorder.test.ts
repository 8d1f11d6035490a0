import { describe, expect, it } from 'vitest';
import { RunRecorder } from '../../src/stream/run-recorder.js';
import type { RunCheckpoint, StreamWriter } from '../../src/store/types.js';
import type { Row } from '../../src/values/row.js';

/** A writer that records what it is given, in order (the store's buffer does the same, then commits). */
function recordingWriter() {
  const calls: string[] = [];
  const checkpoints: RunCheckpoint[] = [];
  const callbacks: (() => void)[] = [];
  const writer: StreamWriter = {
    rows: (rows, seq, pass) => calls.push(`rows ${rows.map((r) => r.n).join(',')} seq ${seq} pass ${pass}`),
    mark: (name, _payload, seq) => calls.push(`mark ${name} seq ${seq}`),
    checkpoint: (c, committed) => {
      calls.push(`checkpoint ${JSON.stringify(c.position)} seq ${c.seq} rows ${c.rows}`);
      checkpoints.push(c);
      if (committed) callbacks.push(committed);
    },
  };
  return { writer, calls, checkpoints, callbacks };
}

const rows = (...n: number[]): Row[] => n.map((i) => ({ n: i }));
const place = (seq: number, pass = 0) => ({ seq, pass, extra: () => ({ seq }) });

describe('RunRecorder', () => {
  it('checkpoints a position once every row read before it is published, not before', () => {
    const { writer, calls } = recordingWriter();
    const recorder = new RunRecorder(writer, 'r', undefined, () => undefined);
    recorder.itemRead(2, { at: 2 });
    recorder.itemRead(3, { at: 5 });
    recorder.rowsPublished(rows(0), place(1));
    recorder.rowsPublished(rows(1, 2, 3), place(2));
    recorder.rowsPublished(rows(4), place(3));
    expect(calls).toEqual([
      'rows 0 seq 1 pass 0',
      'rows 1,2,3 seq 2 pass 0',
      'checkpoint {"at":2} seq 2 rows 4',
      'rows 4 seq 3 pass 0',
      'checkpoint {"at":5} seq 3 rows 5',
    ]);
    expect(recorder.storedRows).toBe(5);
    expect(recorder.lastPosition).toEqual({ at: 5 });
  });

  it('takes only the newest of the positions a publication completes', () => {
    const { writer, checkpoints } = recordingWriter();
    const recorder = new RunRecorder(writer, 'r', undefined, () => undefined);
    recorder.itemRead(1, { at: 1 });
    recorder.itemRead(1, { at: 2 });
    recorder.itemRead(0, { at: 3 }); // an item the pipeline dropped whole
    recorder.rowsPublished(rows(0, 1), place(4));
    expect(checkpoints.map((c) => c.position)).toEqual([{ at: 3 }]);
  });

  it('stores seed rows at once with the position after them', () => {
    const { writer, calls } = recordingWriter();
    const recorder = new RunRecorder(writer, 'r', undefined, () => undefined);
    recorder.backfill(rows(0, 1), place(1), { at: 2 });
    recorder.backfill(rows(2), place(1), undefined);
    expect(calls).toEqual(['rows 0,1 seq 1 pass 0', 'checkpoint {"at":2} seq 1 rows 2', 'rows 2 seq 1 pass 0']);
  });

  it('on close, checkpoints the position of the last published rows (rows still batched are read again)', () => {
    const { writer, checkpoints } = recordingWriter();
    const recorder = new RunRecorder(writer, 'r', undefined, () => undefined);
    recorder.itemRead(1, { at: 1 });
    recorder.itemRead(1, { at: 2 });
    recorder.rowsPublished(rows(0), place(1));
    recorder.close(place(7));
    expect(checkpoints.map((c) => [c.position, c.seq, c.rows])).toEqual([
      [{ at: 1 }, 1, 1],
      [{ at: 1 }, 7, 1],
    ]);
    // Reading on: what was read and not published is forgotten.
    recorder.itemRead(1, { at: 9 });
    recorder.rowsPublished(rows(1), place(8));
    expect(checkpoints.at(-1)!.position).toEqual({ at: 9 });
  });

  it('continues a stored run: its row count and position, its run id', () => {
    const { writer, checkpoints } = recordingWriter();
    const stored: RunCheckpoint = { run: 'abc', seq: 40, rows: 100, pass: 2, position: { at: 100 }, extra: null };
    const recorder = new RunRecorder(writer, 'abc', stored, () => undefined);
    expect(recorder.lastPosition).toEqual({ at: 100 });
    expect(recorder.storedRows).toBe(100);
    recorder.close(place(41, 2));
    expect(checkpoints).toEqual([{ run: 'abc', seq: 41, rows: 100, pass: 2, position: { at: 100 }, extra: { seq: 41 } }]);
  });

  it('tells the source a position is committed when the store says so', () => {
    const { writer, callbacks } = recordingWriter();
    const committed: unknown[] = [];
    const recorder = new RunRecorder(writer, 'r', undefined, () => (p) => committed.push(p));
    recorder.itemRead(1, { at: 1 });
    recorder.rowsPublished(rows(0), place(1));
    expect(committed).toEqual([]);
    for (const done of callbacks) done();
    expect(committed).toEqual([{ at: 1 }]);
  });

  it('gives no callback with the checkpoints of a source that waits for no acknowledgement', () => {
    const { writer, callbacks, checkpoints } = recordingWriter();
    let acknowledges = false;
    const recorder = new RunRecorder(writer, 'r', undefined, () => (acknowledges ? () => {} : undefined));
    recorder.itemRead(1, { at: 1 });
    recorder.rowsPublished(rows(0), place(1));
    acknowledges = true; // looked up at each checkpoint: the source of a run may come later
    recorder.itemRead(1, { at: 2 });
    recorder.rowsPublished(rows(1), place(2));
    expect(checkpoints.map((c) => c.position)).toEqual([{ at: 1 }, { at: 2 }]);
    expect(callbacks).toHaveLength(1);
  });

  it('passes marks on with their seq', () => {
    const { writer, calls } = recordingWriter();
    new RunRecorder(writer, 'r', undefined, () => undefined).mark('alert', { rule: 'x' }, place(3));
    expect(calls).toEqual(['mark alert seq 3']);
  });
});
