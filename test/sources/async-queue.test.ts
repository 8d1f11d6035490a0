import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../../src/sources/async-queue.js';

async function drain<T>(queue: AsyncQueue<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe('AsyncQueue', () => {
  it('delivers items in order, then ends when closed', async () => {
    const queue = new AsyncQueue<number>(10);
    const reading = drain(queue);
    for (let i = 0; i < 5; i++) await queue.push(i);
    queue.close();
    expect(await reading).toEqual([0, 1, 2, 3, 4]);
  });

  it('makes the producer wait while it is full', async () => {
    const queue = new AsyncQueue<number>(2);
    await queue.push(1);
    await queue.push(2);
    let third = false;
    const pushing = queue.push(3).then(() => (third = true));
    // A push that could go through would have settled within one turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    const iterator = queue[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe(1);
    await pushing;
    expect(third).toBe(true);
  });

  it('throws a failure only after the items queued before it', async () => {
    const queue = new AsyncQueue<number>(10);
    await queue.push(1);
    await queue.push(2);
    queue.fail(new Error('boom'));
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const item of queue) out.push(item);
      })(),
    ).rejects.toThrow('boom');
    expect(out).toEqual([1, 2]);
  });
});
