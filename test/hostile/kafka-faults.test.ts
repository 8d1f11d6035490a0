import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { itIfAvailable } from '../helpers/requirements.js';
import { connectSse, type SseConnection, type SseEvent } from '../helpers/sse-client.js';
import { dataRows } from '../helpers/sse-events.js';
import { kafkaLocal, LOCAL_BROKER_ENV } from '../kafka/broker.js';
import { brokers, createTopic, describeWithKafka, jsonRow, producer, restartableBrokerMissing } from '../kafka/helpers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function kafkaDaemon(topic: string): Promise<{ daemon: TestDaemon; sse: SseConnection }> {
  const daemon = await startTestDaemon({
    streams: [
      {
        id: 'k',
        autostart: true,
        source: { type: 'kafka', brokers: brokers(), topic, start: 'earliest' },
        columns: ['timestamp', 'sensor_04'],
      },
    ],
  });
  cleanup.push(() => daemon.stop());
  await expect.poll(() => daemon.hub.get('k')!.sourceStatus, { timeout: 30_000 }).toBe('live');
  const sse = await connectSse(`${daemon.url}/api/streams/k/events`);
  cleanup.push(() => sse.close());
  return { daemon, sse };
}

const rows = (events: SseEvent[]) => dataRows(events, ['timestamp', 'sensor_04']);

describeWithKafka('kafka faults', () => {
  it('skips and counts poison messages: not JSON, 1 MB, wrong types, empty', async () => {
    const topic = await createTopic();
    const p = await producer();
    await p.send(topic, [
      jsonRow(0),
      '{"timestamp": "2024-01-01T00:01:00Z", "sensor_04": ',
      Buffer.alloc(1_000_000, 0x7b),
      '',
      { timestamp: [], sensor_04: { deep: [1, 2] } },
      jsonRow(5),
    ]);
    await p.close();
    const { daemon, sse } = await kafkaDaemon(topic);
    await sse.until((events) => rows(events).length >= 3);
    expect(rows(sse.events)).toEqual([
      { timestamp: '2024-01-01T00:00:00.000Z', sensor_04: 0 },
      { timestamp: null, sensor_04: null },
      { timestamp: '2024-01-01T00:05:00.000Z', sensor_04: 0.05 },
    ]);
    expect(daemon.hub.get('k')!.sourceCounters()).toMatchObject({ messages: 6, malformed: 3 });
  });

  itIfAvailable(
    'recovers when the broker is killed (SIGKILL) mid-stream and restarted, without a crash or a lost row',
    restartableBrokerMissing(),
    async () => {
      const topic = await createTopic();
      const { daemon, sse } = await kafkaDaemon(topic);
      const p1 = await producer();
      await p1.send(topic, [0, 1].map(jsonRow));
      await p1.close();
      await sse.until((events) => rows(events).length >= 2, 20_000);

      const pid = Number(await readFile(join(LOCAL_BROKER_ENV.KAFKA_LOCAL_DIR, 'broker.pid'), 'utf8'));
      expect(pid).toBeGreaterThan(0);
      process.kill(pid, 'SIGKILL'); // the broker this test suite started
      await sse.until((events) => events.some((e) => e.event === 'status' && JSON.parse(e.data).state === 'reconnecting'), 30_000);
      const started = await kafkaLocal('start');
      expect(started.code, started.stderr).toBe(0);
      await expect.poll(() => daemon.hub.get('k')!.sourceStatus, { timeout: 30_000, interval: 250 }).toBe('live');

      const p2 = await producer();
      await p2.send(topic, [2, 3].map(jsonRow));
      await p2.close();
      await sse.until((events) => rows(events).length >= 4, 30_000);
      expect(rows(sse.events).map((r) => r.timestamp)).toEqual([0, 1, 2, 3].map((i) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString()));
      expect(daemon.hub.get('k')!.state).toBe('running');
    },
    120_000,
  );
});
