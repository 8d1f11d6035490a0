import { Kafka, logLevel } from 'kafkajs';
import { afterEach, expect, it } from 'vitest';
import type { HistoryData } from '../../src/protocol/events.js';
import { historySchema } from '../../src/protocol/schemas.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { connectSse, httpGet, type SseConnection, type SseEvent } from '../helpers/sse-client.js';
import { dataEvents, dataRows } from '../helpers/sse-events.js';
import { brokers, createTopic, describeWithKafka, producer, type TestProducer } from './helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SEEDED = 'history seeded from the topic';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Message `n`, timestamped `at` both as its Kafka timestamp and in its time field. */
async function sendAt(p: TestProducer, topic: string, n: number, at: number): Promise<void> {
  await p.send(topic, [{ timestamp: new Date(at).toISOString(), n }], { timestamp: at });
}

async function openProducer(): Promise<TestProducer> {
  const p = await producer();
  cleanup.push(() => p.close());
  return p;
}

/** A daemon with Kafka stream `k` (columns timestamp, n) that seeds its history from the last hour. */
async function seedingDaemon(topic: string, tuning: { autostart?: boolean; keep?: Record<string, unknown> } = {}): Promise<TestDaemon> {
  const daemon = await startTestDaemon({
    streams: [
      {
        id: 'k',
        autostart: tuning.autostart ?? true,
        source: { type: 'kafka', brokers: brokers(), topic },
        columns: ['timestamp', 'n'],
        history: { seedFromTopic: '1h', ...(tuning.keep ? { keep: tuning.keep } : {}) },
        batch: { aboveRate: 1_000_000 },
      },
    ],
  });
  cleanup.push(() => daemon.stop());
  return daemon;
}

async function watch(daemon: TestDaemon): Promise<SseConnection> {
  const sse = await connectSse(`${daemon.url}/api/streams/k/events`);
  cleanup.push(() => sse.close());
  return sse;
}

/** The seed's log line, once the seed is read. */
async function seeded(daemon: TestDaemon): Promise<Record<string, unknown>> {
  await expect.poll(() => daemon.logs.some((l) => l.msg === SEEDED), { timeout: 30_000 }).toBe(true);
  return daemon.logs.find((l) => l.msg === SEEDED)!;
}

/** Every kept row of `k` at full resolution: its times and its `n`. */
async function history(daemon: TestDaemon): Promise<{ t: number[]; n: number[] }> {
  const res = await httpGet(`${daemon.url}/api/streams/k/history?points=50000`);
  expect(res.status).toBe(200);
  const data = historySchema.parse(JSON.parse(res.body)) as HistoryData;
  expect(data.resolution).toBe('full');
  return { t: data.series[0]!.t as number[], n: data.series[0]!.y as number[] };
}

