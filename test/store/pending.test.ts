import { afterEach, describe, expect, it, vi } from 'vitest';
import { PendingWrites, ROWS_WORTH_A_COMMIT } from '../../src/store/pending.js';
import type { RunCheckpoint } from '../../src/store/types.js';

// When a commit of a stream's buffer is due (PendingWrites.due): the clock is performance.now(),
// set by hand here.
const DELAY = 2000;
let clock = 0;
afterEach(() => vi.restoreAllMocks());

function buffer() {
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
  return new PendingWrites('time', [{ name: 'temp', type: 'number' }]);
}
const at = (ms: number) => {
  clock = ms;
};
const row = (t: number) => [{ time: t, temp: t }];
const cp = (rows: number, run = 'r1'): RunCheckpoint => ({ run, seq: rows, rows, pass: 0, position: null, extra: null });
/** Whether a commit is due at `ms`, the run r1 being committed already. */
const dueAt = (pending: PendingWrites, ms: number, committedRun: string | undefined = 'r1') => pending.due(ms, DELAY, committedRun);

describe('PendingWrites.due', () => {
  it('is never due without a checkpoint', () => {
    const pending = buffer();
    at(1000);
    pending.rows(row(1), 1, 0);
    expect(dueAt(pending, 1e9)).toBe(false);
  });

  it('is due maxDelayMs after the first write waiting, not after the last', () => {
    const pending = buffer();
    at(1000);
    pending.rows(row(1), 1, 0);
    at(1500);
    pending.rows(row(2), 2, 0);
    at(1600);
    pending.checkpoint(cp(2));
    expect(dueAt(pending, 1000 + DELAY - 1)).toBe(false);
    expect(dueAt(pending, 1000 + DELAY)).toBe(true);
  });

  it('counts a mark, or a checkpoint alone, as a write waiting', () => {
    const marked = buffer();
    at(1000);
    marked.mark('alert', { rule: 'x' }, 1, 0);
    at(1700);
    marked.checkpoint(cp(0));
    expect(dueAt(marked, 1000 + DELAY - 1)).toBe(false);
    expect(dueAt(marked, 1000 + DELAY)).toBe(true);
    const bare = buffer();
    at(3000);
    bare.checkpoint(cp(0));
    expect(dueAt(bare, 3000 + DELAY - 1)).toBe(false);
    expect(dueAt(bare, 3000 + DELAY)).toBe(true);
  });

  it('is due at once for a checkpoint a source waits for, until it is taken', () => {
    const pending = buffer();
    at(1000);
    pending.rows(row(1), 1, 0);
    pending.checkpoint(cp(1), () => {});
    expect(dueAt(pending, 1000)).toBe(true);
    at(1100);
    expect(pending.take()?.t).toEqual([1]);
    pending.rows(row(2), 2, 0);
    pending.checkpoint(cp(2));
    expect(dueAt(pending, 1100)).toBe(false);
  });

  it("is due at once for a run's first checkpoint (another run than the one committed)", () => {
    const pending = buffer();
    at(1000);
    pending.checkpoint(cp(0, 'r2'));
    expect(dueAt(pending, 1000, 'r1')).toBe(true);
    expect(dueAt(pending, 1000, undefined)).toBe(true);
    expect(dueAt(pending, 1000, 'r2')).toBe(false);
  });

  it('after a take, what stays waits from then on, and nothing waits when nothing stays', () => {
    const pending = buffer();
    at(1000);
    pending.rows(row(1), 1, 0);
    pending.checkpoint(cp(1));
    at(1100);
    pending.rows(row(2), 2, 0); // after the checkpoint: it stays
    at(1200);
    expect(pending.take()?.t).toEqual([1]);
    at(1300);
    pending.checkpoint(cp(2));
    expect(dueAt(pending, 1200 + DELAY - 1)).toBe(false);
    expect(dueAt(pending, 1200 + DELAY)).toBe(true);
    at(1400);
    expect(pending.take()?.t).toEqual([2]);
    at(5000);
    pending.checkpoint(cp(2));
    expect(dueAt(pending, 5000 + DELAY - 1)).toBe(false);
    expect(dueAt(pending, 5000 + DELAY)).toBe(true);
  });

  it('after a take, a mark that stays waits from then on', () => {
    const pending = buffer();
    at(1000);
    pending.checkpoint(cp(0));
    pending.mark('state', { value: 'BROKEN' }, 1, 0);
    at(1500);
    pending.take();
    at(1600);
    pending.checkpoint(cp(0));
    expect(dueAt(pending, 1500 + DELAY - 1)).toBe(false);
    expect(dueAt(pending, 1500 + DELAY)).toBe(true);
  });

  it('forgets when it began waiting, and that a source waited, when cleared', () => {
    const pending = buffer();
    at(1000);
    pending.rows(row(1), 1, 0);
    pending.checkpoint(cp(1), () => {});
    expect(pending.clear()).toBe(1);
    at(4000);
    pending.checkpoint(cp(1));
    expect(dueAt(pending, 4000 + DELAY - 1)).toBe(false);
    expect(dueAt(pending, 4000 + DELAY)).toBe(true);
  });

  it('is due at once when ROWS_WORTH_A_COMMIT rows wait up to the checkpoint', () => {
    const pending = buffer();
    at(1000);
    const rows = Array.from({ length: ROWS_WORTH_A_COMMIT }, (_, i) => ({ time: i, temp: i }));
    pending.rows(rows.slice(0, -1), 1, 0);
    pending.checkpoint(cp(ROWS_WORTH_A_COMMIT - 1));
    expect(dueAt(pending, 1000)).toBe(false);
    pending.rows(rows.slice(-1), 2, 0);
    expect(dueAt(pending, 1000)).toBe(false); // the last row is after the checkpoint
    pending.checkpoint(cp(ROWS_WORTH_A_COMMIT));
    expect(dueAt(pending, 1000)).toBe(true);
  });
});
