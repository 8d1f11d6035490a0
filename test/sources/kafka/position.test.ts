import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/sources/errors.js';
import { parseKafkaPosition, PositionTracker } from '../../../src/sources/kafka/position.js';

describe('a Kafka source position', () => {
  it('is the next offset of each partition, as JSON keyed by partition', () => {
    const tracker = new PositionTracker();
    expect(tracker.position()).toBeUndefined();
    tracker.start([
      [1, 7],
      [0, 3],
    ]);
    expect(tracker.position()).toEqual({ 0: 3, 1: 7 });
    tracker.read(0, 41);
    expect(JSON.stringify(tracker.position())).toBe('{"0":42,"1":7}');
  });

  it('keeps a partition read before its start is told (a start never moves a partition back)', () => {
    const tracker = new PositionTracker();
    tracker.read(2, 9);
    tracker.start([[2, 0]]);
    expect(tracker.position()).toEqual({ 2: 10 });
  });

  it('is the same object until it moves, and callers cannot change it', () => {
    const tracker = new PositionTracker();
    tracker.read(0, 1);
    const before = tracker.position();
    expect(tracker.position()).toBe(before);
    expect(Object.isFrozen(before)).toBe(true);
    tracker.read(0, 2);
    expect(tracker.position()).not.toBe(before);
    expect(before).toEqual({ 0: 2 });
  });

  it('is read back from its JSON', () => {
    expect(parseKafkaPosition(JSON.parse('{"0":42,"10":0}'))).toEqual([
      [0, 42],
      [10, 0],
    ]);
    expect(parseKafkaPosition({})).toEqual([]);
  });

  it.each([null, 3, 'x', [[0, 1]], { '-1': 2 }, { '01': 2 }, { a: 1 }, { 0: -1 }, { 0: 1.5 }, { 0: '4' }, { 0: 2 ** 53 }])(
    'refuses %j',
    (value) => {
      expect(() => parseKafkaPosition(value)).toThrow(SourceError);
    },
  );
});
