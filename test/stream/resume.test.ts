import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/stream/event-log.js';
import { CursorIds, cursorOf, formatCursor, isAfter, parseCursor } from '../../src/stream/log-cursor.js';
import { catchUp, pastCursor, planResume } from '../../src/stream/resume.js';
import { encodeEvent } from '../../src/stream/sse.js';

/** A log of a positioned stream: batches of rows at the given [partition, offset] positions. */
function positionedLog(batches: [number, number][][]) {
  const log = new EventLog(100, 1 << 20);
  const ids = new CursorIds();
  batches.forEach((rows, i) => {
    const positions = rows.flat();
    const id = ids.forData(positions);
    const payload = { t: rows.map(([p, o]) => `${p}/${o}`), y: [rows.map(([, o]) => o)] };
    log.append({
      seq: i + 1,
      id,
      name: 'batch',
      rows: rows.length,
      frame: encodeEvent(id, 'batch', JSON.stringify(payload)),
      payload,
      positions,
    });
  });
  return log;
}

const rowsOf = (plan: ReturnType<typeof planResume>) =>
  'replay' in plan ? plan.replay.flatMap((e) => JSON.parse(e.frame.toString().split('\ndata: ')[1]!).t) : plan.reset;

describe('cursor ids', () => {
  it('name the last offset of every partition seen, in partition order', () => {
    const ids = new CursorIds();
    expect(ids.forLifecycle()).toBeUndefined();
    expect(ids.forData([1, 7, 0, 3])).toBe('0:3,1:7');
    expect(ids.forData([0, 4])).toBe('0:4,1:7');
    expect(ids.forLifecycle()).toBe('0:4,1:7/1');
    expect(ids.forLifecycle()).toBe('0:4,1:7/2');
    expect(ids.forData([0, 2])).toBe('0:4,1:7'); // an older offset does not move the cursor back
  });
  it('name offset 0 too', () => {
    expect(new CursorIds().forData([3, 0])).toBe('3:0');
  });
  it('parse back, and refuse anything else', () => {
    expect(formatCursor(parseCursor('0:4,1:7/2')!)).toBe('0:4,1:7');
    for (const text of ['', 'x', '0:', ':1', '0:1,', '0:-1', 'x0:1', '0:1x', '1234567:1', 'a1b2c3d4.5', `0:${'9'.repeat(30)}`])
      expect(parseCursor(text), text).toBeUndefined();
    expect(formatCursor(parseCursor('123456:7,12:8')!)).toBe('12:8,123456:7');
    const partitions = (n: number) => Array.from({ length: n }, (_, p) => `${p}:1`).join(',');
    expect(parseCursor(partitions(256))!.size).toBe(256);
    expect(parseCursor(partitions(257))).toBeUndefined();
  });
  it('tell whether a row comes after a cursor (any row of a partition it has not seen does)', () => {
    const cursor = parseCursor('0:5')!;
    expect([isAfter(cursor, 0, 5), isAfter(cursor, 0, 6), isAfter(cursor, 1, 0)]).toEqual([false, true, true]);
  });
});

describe('planResume with cursors', () => {
  const log = positionedLog([
    [
      [0, 10],
      [1, 20],
    ],
    [
      [0, 11],
      [0, 12],
      [1, 21],
    ],
    [[1, 22]],
  ]);
  const context = { log, run: 'aaaaaaaa', positioned: true };

  it('replays after an id sent by this daemon, exactly', () => {
    expect(rowsOf(planResume('0:10,1:20', context))).toEqual(['0/11', '0/12', '1/21', '1/22']);
  });

  it('replays after a position from another daemon, splitting a batch that straddles it', () => {
    // another instance batched differently: its viewer has 0:11 and 1:20
    expect(rowsOf(planResume('0:11,1:20', context))).toEqual(['0/12', '1/21', '1/22']);
  });

  it('resets when rows between the position and the oldest kept row are missing, even one', () => {
    expect(rowsOf(planResume('0:5,1:20', context))).toBe('the missed rows are no longer kept');
    // the oldest kept row of partition 0 is 10: after 9 nothing is missing, after 8 row 9 is
    expect(rowsOf(planResume('0:9,1:19', context))).toEqual(['0/10', '1/20', '0/11', '0/12', '1/21', '1/22']);
    expect(rowsOf(planResume('0:8,1:19', context))).toBe('the missed rows are no longer kept');
    expect(rowsOf(planResume('0:9,1:18', context))).toBe('the missed rows are no longer kept');
  });

  it('resets when the position is ahead of what this daemon has read', () => {
    expect(rowsOf(planResume('0:12,1:40', context))).toBe('the stream has not reached that position here');
  });

  it('resets run ids and garbage on a positioned stream', () => {
    expect(rowsOf(planResume('bbbbbbbb.3', context))).toBe('the stream has restarted');
    expect(rowsOf(planResume('garbage', context))).toBe('the last event id is not one of ours');
  });
});

