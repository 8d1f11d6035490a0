import { describe, expect, it } from 'vitest';
import { Acks } from '../../../src/sources/mqtt/acks.js';

/** A ledger whose PUBACKs are recorded in `sent` (none while `connected` is false). */
function ledger(limit = 10) {
  const sent: number[] = [];
  const state = { connected: true };
  const acks = new Acks(limit, (id) => {
    if (!state.connected) return false;
    sent.push(id);
    return true;
  });
  return { acks, sent, state };
}

describe('Acks: PUBACKs after the commit', () => {
  it('acknowledges the messages up to the committed number, in the order they came', () => {
    const { acks, sent } = ledger();
    for (let seq = 1; seq <= 4; seq++) acks.take(100 + seq, seq);
    acks.commit(2);
    expect(sent).toEqual([101, 102]);
    acks.commit(1); // an older position moves nothing back
    acks.commit(4);
    expect(sent).toEqual([101, 102, 103, 104]);
    expect(acks.size).toBe(0);
  });

  it('acknowledges a message with no row as soon as the messages before it are', () => {
    const { acks, sent } = ledger();
    const first = acks.take(1, 1)!;
    const bad = acks.take(2, 2)!;
    acks.settle(bad);
    expect(sent).toEqual([]); // PUBACKs go in order: 1 first
    expect(first.seq).toBe(1);
    acks.commit(1);
    expect(sent).toEqual([1, 2]);
    acks.settle(acks.take(3, 3)!);
    expect(sent).toEqual([1, 2, 3]);
  });

  it('reads no further packet while `limit` messages wait', () => {
    const { acks } = ledger(2);
    const released: number[] = [];
    acks.take(1, 1);
    acks.whenRoom(() => released.push(1));
    acks.take(2, 2);
    acks.whenRoom(() => released.push(2));
    expect(released).toEqual([1]);
    acks.commit(1);
    expect(released).toEqual([1, 2]);
  });

  it('on a resumed session, a message sent again is not new, and its PUBACK goes on the new connection', () => {
    const { acks, sent, state } = ledger();
    acks.take(7, 1);
    acks.take(8, 2);
    state.connected = false;
    acks.commit(2); // committed while cut off: nothing can be sent
    expect(sent).toEqual([]);
    state.connected = true;
    acks.connected(true);
    acks.commit(2);
    expect(sent).toEqual([]); // waits for the broker to send them again
    expect(acks.take(7, 3)).toBeUndefined();
    expect(sent).toEqual([7]);
    expect(acks.take(8, 3)).toBeUndefined();
    expect(sent).toEqual([7, 8]);
  });

  it('forgets the held messages the broker did not send again, and all of them without a session', () => {
    const { acks, sent } = ledger();
    acks.take(1, 1);
    acks.take(2, 2);
    acks.take(3, 3);
    acks.connected(true);
    expect(acks.take(2, 4)).toBeUndefined(); // 1 was not sent again: it never will be
    expect(acks.take(9, 4)).toBeDefined(); // a new message: 3 was not sent again either
    expect(acks.size).toBe(2);
    acks.commit(4);
    expect(sent).toEqual([2, 9]);
    acks.take(5, 5);
    acks.connected(false);
    expect(acks.size).toBe(0);
    expect(acks.take(5, 6)).toBeDefined(); // a new message that has the same packet id
  });
});
