import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/stream/ring-buffer.js';

const contents = <T>(ring: RingBuffer<T>) => Array.from({ length: ring.length }, (_, i) => ring.at(i));

describe('RingBuffer', () => {
  it('keeps items in order until full', () => {
    const ring = new RingBuffer<number>(3);
    ring.push(1);
    ring.push(2);
    expect(contents(ring)).toEqual([1, 2]);
    expect(ring.oldest()).toBe(1);
    expect(ring.newest()).toBe(2);
  });

  it('drops the oldest item when full', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) ring.push(i);
    expect(contents(ring)).toEqual([5, 6, 7]);
    expect(ring.length).toBe(3);
  });

  it('drops the oldest items to stay under its byte bound, but keeps the newest', () => {
    const ring = new RingBuffer<string>(10, 100);
    ring.push('a', 40);
    ring.push('b', 40);
    ring.push('c', 40);
    expect(contents(ring)).toEqual(['b', 'c']);
    expect(ring.size).toBe(80);
    ring.push('huge', 500);
    expect(contents(ring)).toEqual(['huge']);
  });

  it('answers undefined outside its range', () => {
    const ring = new RingBuffer<number>(2);
    expect(ring.newest()).toBeUndefined();
    ring.push(1);
    expect(ring.at(-1)).toBeUndefined();
    expect(ring.at(1)).toBeUndefined();
  });

  it('answers undefined outside its range once it has wrapped around', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i); // slots hold 4, 5, 3
    expect(ring.at(-1)).toBeUndefined();
    expect(ring.at(3)).toBeUndefined();
  });

  it('keeps items whose sizes add up to exactly its byte bound', () => {
    const ring = new RingBuffer<string>(10, 100);
    ring.push('a', 50);
    ring.push('b', 50);
    expect(contents(ring)).toEqual(['a', 'b']);
  });

  it('takes a capacity of one, and rejects one that is not a positive integer', () => {
    const one = new RingBuffer<number>(1);
    one.push(1);
    one.push(2);
    expect(contents(one)).toEqual([2]);
    expect(() => new RingBuffer(0)).toThrow(new TypeError('capacity must be a positive integer, got 0'));
    expect(() => new RingBuffer(1.5)).toThrow(TypeError);
  });
});