/** The `n` of the rows a viewer got as events. */
const liveN = (events: SseEvent[]) => dataRows(events, ['timestamp', 'n']).map((row) => row.n);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describeWithKafka('a kafka stream seeding its history from the topic (history.seedFromTopic)', () => {
  it('keeps exactly the messages of the last hour, in order, then the live ones, and sends viewers only the live ones', async () => {
    const topic = await createTopic();
    const p = await openProducer();
    const now = Date.now();
    const times = [
      now - 3 * HOUR,
      now - 2 * HOUR,
      now - 61 * MINUTE,
      now - 50 * MINUTE,
      now - 40 * MINUTE,
      now - 90 * MINUTE,
      now - 30 * MINUTE,
      now - MINUTE,
    ];
    // n = 5 comes after the window began but carries an older timestamp (a producer may set one).
    for (const [n, at] of times.entries()) await sendAt(p, topic, n, at);

    // The viewer's arrival starts the run: it is connected while the seed is read.
    const daemon = await seedingDaemon(topic, { autostart: false });
    const sse = await watch(daemon);
    const line = await seeded(daemon);
    // Read from the offset of the window's start: only n = 5, inside the offsets, is left out as older.
    expect(line).toMatchObject({
      messages: 4,
      older: 1,
      rows: 4,
      from: new Date(times[3]!).toISOString(),
      to: new Date(times[7]!).toISOString(),
      kept: 4,
      offsets: [{ partition: 0, from: 3, end: 8 }],
    });
    expect(Date.parse(line.since as string)).toBeGreaterThanOrEqual(now - HOUR);
    expect(await history(daemon)).toEqual({ t: [3, 4, 6, 7].map((n) => times[n]), n: [3, 4, 6, 7] });

    const live = [Date.now(), Date.now() + 1];
    await sendAt(p, topic, 8, live[0]!);
    await sendAt(p, topic, 9, live[1]!);
    await sse.until((events) => liveN(events).length >= 2);
    expect(liveN(sse.events)).toEqual([8, 9]);
    await expect.poll(async () => (await history(daemon)).n).toEqual([3, 4, 6, 7, 8, 9]);
    expect((await history(daemon)).t).toEqual([...[3, 4, 6, 7].map((n) => times[n]), ...live]);
    const metrics = await httpGet(`${daemon.url}/metrics`);
    expect(metrics.body).toMatch(/rtg_source_seeded_total\{[^}]*stream="k"[^}]*\} 4/);
  });

  it('joins the seed to the live rows without a duplicate or a gap while messages keep arriving', async () => {
    const topic = await createTopic();
    const p = await openProducer();
    let produced = 0;
    let stop = false;
    // As fast as the broker acknowledges (no pause), so the run starts in the middle of the traffic.
    const producing = (async () => {
      while (!stop && produced < 5000) {
        const batch = range(produced, produced + 10);
        await p.send(
          topic,
          batch.map((n) => ({ timestamp: new Date().toISOString(), n })),
        );
        produced += batch.length;
      }
    })();
    await expect.poll(() => produced, { timeout: 30_000 }).toBeGreaterThanOrEqual(100);
    const daemon = await seedingDaemon(topic, { autostart: false });
    const sse = await watch(daemon);
    const line = await seeded(daemon);
    await sse.until((events) => liveN(events).length >= 50 || produced >= 5000, 30_000);
    stop = true;
    await producing;

    const seedCount = line.messages as number;
    expect(seedCount).toBeGreaterThanOrEqual(100);
    // The seed is the offsets before the high watermark captured at start; the live rows start there.
    expect(line.offsets).toEqual([{ partition: 0, from: 0, end: seedCount }]);
    await expect.poll(async () => (await history(daemon)).n.length, { timeout: 30_000 }).toBe(produced);
    expect((await history(daemon)).n).toEqual(range(0, produced));
    await sse.until((events) => liveN(events).length >= produced - seedCount, 30_000);
    // The viewer got the rest, from the first message after the seed on.
    expect(liveN(sse.events)).toEqual(range(seedCount, produced));
    expect(dataEvents(sse.events)[0]!.id).toBe(`0:${seedCount}`);
  });

  it('shows the last hour again after the daemon restarts', async () => {
    const topic = await createTopic();
    const p = await openProducer();
    const now = Date.now();
    await sendAt(p, topic, 0, now - 2 * HOUR);
    await sendAt(p, topic, 1, now - 20 * MINUTE);
    const first = await seedingDaemon(topic);
    await seeded(first);
    const liveAt = Date.now();
    await sendAt(p, topic, 2, liveAt);
    await expect.poll(async () => (await history(first)).n, { timeout: 30_000 }).toEqual([1, 2]);
    await first.stop();

    const second = await seedingDaemon(topic);
    expect(await seeded(second)).toMatchObject({ messages: 2, older: 0, rows: 2 });
    expect(await history(second)).toEqual({ t: [now - 20 * MINUTE, liveAt], n: [1, 2] });
  });

  it('finishes a seed whose range ends in a transaction marker (its last offset holds no message)', async () => {
    const topic = await createTopic();
    const kafka = new Kafka({ clientId: 'rtg-test', brokers: brokers(), logLevel: logLevel.NOTHING });
    const transactional = kafka.producer({ transactionalId: `rtg-test-${topic}`, idempotent: true, maxInFlightRequests: 1 });
    await transactional.connect();
    cleanup.push(() => transactional.disconnect());
    const now = Date.now();
    const transaction = await transactional.transaction();
    await transaction.send({
      topic,
      messages: [0, 1].map((n) => ({
        value: JSON.stringify({ timestamp: new Date(now - 10 * MINUTE + n).toISOString(), n }),
        timestamp: String(now - 10 * MINUTE),
      })),
    });
    await transaction.commit();
    const daemon = await seedingDaemon(topic);
    expect(await seeded(daemon)).toMatchObject({ messages: 2, rows: 2, offsets: [{ partition: 0, from: 0, end: 3 }] });
    expect((await history(daemon)).n).toEqual([0, 1]);
  });

  it('reads no more of a partition than history.keep.rows, the newest messages', async () => {
    const topic = await createTopic();
    const p = await openProducer();
    const now = Date.now();
    const n = range(0, 300);
    await p.send(
      topic,
      n.map((i) => ({ timestamp: new Date(now - 30 * MINUTE + i).toISOString(), n: i })),
      { timestamp: now - 30 * MINUTE },
    );
    const daemon = await seedingDaemon(topic, { keep: { rows: 100 } });
    expect(await seeded(daemon)).toMatchObject({ messages: 100, rows: 100, kept: 100 });
    expect((await history(daemon)).n).toEqual(range(200, 300));
  });
});
