import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { seedBefore } from '../../../src/sources/kafka/consumer.js';
import { planSeed, SeedSplitter, type SeedPlan } from '../../../src/sources/kafka/seed.js';
import type { ConsumerConfig } from '../../../src/sources/kafka/wire.js';

const NOW = Date.UTC(2024, 0, 1, 12);
const HOUR = 3600_000;

/** An admin whose offsets-by-timestamp answer is `offsets` (partition → offset). */
const adminAnswering = (offsets: Record<number, number>) => ({
  fetchTopicOffsetsByTimestamp: vi.fn(async () =>
    Object.entries(offsets).map(([partition, offset]) => ({ partition: Number(partition), offset: String(offset) })),
  ),
});

const message = (offset: number, timestamp: number) => ({ offset: String(offset), timestamp: String(timestamp) }) as KafkaMessage;

describe('planSeed', () => {
  it('asks for the offsets of now minus the duration and reads from them to the live start', async () => {
    const admin = adminAnswering({ 0: 10, 1: 7 });
    const plan = await planSeed(
      admin,
      't',
      new Map([
        [0, 25],
        [1, 9],
      ]),
      { durationMs: HOUR, maxMessages: 1000 },
      NOW,
    );
    expect(admin.fetchTopicOffsetsByTimestamp).toHaveBeenCalledWith('t', NOW - HOUR);
    expect(plan).toEqual({
      since: NOW - HOUR,
      ranges: new Map([
        [0, { from: 10, end: 25 }],
        [1, { from: 7, end: 9 }],
      ]),
    });
  });

  it('reads no more than maxMessages of a partition, the newest', async () => {
    const plan = await planSeed(adminAnswering({ 0: 0 }), 't', new Map([[0, 500]]), { durationMs: HOUR, maxMessages: 100 }, NOW);
    expect(plan.ranges.get(0)).toEqual({ from: 400, end: 500 });
  });

  it('leaves out a partition with nothing in the window (its high watermark) or already read live', async () => {
    const plan = await planSeed(
      adminAnswering({ 0: 30, 1: 5, 2: -1 }),
      't',
      new Map([
        [0, 30],
        [1, 3],
        [2, 8],
      ]),
      { durationMs: HOUR, maxMessages: 100 },
      NOW,
    );
    expect(plan.ranges.size).toBe(0);
  });
});

describe('SeedSplitter', () => {
  const plan = (): SeedPlan => ({
    since: NOW - HOUR,
    ranges: new Map([
      [0, { from: 10, end: 13 }],
      [1, { from: 4, end: 5 }],
    ]),
  });

  it('keeps a fetch before the range end as seed, inside the window only, and the rest as live', () => {
    const splitter = new SeedSplitter(plan(), () => {});
    const fetched = [message(10, NOW - 50 * 60_000), message(11, NOW - 2 * HOUR), message(12, NOW - 1), message(13, NOW), message(14, NOW)];
    const { seed, live } = splitter.split(0, fetched);
    expect(seed.map((m) => m.offset)).toEqual(['10', '12']);
    expect(live.map((m) => m.offset)).toEqual(['13', '14']);
  });

  it('says once, when every partition has reached its range end, how many seed messages it let through', () => {
    const onRead = vi.fn();
    const splitter = new SeedSplitter(plan(), onRead);
    splitter.split(0, [message(10, NOW), message(11, NOW - 2 * HOUR)]);
    splitter.reached(0, 11);
    expect(splitter.covers(0)).toBe(true);
    splitter.split(0, [message(12, NOW)]);
    splitter.reached(0, 12);
    expect(splitter.covers(0)).toBe(false);
    expect(onRead).not.toHaveBeenCalled();
    splitter.reached(1, 4); // control records only
    expect(onRead).toHaveBeenCalledExactlyOnceWith({ messages: 2, older: 1 });
    splitter.reached(1, 9);
    expect(onRead).toHaveBeenCalledOnce();
  });

  it('is read at once when there is nothing to seed', () => {
    const onRead = vi.fn();
    new SeedSplitter({ since: 1, ranges: new Map() }, onRead);
    expect(onRead).toHaveBeenCalledExactlyOnceWith({ messages: 0, older: 0 });
  });
});

describe('seedBefore', () => {
  it('logs a failed lookup and goes live without a seed', async () => {
    const log = vi.fn();
    const notify = vi.fn();
    const admin = { fetchTopicOffsetsByTimestamp: async () => Promise.reject(new Error('broker said no')) };
    const config = { topic: 't', seed: { durationMs: HOUR, maxMessages: 10 } } as ConsumerConfig;
    const hooks = { log, notify, reconnected: () => {}, started: () => {}, deliver: async () => {} };
    expect(await seedBefore(new Map([[0, 5]]), admin as never, config, hooks)).toBeUndefined();
    expect(log).toHaveBeenCalledWith(
      'warn',
      { err: expect.objectContaining({ message: 'broker said no' }) },
      'cannot seed the history from the topic; going live without it',
    );
    expect(notify).not.toHaveBeenCalled();
  });
});
