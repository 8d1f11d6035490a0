import { describe, expect, it } from 'vitest';
import { kafkaConfigSchema } from '../../../src/sources/kafka/config.js';
import { superviseConsumers } from '../../../src/sources/kafka/consumer.js';
import type { ConsumerConfig } from '../../../src/sources/kafka/wire.js';

/** A kafkajs client whose consumers connect at once and crash when told; it records their groups. */
function fakeKafka() {
  const groups: string[] = [];
  const crashes: (() => void)[] = [];
  const kafka = {
    admin: () => ({
      connect: async () => {},
      disconnect: async () => {},
      fetchTopicOffsets: async () => [{ partition: 0, offset: '0', low: '0', high: '0' }],
    }),
    consumer: ({ groupId }: { groupId: string }) => {
      groups.push(groupId);
      const listeners = new Map<string, (event: unknown) => void>();
      return {
        events: { CRASH: 'crash', GROUP_JOIN: 'join', END_BATCH_PROCESS: 'end' },
        on: (name: string, listener: (event: unknown) => void) => listeners.set(name, listener),
        connect: async () => {},
        subscribe: async () => {},
        run: async () => {
          crashes.push(() => listeners.get('crash')?.({ payload: { error: new Error('Connection error: ECONNREFUSED') } }));
        },
        seek: () => {},
        disconnect: async () => {},
      };
    },
  };
  return { kafka, groups, crashes };
}

async function groupsAfterTwoCrashes(groupId?: string): Promise<string[]> {
  const { kafka, groups, crashes } = fakeKafka();
  const config: ConsumerConfig = {
    ...kafkaConfigSchema.parse({ brokers: ['127.0.0.1:9'], topic: 't', start: 'earliest', groupId }),
    groupId: groupId ?? 'realtime-graph-h-1-k-abcd',
    namedGroup: groupId !== undefined,
  };
  const hooks = { notify: () => {}, log: () => {}, reconnected: () => {}, started: () => {}, deliver: async () => {} };
  const stop = new AbortController();
  const supervising = superviseConsumers(kafka as never, config, hooks, stop.signal);
  for (let crashed = 0; crashed < 2; crashed++) {
    await expect.poll(() => crashes.length, { timeout: 10_000 }).toBe(crashed + 1);
    crashes[crashed]!();
  }
  await expect.poll(() => crashes.length, { timeout: 10_000 }).toBe(3);
  stop.abort();
  await supervising;
  return groups;
}

describe('the consumer supervisor', () => {
  it('replaces a lost consumer with one in a fresh group (the restarted broker would hold its join in the old one)', async () => {
    expect(await groupsAfterTwoCrashes()).toEqual([
      'realtime-graph-h-1-k-abcd',
      'realtime-graph-h-1-k-abcd-1',
      'realtime-graph-h-1-k-abcd-2',
    ]);
  });

  it('keeps a group the operator named', async () => {
    expect(await groupsAfterTwoCrashes('dashboards')).toEqual(['dashboards', 'dashboards', 'dashboards']);
  });
});