describe('planResume with cursors, among lifecycle events', () => {
  /** started, rows 0:10 and 0:11, status, row 0:12, status: ids as a positioned run gives them. */
  function mixedLog(capacity = 100) {
    const log = new EventLog(capacity, 1 << 20);
    const ids = new CursorIds();
    let seq = 0;
    const add = (name: string, rows: [number, number][]) => {
      const positions = rows.length > 0 ? rows.flat() : undefined;
      const id = (positions ? ids.forData(positions) : ids.forLifecycle()) ?? `aaaaaaaa.${seq + 1}`;
      const payload = positions ? { t: rows.map(([p, o]) => `${p}/${o}`), y: [rows.map(([, o]) => o)] } : { name };
      log.append({ seq: ++seq, id, name, rows: rows.length, frame: encodeEvent(id, name, JSON.stringify(payload)), payload, positions });
    };
    add('started', []);
    add('batch', [
      [0, 10],
      [0, 11],
    ]);
    add('status', []);
    add('update', [[0, 12]]);
    add('status', []);
    return log;
  }
  const context = (log: EventLog) => ({ log, run: 'aaaaaaaa', positioned: true });
  const names = (plan: ReturnType<typeof planResume>) =>
    'replay' in plan ? plan.replay.map((e) => e.frame.toString().split('\n')[1]) : plan.reset;

  it('after an id this daemon sent, even the oldest kept one: every event after it, lifecycle ones included', () => {
    const log = mixedLog();
    expect(log.indexOfId('aaaaaaaa.1')).toBe(0);
    expect(names(planResume('0:11', context(log)))).toEqual(['event: status', 'event: update', 'event: status']);
    expect(names(planResume('0:11/1', context(log)))).toEqual(['event: update', 'event: status']);
    const small = mixedLog(4); // keeps the batch up to 0:11 (the oldest), a status, the update, a status
    expect(names(planResume('0:11', context(small)))).toEqual(['event: status', 'event: update', 'event: status']);
  });

  it('after a position from elsewhere: the lifecycle events before the first row after it are left out, those after kept', () => {
    expect(names(planResume('0:10', context(mixedLog())))).toEqual(['event: batch', 'event: status', 'event: update', 'event: status']);
    expect((rowsOf(planResume('0:10', context(mixedLog()))) as unknown[]).filter(Boolean)).toEqual(['0/11', '0/12']); // the batch cut to its row after 0:10
    // 0:11 from another daemon's batching (its own id would be another text): the status after 0:11 is not for this viewer
    expect(names(planResume('0:11,1:0', context(mixedLog())))).toEqual(['event: update', 'event: status']);
  });

  it('a viewer at exactly the newest row kept is up to date: nothing to replay', () => {
    expect(names(planResume('0:12,1:0', context(mixedLog())))).toEqual([]);
  });

  it('resets when no row is kept at all', () => {
    const log = new EventLog(10, 1 << 20);
    log.append({ seq: 1, id: 'aaaaaaaa.1', name: 'started', rows: 0, frame: encodeEvent('aaaaaaaa.1', 'started', '{}'), payload: {} });
    expect(planResume('0:3', context(log))).toEqual({ reset: 'the missed rows are no longer kept' });
  });
});

/**
 * A stored run's log after a crash: batches of rows numbered from `first` (ids `r.<seq>.<through>`),
 * with a mark (through = the rows before it) after the batch at `markAfter`.
 */
function storedLog(first: number, sizes: number[], startSeq = 1, markAfter?: number) {
  const log = new EventLog(100, 1 << 20);
  let seq = startSeq;
  let through = first;
  sizes.forEach((size, i) => {
    const rows = Array.from({ length: size }, (_, k) => through + k);
    through += size;
    const id = `abcdef01.${seq}.${through}`;
    const payload = { t: rows.map(String), y: [rows] };
    log.append({ seq: seq++, id, name: 'batch', rows: size, frame: encodeEvent(id, 'batch', JSON.stringify(payload)), payload, through });
    if (i === markAfter) {
      const markId = `abcdef01.${seq}.${through}`;
      log.append({ seq: seq++, id: markId, name: 'alert', rows: 0, frame: encodeEvent(markId, 'alert', '{}'), payload: {}, through });
    }
  });
  return log;
}

const context = (log: EventLog) => ({ log, run: 'abcdef01', positioned: false });
const names = (plan: ReturnType<typeof planResume>) =>
  'replay' in plan ? plan.replay.map((e) => e.frame.toString().split('\n')[1]) : [plan.reset];

