import { describe, expect, it } from 'vitest';
import { EventLog, type StreamEvent } from '../../src/stream/event-log.js';

const event = (seq: number, rows = 1): StreamEvent => ({
  seq,
  id: `r.${seq}`,
  name: rows ? 'update' : 'progress',
  rows,
  frame: Buffer.alloc(10),
  payload: {},
});

function logWith(count: number, capacity = 100) {
  const log = new EventLog(capacity, 1 << 20);
  for (let seq = 1; seq <= count; seq++) log.append(event(seq));
  return log;
}

describe('EventLog', () => {
  describe('after(seq)', () => {
    it('gives exactly the events after seq', () => {
      expect(
        logWith(10)
          .after(7)!
          .map((e) => e.seq),
      ).toEqual([8, 9, 10]);
    });
    it('gives nothing to a viewer that is up to date', () => {
      expect(logWith(10).after(10)).toEqual([]);
    });
    it('gives everything kept when seq is just before the oldest kept event', () => {
      const log = logWith(30, 10); // keeps 21..30
      expect(log.after(20)!.map((e) => e.seq)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    });
    it('gives nothing, and no reset, to a viewer of a run that has published nothing', () => {
      expect(new EventLog(10, 1 << 20).after(0)).toEqual([]);
      expect(new EventLog(10, 1 << 20).lastSeq()).toBe(0);
    });
    it('is undefined when events after seq were dropped, or seq is from the future', () => {
      const log = logWith(30, 10);
      expect(log.after(19)).toBeUndefined();
      expect(log.after(31)).toBeUndefined();
      expect(log.after(-1)).toBeUndefined();
    });
  });

  describe('tail(rows)', () => {
    it('gives the newest events carrying at least that many rows', () => {
      const log = new EventLog(100, 1 << 20);
      log.append(event(1, 0));
      log.append(event(2, 50));
      log.append(event(3, 0));
      log.append(event(4, 50));
      log.append(event(5, 30));
      expect(log.tail(60).map((e) => e.seq)).toEqual([4, 5]);
      expect(log.tail(81).map((e) => e.seq)).toEqual([2, 3, 4, 5]);
      expect(log.tail(1000).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(log.tail(0)).toEqual([]);
    });
    it('gives none before the event with seq fromSeq (a seek’s segment), that event included', () => {
      const log = logWith(5);
      expect(log.tail(10, 3).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect(log.tail(10, 6)).toEqual([]);
    });
  });

  it('finds a kept event by seq and by id, and counts what it keeps', () => {
    const log = logWith(30, 10); // keeps 21..30
    expect(log.get(21)!.id).toBe('r.21');
    expect(log.get(30)!.id).toBe('r.30');
    expect(log.get(20)).toBeUndefined();
    expect(new EventLog(10, 1 << 20).get(1)).toBeUndefined();
    expect(log.indexOfId('r.21')).toBe(0);
    expect(log.indexOfId('r.30')).toBe(9);
    expect(log.indexOfId('r.20')).toBe(-1);
    expect(log.from(8).map((e) => e.seq)).toEqual([29, 30]);
    expect(log.from(-3)).toHaveLength(10);
    expect(log.length).toBe(10);
    expect(log.bytes).toBe(100);
  });

  it('refuses an event that is not after the newest', () => {
    const log = logWith(3);
    expect(() => log.append(event(3))).toThrow(new RangeError('event 3 does not follow 3'));
    expect(() => log.append(event(2))).toThrow(new RangeError('event 2 does not follow 3'));
  });

  it('keeps events whose seqs skip (a run continued from the store) and finds them by seq', () => {
    const log = new EventLog(100, 1 << 20);
    for (const seq of [4, 5, 9, 12, 13]) log.append(event(seq));
    expect(log.after(5)!.map((e) => e.seq)).toEqual([9, 12, 13]);
    expect(log.after(7)!.map((e) => e.seq)).toEqual([9, 12, 13]);
    expect(log.after(12)!.map((e) => e.seq)).toEqual([13]);
    expect(log.after(3)!.map((e) => e.seq)).toEqual([4, 5, 9, 12, 13]);
    expect(log.after(2)).toBeUndefined();
    expect(log.get(9)?.seq).toBe(9);
    expect(log.get(7)).toBeUndefined();
    expect(log.get(13)?.seq).toBe(13);
    expect(log.get(3)).toBeUndefined();
  });
});
