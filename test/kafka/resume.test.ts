import { afterEach, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { connectSse, type SseConnection, type SseEvent } from '../helpers/sse-client.js';
import { dataEvents, rowTimes } from '../helpers/sse-events.js';
import { brokers, createTopic, describeWithKafka, jsonRow, producer } from './helpers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function daemonOn(topic: string, source: Record<string, unknown> = {}): Promise<TestDaemon> {
  const daemon = await startTestDaemon({
    streams: [
      {
        id: 'k',
        autostart: true,
        source: { type: 'kafka', brokers: brokers(), topic, ...source },
        columns: ['timestamp', 'sensor_04'],
        batch: { aboveRate: 1_000_000 }, // one event per row, so ids name single positions
      },
    ],
  });
  cleanup.push(() => daemon.stop());
  await expect.poll(() => daemon.hub.get('k')!.sourceStatus, { timeout: 30_000 }).toBe('live');
  return daemon;
}

async function watch(daemon: TestDaemon, lastEventId?: string): Promise<SseConnection> {
  const sse = await connectSse(`${daemon.url}/api/streams/k/events`, lastEventId ? { 'Last-Event-ID': lastEventId } : {});
  cleanup.push(() => sse.close());
  return sse;
}

const data = dataEvents;
const minutes = (events: SseEvent[]) => rowTimes(events).map((t) => new Date(t as string).getUTCMinutes());

describeWithKafka('event ids of a kafka stream', () => {
  it('name the position reached in the topic, partition:offset', async () => {
    const topic = await createTopic();
    const daemon = await daemonOn(topic);
    const sse = await watch(daemon);
    const p = await producer();
    await p.send(topic, [0, 1, 2].map(jsonRow));
    await p.close();
    await sse.until((events) => data(events).length >= 3);
    expect(data(sse.events).map((e) => e.id)).toEqual(['0:0', '0:1', '0:2']);
  });

  it('let a viewer resume on another daemon instance without a gap or a duplicate', async () => {
    const topic = await createTopic();
    const p = await producer();
    await p.send(topic, [0, 1, 2, 3].map(jsonRow));
    const a = await daemonOn(topic, { start: 'earliest' });
    const b = await daemonOn(topic, { start: 'earliest' });
    const first = await watch(a);
    await first.until((events) => minutes(events).length >= 4); // (a joining viewer's recent rows come as one batch)
    first.close();
    const lastId = data(first.events).at(-1)!.id;
    expect(lastId).toBe('0:3');

    await p.send(topic, [4, 5, 6].map(jsonRow));
    await p.close();
    // The other instance has read the topic as far (it resumes a viewer from rows it holds).
    await expect.poll(() => b.hub.get('k')!.stats.rowsRead, { timeout: 30_000 }).toBe(7);
    // The load balancer sends the returning viewer to the other instance.
    const second = await watch(b, lastId);
    await second.until((events) => minutes(events).length >= 3);
    expect(second.events[0]!.event).toBe('meta');
    expect(minutes([...first.events, ...second.events])).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('reset a viewer whose position is older than what the instance has kept', async () => {
    const topic = await createTopic();
    const p = await producer();
    await p.send(topic, [0, 1, 2, 3, 4, 5].map(jsonRow));
    await p.close();
    const late = await daemonOn(topic, { lastPerPartition: 2 }); // has offsets 4 and 5 only
    const sse = await watch(late, '0:1');
    await sse.until((events) => minutes(events).length >= 2);
    expect(sse.events[0]!.event).toBe('reset');
    expect(minutes(sse.events)).toEqual([4, 5]);
  });
});