describe('resuming a stored run by rows (after a crash the seqs start again from the last commit)', () => {
  it('gives the rows after the ones the viewer has, the first batch cut', () => {
    // The viewer saw rows 0–12 in events of the crashed daemon (its seq 9); this one numbered them otherwise.
    const log = storedLog(10, [4, 4, 4], 5);
    const plan = planResume('abcdef01.9.13', context(log));
    expect(rowsOf(plan)).toEqual(['13', '14', '15', '16', '17', '18', '19', '20', '21']);
    expect('replay' in plan && plan.replay.map((e) => e.rows)).toEqual([1, 4, 4]);
    expect('replay' in plan && plan.skipThrough).toBeUndefined();
  });

  it('sends a mark that came after the rows the viewer has, and not one before them', () => {
    const log = storedLog(10, [4, 4, 4], 5, 0);
    expect(names(planResume('abcdef01.9.14', context(log)))).toEqual(['event: alert', 'event: batch', 'event: batch']);
    expect(names(planResume('abcdef01.9.15', context(log)))).toEqual(['event: batch', 'event: batch']);
  });

  it('keeps a viewer that is ahead of the run waiting: nothing now, and the live rows it lacks later', () => {
    const log = storedLog(10, [4], 5);
    const plan = planResume('abcdef01.9.20', context(log));
    expect(plan).toEqual({ replay: [], skipThrough: 20, byRows: true });
    const viewer = { skipThrough: 20 as number | undefined };
    const live = storedLog(14, [4, 4, 4], 6);
    const sent = live.from(0).map((e) => catchUp(viewer, e));
    expect(sent[0]).toBeUndefined();
    expect(JSON.parse(sent[1]!.toString().split('\ndata: ')[1]!).t).toEqual(['20', '21']);
    expect(viewer.skipThrough).toBeUndefined();
  });

  it('resets a viewer whose rows the log no longer reaches back to', () => {
    expect(planResume('abcdef01.3.5', context(storedLog(10, [4, 4], 5)))).toEqual({ reset: 'the missed events are no longer kept' });
  });

  it('resumes by seq when the id is the same event here (no crash)', () => {
    const log = storedLog(10, [4, 4, 4], 5);
    expect(rowsOf(planResume('abcdef01.6.18', context(log)))).toEqual(['18', '19', '20', '21']);
  });
});

describe('planResume with cursors, on a run continued from the store after a crash', () => {
  // The store had rows up to 0:10 and 1:20 (back in the log without positions); read since: 0:11,
  // 0:12 and 1:21; still to come live: 0:13 and 1:22.
  function restartedLog() {
    const log = new EventLog(100, 1 << 20);
    for (const [seq, rows] of [
      [1, 3],
      [2, 2],
    ] as const) {
      const id = `aaaaaaaa.${seq}.${seq * 3}`;
      log.append({ seq, id, name: 'batch', rows, frame: encodeEvent(id, 'batch', '{}'), payload: {}, through: seq * 3 });
    }
    const ids = new CursorIds(cursorOf([0, 10, 1, 20]));
    expect(ids.forLifecycle()).toBe('0:10,1:20/1'); // every partition named from the start
    const positions = [0, 11, 0, 12, 1, 21];
    const id = ids.forData(positions);
    const payload = { t: ['0/11', '0/12', '1/21'], y: [[11, 12, 21]] };
    log.append({ seq: 3, id, name: 'batch', rows: 3, frame: encodeEvent(id, 'batch', JSON.stringify(payload)), payload, positions });
    return log;
  }
  const context = { log: restartedLog(), run: 'aaaaaaaa', positioned: true, resumedAt: cursorOf([0, 10, 1, 20]) };
  const live = (positions: number[]) => {
    const t = [];
    for (let i = 0; i < positions.length; i += 2) t.push(`${positions[i]}/${positions[i + 1]}`);
    const id = 'x';
    return {
      seq: 9,
      id,
      name: 'batch',
      rows: t.length,
      frame: encodeEvent(id, 'batch', JSON.stringify({ t, y: [t] })),
      payload: { t, y: [t] },
      positions,
    };
  };
  const liveRows = (frame: Buffer | undefined) => (frame ? JSON.parse(frame.toString().split('\ndata: ')[1]!).t : []);

  it('a viewer with exactly the stored rows gets the rows read since, and every live one', () => {
    const plan = planResume('0:10,1:20', context);
    expect(rowsOf(plan)).toEqual(['0/11', '0/12', '1/21']);
    const viewer = { skipAfter: 'replay' in plan ? plan.skipAfter : undefined };
    expect(liveRows(pastCursor(viewer, live([0, 13, 1, 22])))).toEqual(['0/13', '1/22']);
    expect(viewer.skipAfter).toBeUndefined();
  });

  it('a viewer with rows the store had not: none of them again, from the log or live', () => {
    const plan = planResume('0:11,1:22', context);
    expect(rowsOf(plan)).toEqual(['0/12']);
    const viewer = { skipAfter: 'replay' in plan ? plan.skipAfter : undefined };
    expect(liveRows(pastCursor(viewer, live([0, 13, 1, 22])))).toEqual(['0/13']);
    expect(viewer.skipAfter).toBeUndefined(); // both partitions passed
    expect(pastCursor({ skipAfter: parseCursor('1:30') }, live([1, 22]))).toBeUndefined();
  });

  it('resets a viewer without every stored row (nothing names the ones it lacks), or one whose rows since the log no longer holds', () => {
    expect(rowsOf(planResume('0:9,1:20', context))).toBe('the missed rows are no longer kept');
    expect(rowsOf(planResume('0:10', context))).toBe('the missed rows are no longer kept');
    const evicted = { ...context, resumedAt: cursorOf([0, 8, 1, 20]) }; // 0:9 and 0:10 read since and gone
    expect(rowsOf(planResume('0:8,1:20', evicted))).toBe('the missed rows are no longer kept');
  });
});
