// A Kafka source's position() and resumeFrom: a new source made with the position an old one
// reported reads on from exactly the next message, in every partition (what a durable run does
// after a crash, with the position stored beside its rows).
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { afterAll, afterEach, expect, it } from 'vitest';
import { DataDir } from '../../src/sources/data-dir.js';
import { setConsumerThreadStarter } from '../../src/sources/kafka/consumer-thread.js';
import { kafkaSource } from '../../src/sources/kafka/source.js';
import type { FromConsumer } from '../../src/sources/kafka/wire.js';
import type { SourceContext, SourceNotice } from '../../src/sources/types.js';
import { isBackfill, positionsOf, rowsOf } from '../../src/values/row.js';
import { startWorkerFromSource } from '../helpers/kafka-consumer-thread.js';
import { tempDir } from '../helpers/temp.js';
import { brokers, createTopic, describeWithKafka, producer, type TestProducer } from './helpers.js';

const dir = await tempDir('rtg-kafka-resume-');
/** The last offset of each partition that a consumer thread has sent to the main thread (fetched, maybe not yet yielded). */
const fetched = new Map<number, number>();
setConsumerThreadStarter((options) => {
  const thread = startWorkerFromSource(options);
  thread.on('message', (message: FromConsumer) => {
    if (message.type === 'batch') fetched.set(message.batch.partition, message.batch.offsets.at(-1)!);
  });
  return thread;
});
afterAll(async () => {
  setConsumerThreadStarter(startWorkerFromSource);
  await dir.remove();
});
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  fetched.clear();
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** One row read: where it was in the topic, its sequence number, and whether it was seed (backfill). */
interface Read {
  partition: number;
  offset: number;
  n: number;
  backfill: boolean;
}

/** Messages `ns` (`{ timestamp, n }`, timestamped now) to `partition`. */
async function send(p: TestProducer, topic: string, partition: number, ns: number[]): Promise<void> {
  await p.send(
    topic,
    ns.map((n) => ({ timestamp: new Date().toISOString(), n })),
    { partition },
  );
}

async function openProducer(): Promise<TestProducer> {
  const p = await producer();
  cleanup.push(() => p.close());
  return p;
}

/** A Kafka source read item by item, with its position after each item. */
async function openSource(config: Record<string, unknown>, context: Partial<SourceContext> = {}) {
  const notices: SourceNotice[] = [];
  const source = kafkaSource.create(kafkaSource.configSchema.parse({ brokers: brokers(), ...config }), {
    streamId: 'resume',
    dataDir: await DataDir.open(dir.root),
    logger: pino({ level: 'silent' }),
    fields: ['timestamp', 'n'],
    timeField: 'timestamp',
    notify: (notice) => notices.push(notice),
    ...context,
  });
  const abort = new AbortController();
  const items = source.read(abort.signal)[Symbol.asyncIterator]();
  const stop = async () => {
    abort.abort();
    await items.return?.();
  };
  cleanup.push(stop);
  const rows: Read[] = [];
  return {
    source,
    notices,
    rows,
    stop,
    /** Reads items until `done(rows)` holds (at most 30 s); the source's position after the last one. */
    async readUntil(done: (rows: Read[]) => boolean): Promise<unknown> {
      const deadline = Date.now() + 30_000;
      let position: unknown;
      while (!done(rows)) {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadline - Date.now())));
        const next = await Promise.race([items.next(), late]);
        clearTimeout(timer);
        if (next === 'late') throw new Error(`no more rows after 30 s: ${JSON.stringify(rows)}`);
        if (next.done) throw new Error(`the source ended: ${JSON.stringify(rows)}`);
        const positions = positionsOf(next.value)!;
        const got = rowsOf(next.value);
        for (let i = 0; i < got.length; i++) {
          rows.push({
            partition: positions[2 * i]!,
            offset: positions[2 * i + 1]!,
            n: got[i]!.n as number,
            backfill: isBackfill(next.value),
          });
        }
        position = source.position!();
      }
      return position;
    },
  };
}

/** Row `n` at `partition`:`offset`, live. */
const live = (partition: number, offset: number, n: number): Read => ({ partition, offset, n, backfill: false });
const sawLast = (lasts: Record<number, number>) => (rows: Read[]) =>
  Object.entries(lasts).every(([partition, n]) => rows.some((r) => r.partition === Number(partition) && r.n === n));
