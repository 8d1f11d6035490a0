import { afterEach, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { connectSse, type SseConnection, type SseEvent } from '../helpers/sse-client.js';
import { dataRows } from '../helpers/sse-events.js';
import { brokers, createTopic, describeWithKafka, jsonRow, producer } from './helpers.js';

const running: { daemon: TestDaemon; clients: SseConnection[] }[] = [];
afterEach(async () => {
  for (const { daemon, clients } of running.splice(0)) {
    for (const c of clients) c.close();
    await daemon.stop();
  }
});

/** A daemon with one Kafka stream `k`, reading from the start of the run. */
async function kafkaStream(source: Record<string, unknown>, columns: unknown[] = ['timestamp', 'sensor_04', 'sensor_18']) {
  const daemon = await startTestDaemon({
    streams: [{ id: 'k', autostart: true, source: { type: 'kafka', brokers: brokers(), ...source }, columns }],
  });
  const entry = { daemon, clients: [] as SseConnection[] };
  running.push(entry);
  const channel = daemon.hub.get('k')!;
  await expect.poll(() => channel.sourceStatus, { timeout: 30_000 }).toBe('live');
  return {
    daemon,
    channel,
    async watch() {
      const sse = await connectSse(`${daemon.url}/api/streams/k/events`);
      entry.clients.push(sse);
      return sse;
    },
  };
}

const rows = (events: SseEvent[], names = ['timestamp', 'sensor_04', 'sensor_18']) => dataRows(events, names);

const minute = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();

describeWithKafka('kafka source against a real broker', () => {
  describe('message formats', () => {
    it('streams JSON objects end to end: the backlog from earliest, then live messages', async () => {
      const topic = await createTopic();
      const p = await producer();
      await p.send(topic, [0, 1, 2, 3, 4].map(jsonRow));
      const { watch } = await kafkaStream({ topic, start: 'earliest' });
      const sse = await watch();
      await sse.until((events) => rows(events).length >= 5);
      await p.send(topic, [5, 6, 7].map(jsonRow));
      await sse.until((events) => rows(events).length >= 8, 20_000);
      await p.close();
      expect(rows(sse.events)).toEqual(
        [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ timestamp: minute(i), sensor_04: i / 100, sensor_18: 1 - i / 100 })),
      );
    });

    it('streams CSV lines with a configured header', async () => {
      const topic = await createTopic();
      const p = await producer();
      await p.send(topic, ['2024-01-01 00:00:00,0.5,0.25', '2024-01-01 00:01:00,,0.75\n2024-01-01 00:02:00,1,x']);
      await p.close();
      const { watch } = await kafkaStream({ topic, start: 'earliest', format: 'csv', fields: ['timestamp', 'sensor_04', 'sensor_18'] });
      const sse = await watch();
      await sse.until((events) => rows(events).length >= 3);
      expect(rows(sse.events)).toEqual([
        { timestamp: minute(0), sensor_04: 0.5, sensor_18: 0.25 },
        { timestamp: minute(1), sensor_04: null, sensor_18: 0.75 },
        { timestamp: minute(2), sensor_04: 1, sensor_18: null },
      ]);
    });

    it('streams JSON arrays named by fields, with the time from the Kafka message timestamp', async () => {
      const topic = await createTopic();
      const p = await producer();
      const at = Date.UTC(2025, 5, 1, 12, 0, 0);
      await p.send(topic, [[0.1, 0.2]], { timestamp: at });
      await p.send(
        topic,
        [
          [
            [0.3, 0.4],
            [0.5, 0.6],
          ],
        ],
        { timestamp: at + 1000 },
      );
      await p.close();
      const { watch } = await kafkaStream({
        topic,
        start: 'earliest',
        format: 'json-array',
        fields: ['sensor_04', 'sensor_18'],
        timestamp: 'kafka',
      });
      const sse = await watch();
      await sse.until((events) => rows(events).length >= 3);
      expect(rows(sse.events)).toEqual([
        { timestamp: new Date(at).toISOString(), sensor_04: 0.1, sensor_18: 0.2 },
        { timestamp: new Date(at + 1000).toISOString(), sensor_04: 0.3, sensor_18: 0.4 },
        { timestamp: new Date(at + 1000).toISOString(), sensor_04: 0.5, sensor_18: 0.6 },
      ]);
    });
  });

  describe('start positions', () => {
    it('latest: only messages produced after the stream started', async () => {
      const topic = await createTopic();
      const p = await producer();
      await p.send(topic, [0, 1, 2].map(jsonRow));
      const { watch } = await kafkaStream({ topic });
      const sse = await watch();
      await p.send(topic, [3, 4].map(jsonRow));
      await sse.until((events) => rows(events).length >= 2, 20_000);
      await p.close();
      expect(rows(sse.events).map((r) => r.timestamp)).toEqual([minute(3), minute(4)]);
    });

    it('latest with lastPerPartition: the last N of every partition, so a new chart is not empty', async () => {
      const topic = await createTopic(2);
      const p = await producer();
      await p.send(topic, [0, 1, 2, 3, 4].map(jsonRow), { partition: 0 });
      await p.send(topic, [10, 11, 12, 13].map(jsonRow), { partition: 1 });
      await p.close();
      const { watch } = await kafkaStream({ topic, lastPerPartition: 2 });
      const sse = await watch();
      await sse.until((events) => rows(events).length >= 4);
      // Showing that no further row arrives takes a wait; half a second is many fetches.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(
        rows(sse.events)
          .map((r) => r.timestamp)
          .sort(),
      ).toEqual([minute(3), minute(4), minute(12), minute(13)]);
    });

    it('a timestamp: messages at or after it', async () => {
      const topic = await createTopic();
      const p = await producer();
      const base = Date.now() - 60_000;
      for (let i = 0; i < 6; i++) await p.send(topic, [jsonRow(i)], { timestamp: base + i * 1000 });
      await p.close();
      const { watch } = await kafkaStream({ topic, start: { timestamp: new Date(base + 3000).toISOString() } });
      const sse = await watch();
      await sse.until((events) => rows(events).length >= 3);
      // Showing that no earlier row arrives late takes a wait; half a second is many fetches.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(rows(sse.events).map((r) => r.timestamp)).toEqual([minute(3), minute(4), minute(5)]);
    });
  });

  describe('malformed messages', () => {
    it('are skipped and counted; good messages around them flow, wrong types become gaps', async () => {
      const topic = await createTopic();
      const p = await producer();
      await p.send(topic, [
        jsonRow(0),
        'not json',
        '[1,2,3]',
        'x'.repeat(1_000_000),
        jsonRow(1),
        { timestamp: minute(2), sensor_04: 'abc', sensor_18: [1] },
      ]);
      await p.close();
      const { watch, channel } = await kafkaStream({ topic, start: 'earliest' });
      const sse = await watch();
      await sse.until((events) => rows(events).length >= 3);
      expect(rows(sse.events)).toEqual([
        { timestamp: minute(0), sensor_04: 0, sensor_18: 1 },
        { timestamp: minute(1), sensor_04: 0.01, sensor_18: 0.99 },
        { timestamp: minute(2), sensor_04: null, sensor_18: null },
      ]);
      expect(channel.sourceCounters()).toMatchObject({ malformed: 3, messages: 6 });
    });
  });

  describe('event ids', () => {
    it('are ordered and every viewer of the stream shares one consumer', async () => {
      const topic = await createTopic();
      const { watch, channel, daemon } = await kafkaStream({ topic });
      const viewers = await Promise.all([watch(), watch(), watch()]);
      const p = await producer();
      await p.send(topic, [0, 1, 2, 3].map(jsonRow));
      await p.close();
      for (const v of viewers) await v.until((events) => rows(events).length >= 4);
      expect(channel.stats.runs).toBe(1);
      expect(daemon.hub.get('k')!.viewerCount).toBe(3);
      const ids = viewers.map((v) => v.events.filter((e) => e.event === 'update' || e.event === 'batch').map((e) => e.id));
      expect(ids[1]).toEqual(ids[0]);
      expect(ids[2]).toEqual(ids[0]);
    });
  });
});
