import { describe, expect, it } from 'vitest';
import { NumberQueue } from '../../src/pipeline/number-queue.js';

const contents = (q: NumberQueue) => Array.from({ length: q.length }, (_, i) => q.at(i));

describe('NumberQueue', () => {
  it('is a FIFO that can also pop at the back', () => {
    const q = new NumberQueue(4);
    for (const v of [1, 2, 3]) q.push(v);
    expect([q.front(), q.back(), q.length]).toEqual([1, 3, 3]);
    expect(q.shift()).toBe(1);
    expect(q.popBack()).toBe(3);
    expect(contents(q)).toEqual([2]);
  });

  it('wraps around its ring and grows past its capacity, keeping the order', () => {
    const q = new NumberQueue(2);
    q.push(1);
    q.push(2);
    expect(q.shift()).toBe(1);
    q.push(3); // wraps: the ring is [3, 2] with the head at 2
    expect(contents(q)).toEqual([2, 3]);
    q.push(4); // full: grows while wrapped
    q.push(5);
    expect(contents(q)).toEqual([2, 3, 4, 5]);
    expect([q.front(), q.back()]).toEqual([2, 5]);
    for (let i = 6; i <= 40; i++) q.push(i);
    expect(contents(q)).toEqual(Array.from({ length: 39 }, (_, i) => i + 2));
  });

  it('takes a capacity below 2 as 2', () => {
    const q = new NumberQueue(0);
    q.push(7);
    q.push(8);
    q.push(9);
    expect(contents(q)).toEqual([7, 8, 9]);
  });
});