/** The offsets a consumer group holds for `topic`, by partition. */
async function groupOffsets(groupId: string, topic: string): Promise<Record<number, string>> {
  const admin = new Kafka({ clientId: 'rtg-test', brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries(offsets!.partitions.map(({ partition, offset }) => [partition, offset]));
  } finally {
    await admin.disconnect();
  }
}

/** Once the source's consumer has joined its group (notices arrive while its rows are read). */
const isLive = (source: { notices: SourceNotice[] }) =>
  expect.poll(() => source.notices.some((n) => n.type === 'status' && n.state === 'live'), { timeout: 30_000 }).toBe(true);
const byPlace = (rows: Read[]) => [...rows].sort((a, b) => a.partition - b.partition || a.offset - b.offset);

describeWithKafka('a kafka source resumed from its position', () => {
  it('reads on from the message after the last row it yielded, not the last one it fetched', async () => {
    const topic = await createTopic();
    const p = await openProducer();
    await send(p, topic, 0, [0, 1, 2, 3]);
    const first = await openSource({ topic, start: 'earliest' });
    const position = await first.readUntil(sawLast({ 0: 3 }));
    expect(first.rows).toEqual([0, 1, 2, 3].map((n) => live(0, n, n)));
    expect(position).toEqual({ 0: 4 });
    expect(JSON.parse(JSON.stringify(position))).toEqual({ 0: 4 });
    // More messages are fetched (into the source's queue) while nobody takes them: the position
    // stays after the rows yielded.
    await send(p, topic, 0, [4, 5, 6, 7, 8, 9]);
    await expect.poll(() => fetched.get(0), { timeout: 30_000 }).toBe(9);
    expect(first.source.position!()).toEqual({ 0: 4 });
    await first.stop();

    const second = await openSource({ topic, start: 'earliest' }, { resumeFrom: position });
    expect(await second.readUntil(sawLast({ 0: 9 }))).toEqual({ 0: 10 });
    expect(second.rows).toEqual([4, 5, 6, 7, 8, 9].map((n) => live(0, n, n)));
  });

  it('resumes each partition at its own offset; a partition not in the position starts as configured', async () => {
    const topic = await createTopic(3);
    const p = await openProducer();
    await send(p, topic, 0, [0, 1, 2, 3, 4]);
    await send(p, topic, 1, [100, 101, 102]);
    const first = await openSource({ topic, start: 'earliest' });
    const position = await first.readUntil(sawLast({ 0: 4, 1: 102 }));
    expect(first.source.position!()).toEqual({ 0: 5, 1: 3 });
    await first.stop();

    await send(p, topic, 0, [5, 6]);
    await send(p, topic, 1, [103]);
    await send(p, topic, 2, [200, 201]); // (not in the position: read from its earliest offset)
    const second = await openSource({ topic, start: 'earliest' }, { resumeFrom: position });
    expect(await second.readUntil(sawLast({ 0: 6, 1: 103, 2: 201 }))).toEqual({ 0: 7, 1: 4, 2: 2 });
    expect(byPlace(second.rows)).toEqual([live(0, 5, 5), live(0, 6, 6), live(1, 3, 103), live(2, 0, 200), live(2, 1, 201)]);
  });

  it('with start: latest, holds where every partition started, so one with no rows yet loses none', async () => {
    const topic = await createTopic(2);
    const p = await openProducer();
    await send(p, topic, 0, [-1, -2]); // before the start: never read
    await send(p, topic, 1, [-3]);
    const first = await openSource({ topic });
    const reading = first.readUntil(sawLast({ 0: 1 }));
    await isLive(first);
    await send(p, topic, 0, [0, 1]);
    const position = await reading;
    expect(position).toEqual({ 0: 4, 1: 1 });
    await first.stop();

    // Produced while no source runs: a fresh `latest` start would skip them.
    await send(p, topic, 1, [100, 101]);
    await send(p, topic, 0, [2]);
    const second = await openSource({ topic }, { resumeFrom: position });
    expect(await second.readUntil(sawLast({ 0: 2, 1: 101 }))).toEqual({ 0: 5, 1: 3 });
    expect(byPlace(second.rows)).toEqual([live(0, 4, 2), live(1, 1, 100), live(1, 2, 101)]);
  });

  it('skips the history seed: the stored history already holds it', async () => {
    const topic = await createTopic();
    const p = await openProducer();
    await send(p, topic, 0, [0, 1, 2, 3, 4]);
    const seedHistory = { durationMs: 3_600_000, maxMessages: 1000 };
    const seeding = await openSource({ topic }, { seedHistory });
    await seeding.readUntil(sawLast({ 0: 4 }));
    expect(seeding.rows).toEqual([0, 1, 2, 3, 4].map((n) => ({ ...live(0, n, n), backfill: true })));
    await seeding.stop();

    const resumed = await openSource({ topic }, { seedHistory, resumeFrom: { 0: 3 } });
    const reading = resumed.readUntil(sawLast({ 0: 5 }));
    await isLive(resumed);
    await send(p, topic, 0, [5]);
    expect(await reading).toEqual({ 0: 6 });
    expect(resumed.rows).toEqual([live(0, 3, 3), live(0, 4, 4), live(0, 5, 5)]);
    expect(resumed.notices.filter((n) => n.type === 'seeded')).toEqual([]);
  });

  it('commits a stored position to a group the operator named, which never decides where a source starts', async () => {
    const topic = await createTopic(2);
    const groupId = `rtg-test-group-${topic}`;
    const p = await openProducer();
    await send(p, topic, 0, [0, 1, 2, 3]);
    await send(p, topic, 1, [10, 11]);
    const first = await openSource({ topic, start: 'earliest', groupId });
    const position = await first.readUntil(sawLast({ 0: 3, 1: 11 }));
    first.source.committed!(position);
    await expect.poll(() => groupOffsets(groupId, topic), { timeout: 30_000 }).toEqual({ 0: '4', 1: '2' });
    await first.stop();

    const again = await openSource({ topic, start: 'earliest', groupId });
    await again.readUntil(sawLast({ 0: 3, 1: 11 }));
    expect(byPlace(again.rows)).toEqual([live(0, 0, 0), live(0, 1, 1), live(0, 2, 2), live(0, 3, 3), live(1, 0, 10), live(1, 1, 11)]);
  });

  it('refuses a position that is not one of a Kafka source', () => {
    for (const resumeFrom of [[1, 2], { 0: -1 }, { x: 3 }, { 0: 1.5 }, 'a']) {
      expect(() =>
        kafkaSource.create(kafkaSource.configSchema.parse({ brokers: brokers(), topic: 't' }), {
          streamId: 'resume',
          dataDir: undefined as never,
          logger: pino({ level: 'silent' }),
          fields: [],
          notify: () => {},
          resumeFrom,
        }),
      ).toThrow(/cannot resume the Kafka source/);
    }
  });
});
