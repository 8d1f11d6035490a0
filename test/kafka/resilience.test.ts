import { afterEach, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { itIfAvailable } from '../helpers/requirements.js';
import { connectSse, httpGet, type SseConnection, type SseEvent } from '../helpers/sse-client.js';
import { rowTimes } from '../helpers/sse-events.js';
import { pumpCsv } from '../helpers/temp.js';
import { kafkaLocal } from './broker.js';
import { brokers, createTopic, describeWithKafka, jsonRow, producer, restartableBrokerMissing } from './helpers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function daemonWith(streams: Record<string, unknown>[], files: Record<string, string> = {}): Promise<TestDaemon> {
  const daemon = await startTestDaemon({ streams, files });
  cleanup.push(() => daemon.stop());
  return daemon;
}

async function watch(daemon: TestDaemon, id: string): Promise<SseConnection> {
  const sse = await connectSse(`${daemon.url}/api/streams/${id}/events`);
  cleanup.push(() => sse.close());
  return sse;
}

const timestamps = (events: SseEvent[]) => rowTimes(events);
const minute = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();

describe('kafka brokers down at start-up', () => {
  it('the daemon starts, CSV streams work, /readyz names the Kafka stream, viewers are told', async () => {
    const daemon = await daemonWith(
      [
        // port 9 (discard) on loopback: nothing listens there
        {
          id: 'kafka',
          autostart: true,
          source: { type: 'kafka', brokers: ['127.0.0.1:9'], topic: 't', connectionTimeoutMs: 200 },
          columns: ['timestamp', 'v'],
        },
        { id: 'csv', source: { type: 'csv', file: 'p.csv', rate: 50 }, columns: ['timestamp', 'sensor_04'] },
      ],
      { 'p.csv': pumpCsv(20) },
    );
    const csv = await watch(daemon, 'csv');
    await csv.until((events) => events.some((e) => e.event === 'jobfinished'));

    const kafka = await watch(daemon, 'kafka');
    const told = await kafka.until(
      (events) => events.some((e) => e.event === 'status' && JSON.parse(e.data).state === 'reconnecting'),
      20_000,
    );
    const status = JSON.parse(told.find((e) => e.event === 'status' && JSON.parse(e.data).state === 'reconnecting')!.data);
    expect(status.message).toBe('cannot reach the Kafka brokers (127.0.0.1:9)');

    const ready = await httpGet(`${daemon.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({
      status: 'not ready',
      streams: expect.arrayContaining([
        expect.objectContaining({ id: 'kafka', ready: false, status: 'reconnecting' }),
        expect.objectContaining({ id: 'csv', ready: true }),
      ]),
    });
    expect((await httpGet(`${daemon.url}/healthz`)).status).toBe(200);
  });
});

describeWithKafka('kafka with a real broker', () => {
  it('two daemon instances each serve the same topic to their own viewers', async () => {
    const topic = await createTopic();
    const stream = { id: 'k', autostart: true, source: { type: 'kafka', brokers: brokers(), topic }, columns: ['timestamp', 'sensor_04'] };
    const [a, b] = await Promise.all([daemonWith([stream]), daemonWith([stream])]);
    expect(a.url).not.toBe(b.url);
    for (const d of [a, b]) await expect.poll(() => d.hub.get('k')!.sourceStatus, { timeout: 30_000 }).toBe('live');
    const viewers = [await watch(a, 'k'), await watch(a, 'k'), await watch(b, 'k')];
    const p = await producer();
    await p.send(topic, [0, 1, 2, 3, 4].map(jsonRow));
    await p.close();
    for (const v of viewers) await v.until((events) => timestamps(events).length >= 5, 20_000);
    for (const v of viewers) expect(timestamps(v.events)).toEqual([0, 1, 2, 3, 4].map(minute));
  });

  itIfAvailable(
    'recovers by itself when the broker restarts mid-stream, losing and repeating nothing',
    restartableBrokerMissing(),
    async () => {
      const topic = await createTopic();
      const daemon = await daemonWith([
        { id: 'k', autostart: true, source: { type: 'kafka', brokers: brokers(), topic }, columns: ['timestamp', 'sensor_04'] },
      ]);
      const channel = daemon.hub.get('k')!;
      await expect.poll(() => channel.sourceStatus, { timeout: 30_000 }).toBe('live');
      const sse = await watch(daemon, 'k');
      const p1 = await producer();
      await p1.send(topic, [0, 1, 2].map(jsonRow));
      await p1.close();
      await sse.until((events) => timestamps(events).length >= 3, 20_000);

      expect((await kafkaLocal('stop')).code).toBe(0);
      await sse.until((events) => events.some((e) => e.event === 'status' && JSON.parse(e.data).state === 'reconnecting'), 30_000);
      const started = await kafkaLocal('start');
      expect(started.code, started.stderr).toBe(0);
      const restartedAt = Date.now();

      await expect.poll(() => channel.sourceStatus, { timeout: 30_000, interval: 200 }).toBe('live');
      const p2 = await producer();
      await p2.send(topic, [3, 4, 5].map(jsonRow));
      await p2.close();
      await sse.until((events) => timestamps(events).length >= 6, 30_000);
      expect(Date.now() - restartedAt).toBeLessThan(30_000);
      // Showing that no row is repeated after the six takes a wait; half a second is many fetches.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(timestamps(sse.events)).toEqual([0, 1, 2, 3, 4, 5].map(minute));
      expect(channel.state).toBe('running');
      expect(channel.sourceCounters().reconnects).toBeGreaterThanOrEqual(1);
    },
    120_000,
  );
});
