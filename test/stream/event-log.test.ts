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
  });

  it('refuses an event that does not follow the newest', () => {
    const log = logWith(3);
    expect(() => log.append(event(5))).toThrow(RangeError);
  });
});
