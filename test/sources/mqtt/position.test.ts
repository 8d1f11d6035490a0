import { describe, expect, it } from 'vitest';
import { parseMqttPosition, PositionTracker } from '../../../src/sources/mqtt/position.js';
import { LastIds } from '../../../src/sources/mqtt/recent-ids.js';

describe('the position of an MQTT source', () => {
  it('counts on from the position resumed, and carries the newest ids of the messages in rows', () => {
    const tracker = new PositionTracker({ messages: 10, ids: ['t\u00001', 't\u00002'] }, new LastIds(3));
    expect(tracker.position()).toEqual({ messages: 10, ids: ['t\u00001', 't\u00002'] });
    tracker.kept(11, 't\u00003', false);
    tracker.kept(12, undefined, false);
    tracker.kept(13, 't\u00004', false);
    expect(tracker.position()).toEqual({ messages: 13, ids: ['t\u00002', 't\u00003', 't\u00004'] });
    expect(tracker.position()).toBe(tracker.position()); // the same object until it moves
  });

  it('with sampled rows, moves only when a row carries the messages, not when they arrive', () => {
    const tracker = new PositionTracker(undefined, new LastIds(10));
    tracker.kept(1, 't\u0000a', true);
    tracker.kept(2, 't\u0000b', true);
    expect(tracker.position()).toEqual({ messages: 0, ids: [] });
    tracker.sampled(2);
    expect(tracker.position()).toEqual({ messages: 2, ids: ['t\u0000a', 't\u0000b'] });
  });

  it('refuses a stored position that is not one, naming it', () => {
    expect(parseMqttPosition({ messages: 3 })).toEqual({ messages: 3 });
    expect(() => parseMqttPosition({ '0': 42 })).toThrow('cannot resume the MQTT source from {"0":42}: not a { messages, ids } position');
    expect(() => parseMqttPosition({ messages: -1 })).toThrow('not a { messages, ids } position');
    expect(() => parseMqttPosition({ messages: 1, ids: [1] })).toThrow('not a { messages, ids } position');
    expect(() => parseMqttPosition(null)).toThrow('not a { messages, ids } position');
  });
});
