import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JOB_FINISHED } from '../../src/compat/demo-format.js';
import type { FrameSource } from '../../src/compat/frame-reader.js';
import { ReplayPacer, type ReplayEnd } from '../../src/compat/replay-pacer.js';
import { FakeResponse } from '../helpers/fake-response.js';

// The pacer on a fake clock: when each replay's rows are written, and what a full socket changes.
const frames = Array.from({ length: 20 }, (_, i) => Buffer.from(`event: update\ndata: row ${i}\n\n`));

function source(rows = frames.length): FrameSource & { released: number } {
  return {
    released: 0,
    take: (i) => (i < rows ? frames[i] : undefined),
    total: rows,
    failure: undefined,
    release() {
      this.released++;
    },
  };
}

/** Rows written to a fake response so far, as row numbers. */
const rowsOf = (res: FakeResponse) => res.chunks.map((c) => c.toString()).map((text) => Number(/row (\d+)/.exec(text)?.[1] ?? -1));

let pacer: ReplayPacer;
beforeEach(() => {
  vi.useFakeTimers();
  pacer = new ReplayPacer({ intervalMs: 100, tickMs: 10, logger: pino({ level: 'silent' }), now: () => Date.now() });
});
afterEach(() => vi.useRealTimers());

describe('ReplayPacer', () => {
  it("writes row 0 at once and row i at the replay's start + i × 100 ms, never before", () => {
    const res = new FakeResponse();
    pacer.start(res.asResponse(), source(), () => {});
    expect(rowsOf(res)).toEqual([0]);
    vi.advanceTimersByTime(99);
    expect(rowsOf(res)).toEqual([0]);
    vi.advanceTimersByTime(1);
    expect(rowsOf(res)).toEqual([0, 1]);
    vi.advanceTimersByTime(250);
    expect(rowsOf(res)).toEqual([0, 1, 2, 3]);
  });

  it('keeps each replay on its own schedule with one timer', () => {
    const early = new FakeResponse();
    const late = new FakeResponse();
    pacer.start(early.asResponse(), source(), () => {});
    vi.advanceTimersByTime(40);
    pacer.start(late.asResponse(), source(), () => {});
    vi.advanceTimersByTime(60); // t = 100: early's row 1 is due, late's at 140
    expect(rowsOf(early)).toEqual([0, 1]);
    expect(rowsOf(late)).toEqual([0]);
    vi.advanceTimersByTime(40); // t = 140
    expect(rowsOf(late)).toEqual([0, 1]);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('ends with jobfinished after the last row is due, and releases the file once', () => {
    const res = new FakeResponse();
    const file = source(3);
    const ends: ReplayEnd[] = [];
    pacer.start(res.asResponse(), file, (why) => ends.push(why));
    vi.advanceTimersByTime(299);
    expect(res.ended).toBe(false);
    vi.advanceTimersByTime(1);
    expect(res.text()).toBe(`${frames[0]}${frames[1]}${frames[2]}${JOB_FINISHED}`);
    expect(res.ended).toBe(true);
    expect(ends).toEqual(['finished']);
    expect(file.released).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits for a client whose socket is full without delaying the others; it gets every row once it reads again', () => {
    const stuck = new FakeResponse();
    stuck.writableLength = 16 * 1024; // its socket buffer is full: every write answers false
    const reading = new FakeResponse();
    pacer.start(stuck.asResponse(), source(), () => {});
    pacer.start(reading.asResponse(), source(), () => {});
    vi.advanceTimersByTime(500);
    expect(rowsOf(reading)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rowsOf(stuck)).toEqual([0]); // nothing more is queued for it while it does not read

    stuck.writableLength = 0;
    stuck.emit('drain');
    vi.advanceTimersByTime(10);
    expect(rowsOf(stuck)).toEqual([0, 1, 2, 3, 4, 5]); // the rows due meanwhile, at once, in order
    vi.advanceTimersByTime(90);
    expect(rowsOf(stuck)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rowsOf(reading)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('stops writing to a client that left, and ends the others without jobfinished on close()', () => {
    const leaving = new FakeResponse();
    const staying = new FakeResponse();
    const ends: ReplayEnd[] = [];
    pacer.start(leaving.asResponse(), source(), (why) => ends.push(why));
    pacer.start(staying.asResponse(), source(), (why) => ends.push(why));
    leaving.destroy();
    vi.advanceTimersByTime(200);
    expect(rowsOf(leaving)).toEqual([0]);
    expect(pacer.active).toBe(1);
    pacer.close();
    expect(staying.text()).not.toContain('jobfinished');
    expect(staying.ended).toBe(true);
    expect(ends).toEqual(['left', 'shutdown']);
  });

  it('waits for rows not read yet, and ends without jobfinished when the file fails', () => {
    const res = new FakeResponse();
    const file = {
      ...source(),
      total: undefined as number | undefined,
      failure: undefined as unknown,
      take: (i: number) => (i < 2 ? frames[i] : undefined),
    };
    pacer.start(res.asResponse(), file, () => {});
    vi.advanceTimersByTime(300);
    expect(rowsOf(res)).toEqual([0, 1]);
    expect(res.ended).toBe(false);
    file.failure = new Error('disk gone');
    vi.advanceTimersByTime(10);
    expect(res.text()).toBe(`${frames[0]}${frames[1]}`);
    expect(res.ended).toBe(true);
  });
});
