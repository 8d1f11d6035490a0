import { describe, expect, it } from 'vitest';
import { BacktestQueue } from '../../src/backtest/backtest-queue.js';

/** A job the test finishes when it says, recording when it started. */
function deferredJob(log: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const job = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => {
      finish = (v) => {
        log.push(`end ${name}`);
        resolve(v);
      };
      fail = reject;
    });
  };
  return { job, finish: (v: string) => finish(v), fail: (e: Error) => fail(e) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BacktestQueue', () => {
  it('runs one job at a time, in the order asked', async () => {
    const queue = new BacktestQueue<string>();
    const log: string[] = [];
    const a = deferredJob(log, 'a');
    const b = deferredJob(log, 'b');
    const first = queue.get('a', a.job)!;
    const second = queue.get('b', b.job)!;
    await tick();
    expect(log).toEqual(['start a']);
    a.finish('A');
    expect(await first).toBe('A');
    await tick();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    b.finish('B');
    expect(await second).toBe('B');
  });

  it('answers a key asked again from what it kept, or shares the job in progress', async () => {
    const queue = new BacktestQueue<string>();
    const log: string[] = [];
    const a = deferredJob(log, 'a');
    const first = queue.get('a', a.job)!;
    const again = queue.get('a', () => Promise.reject(new Error('not run')))!;
    expect(again).toBe(first);
    await tick();
    a.finish('A');
    expect(await queue.get('a', () => Promise.resolve('other'))).toBe('A');
    expect(log).toEqual(['start a', 'end a']);
  });

  it('keeps the most recently asked results only', async () => {
    const queue = new BacktestQueue<string>(2);
    for (const key of ['a', 'b']) await queue.get(key, () => Promise.resolve(key));
    await queue.get('a', () => Promise.resolve('a again')); // a is now the newest
    await queue.get('c', () => Promise.resolve('c'));
    expect(await queue.get('a', () => Promise.resolve('a third'))).toBe('a');
    expect(await queue.get('b', () => Promise.resolve('b again'))).toBe('b again');
  });

  it('refuses one job more than it may hold pending, and takes jobs again once they are done', async () => {
    const queue = new BacktestQueue<string>(16, 2);
    const log: string[] = [];
    const a = deferredJob(log, 'a');
    const b = deferredJob(log, 'b');
    const first = queue.get('a', a.job)!;
    const second = queue.get('b', b.job)!;
    expect(queue.get('c', () => Promise.resolve('c'))).toBeUndefined();
    await tick();
    a.finish('A');
    await first;
    await tick();
    b.finish('B');
    await second;
    expect(await queue.get('c', () => Promise.resolve('c'))).toBe('c');
  });

  it('does not keep a failed job, and runs the next one after it', async () => {
    const queue = new BacktestQueue<string>();
    const log: string[] = [];
    const a = deferredJob(log, 'a');
    const failed = queue.get('a', a.job)!;
    const next = queue.get('b', () => Promise.resolve('B'))!;
    await tick();
    a.fail(new Error('bad file'));
    await expect(failed).rejects.toThrow('bad file');
    expect(await next).toBe('B');
    expect(await queue.get('a', () => Promise.resolve('A'))).toBe('A');
  });
});
