// kill -9 of a real daemon reading a Kafka topic (3 partitions) while an outside producer writes
// to it at a steady rate, and a restart at once on the same port and store: the stored history
// holds every message exactly once, and a viewer left connected across the crash (back with its
// Last-Event-ID) gets every message exactly once, each partition in offset order.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { crashLogs } from '../helpers/cli.js';
import { daemons, freePort, historyOf, ready, rowValues, sendAtRate } from '../helpers/crash.js';
import { connectSse, type SseConnection } from '../helpers/sse-client.js';
import { tempDir } from '../helpers/temp.js';
import { brokers, createTopic, describeWithKafka, producer } from './helpers.js';

const MESSAGES = 1500;
const PARTITIONS = 3;
/** Messages a second, sent one by one: the run takes ~7.5 s, so the crash lands mid-stream. */
const RATE = 200;
const T0 = Date.UTC(2024, 0, 1);
const all = [...Array(MESSAGES).keys()];

let dir: Awaited<ReturnType<typeof tempDir>>;
const processes = daemons();
const viewers: SseConnection[] = [];

beforeAll(async () => {
  dir = await tempDir('rtg-kafka-crash-');
});
afterAll(async () => {
  for (const v of viewers) v.close();
  await processes.killAll();
  await dir.remove();
});

const spawn = (port: number) => processes.spawn(dir.path('kafka.yaml'), port);
const seqs = (events: Parameters<typeof rowValues>[0]) => rowValues(events, 'seq');
const fullHistory = (url: string) => historyOf(url, 'k', T0, T0 + MESSAGES * 1000, MESSAGES);

async function watch(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const sse = await connectSse(`${url}/api/streams/k/events`, headers);
  viewers.push(sse);
  return sse;
}

/** Message `seq` went to partition seq % 3, so each partition's messages in offset order are p, p+3, p+6, … */
function byPartition(values: readonly number[]): number[][] {
  return Array.from({ length: PARTITIONS }, (_, p) => values.filter((n) => n % PARTITIONS === p));
}
const expectedByPartition = byPartition(all);

/** Sends message i to partition i % 3, RATE a second on a fixed schedule, each acknowledged by the broker before the next. */
async function produce(topic: string): Promise<void> {
  const p = await producer();
  try {
    await sendAtRate(MESSAGES, RATE, (i) =>
      p.send(topic, [{ timestamp: new Date(T0 + i * 1000).toISOString(), seq: i }], { partition: i % PARTITIONS }),
    );
  } finally {
    await p.close();
  }
}

describeWithKafka('kill -9 of a daemon reading a kafka topic, and a restart at once', () => {
  it('stores every message once, and the viewer across the crash gets every message once', async () => {
    const topic = await createTopic(PARTITIONS);
    await dir.write(
      'kafka.yaml',
      stringify({
        server: { store: 'store' },
        streams: [
          {
            id: 'k',
            autostart: true,
            source: { type: 'kafka', brokers: brokers(), topic, start: 'earliest' },
            columns: ['timestamp', 'seq'],
            history: { rows: 0 },
          },
        ],
      }),
    );
    const port = await freePort();
    const first = await spawn(port);
    await ready(first.url);
    const viewer = await watch(first.url);
    const producing = produce(topic);

    await viewer.until((events) => seqs(events).length >= MESSAGES / 3, 30_000);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await viewer.ended;
    const before = seqs(viewer.events);
    const lastId = viewer.events.at(-1)!.id;
    expect(before.length).toBeLessThan(MESSAGES); // (the crash was mid-stream)

    const second = await spawn(port);
    expect(second.url).toBe(first.url);
    const back = await watch(second.url, { 'Last-Event-ID': lastId });
    await producing;
    await back.until((events) => before.length + seqs(events).length >= MESSAGES, 60_000);
    expect(back.events.filter((e) => e.event === 'reset')).toEqual([]);
    const received = [...before, ...seqs(back.events)];
    expect(byPartition(received)).toEqual(expectedByPartition);
    expect([...received].sort((a, b) => a - b)).toEqual(all);

    await expect.poll(async () => (await fullHistory(second.url)).rows, { timeout: 20_000 }).toBe(MESSAGES);
    const stored = await fullHistory(second.url);
    expect(stored.resolution).toBe('full');
    const storedSeqs = stored.series[0]!.y as number[];
    expect(byPartition(storedSeqs)).toEqual(expectedByPartition);
    expect([...storedSeqs].sort((a, b) => a - b)).toEqual(all);

    // Every row was sent before it was stored: a duplicate would be here by now.
    expect(before.length + seqs(back.events).length).toBe(MESSAGES);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(crashLogs(second.logs)).toEqual([]);
  }, 120_000);
});
