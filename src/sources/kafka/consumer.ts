// The consuming half of the Kafka source, run in the stream's consumer thread: it keeps a kafkajs
// consumer going (reconnecting after failures without losing or repeating a message) and hands
// every fetched batch to `deliver`.
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { parseTime } from '../../values/convert.js';
import { sleep } from '../clock.js';
import type { KafkaConfig } from './config.js';
import type { GroupCommitter } from './group-commit.js';
import { planSeed, SeedSplitter } from './seed.js';
import type { ConsumerConfig, LogLevel } from './wire.js';
import type { SourceNotice } from '../types.js';

export interface ConsumerHooks {
  notify(notice: SourceNotice): void;
  log(level: LogLevel, fields: Record<string, unknown>, message: string): void;
  reconnected(): void;
  /** Where partitions start (`[partition, offset]`), told once, before any batch is delivered. */
  started(offsets: [number, number][]): void;
  /**
   * Takes a fetched batch (`backfill`: seed messages, for the history only); resolves when there
   * is room for more (the consumer waits meanwhile).
   */
  deliver(partition: number, messages: readonly KafkaMessage[], backfill?: boolean): Promise<void>;
}

export async function createKafka(config: KafkaConfig, hooks: Pick<ConsumerHooks, 'log'>): Promise<Kafka> {
  const { Kafka, logLevel } = await import('kafkajs');
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: config.ssl,
    sasl: config.sasl as never,
    connectionTimeout: config.connectionTimeoutMs,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const { message, ...rest } = entry.log;
      hooks.log('debug', { kafkajs: describe(rest.error), broker: rest.broker }, `kafkajs: ${message}`);
    },
    retry: { initialRetryTime: 300, retries: 3 },
  });
}

/**
 * Consumes the topic until `signal` aborts. When the brokers are unreachable or the consumer
 * crashes, a new consumer is made after a backoff and resumes from the next offset of every
 * partition already delivered, so a broker restart loses and repeats nothing.
 */
export async function superviseConsumers(
  kafka: Kafka,
  config: ConsumerConfig,
  hooks: ConsumerHooks,
  signal: AbortSignal,
  committer?: GroupCommitter,
): Promise<void> {
  /** Next offset to deliver, per partition: where a new consumer resumes. */
  const next = new Map<number, number>();
  let starts: Map<number, number> | undefined; // (not needed from the earliest offset)
  /** The history seed being read (planned once, with the start offsets); undefined without one. */
  let seed: SeedSplitter | undefined;

  for (let attempt = 0, made = 0; !signal.aborted; attempt++, made++) {
    if (attempt === 0 && next.size === 0) hooks.notify({ type: 'status', state: 'connecting' });
    const admin = kafka.admin();
    const consumer = kafka.consumer({
      // A consumer that replaces one lost with its broker joins a fresh group: the restarted
      // coordinator still lists the lost one as a member of the old group, and would hold the new
      // one's join until that member's session timed out (10 s with nothing read). The group's
      // offsets are never a start (it seeks), so nothing is lost with it. A group the operator
      // named (ACLs, lag tools) is kept, and waits.
      groupId: config.namedGroup || made === 0 ? config.groupId : `${config.groupId}-${made}`,
      maxWaitTimeInMs: 250,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      retry: { retries: 3, initialRetryTime: 300, restartOnFailure: async () => false },
    });
    let crashed: (reason: unknown) => void = () => {};
    const crash = new Promise<unknown>((resolve) => (crashed = resolve));
    consumer.on(consumer.events.CRASH, (event) => crashed(event.payload.error));
    try {
      // From the earliest offset a fresh group's own reset does the job, without the admin
      // client's extra connection and round trips; other start positions are looked up once.
      if (!starts && (config.start !== 'earliest' || config.resumeFrom || config.namedGroup)) {
        starts = await firstOffsets(admin, config, hooks);
        // The seed is read from its first offsets on, by the same consumer: its live rows follow
        // on from the range ends, with no second reader and so nothing twice and no hole.
        // (A source that resumes asks for no seed: its history is stored.)
        if (config.seed) seed = await seedBefore(starts, admin, config, hooks);
        for (const [partition, range] of seed?.plan.ranges ?? []) starts.set(partition, range.from);
        await admin.disconnect();
        hooks.started([...starts]);
      } else if (attempt === 0 && config.seed && config.start === 'earliest') {
        hooks.log('info', {}, 'history seed skipped: with start: earliest every message of the topic is read live');
      }
      // A fetch of only control records (a transaction's end) reaches no eachBatch, yet may end a seed range.
      const reading = seed;
      if (reading?.pending) {
        consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
          if (payload.batchSize === 0) reading.reached(payload.partition, Number(payload.lastOffset));
        });
      }
      await consumer.connect();
      await consumer.subscribe({ topics: [config.topic], fromBeginning: config.start === 'earliest' });
      let live = false;
      consumer.on(consumer.events.GROUP_JOIN, () => {
        if (!live) hooks.notify({ type: 'status', state: 'live' });
        live = true;
        attempt = 0;
      });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch, isRunning, isStale }) => {
          // isStale() is costly (it builds a key per call): check it once per batch.
          if (!isRunning() || isStale() || signal.aborted) return;
          const from = next.get(batch.partition) ?? 0;
          const messages = batch.messages;
          let first = 0;
          while (first < messages.length && Number(messages[first]!.offset) < from) first++; // delivered before a reconnect
          if (first === messages.length) return;
          const fresh = first === 0 ? messages : messages.slice(first);
          next.set(batch.partition, Number(fresh[fresh.length - 1]!.offset) + 1);
          if (!seed?.covers(batch.partition)) return hooks.deliver(batch.partition, fresh);
          const { seed: backfill, live } = seed.split(batch.partition, fresh);
          if (backfill.length > 0) await hooks.deliver(batch.partition, backfill, true);
          seed.reached(batch.partition, Number(batch.lastOffset()));
          if (live.length > 0) await hooks.deliver(batch.partition, live);
        },
      });
      // Seek to where each partition starts, or, after a reconnect, to the next offset not yet delivered.
      const seeks = new Map([...(starts ?? []), ...next]);
      for (const [partition, offset] of seeks) consumer.seek({ topic: config.topic, partition, offset: String(offset) });
      committer?.attach(consumer);
      const reason = await Promise.race([crash, aborted(signal)]);
      if (signal.aborted) break;
      hooks.reconnected();
      hooks.log('warn', { err: describe(reason) }, 'kafka consumer stopped; reconnecting');
      hooks.notify({ type: 'status', state: 'reconnecting', message: describeKafkaError(reason, config) });
    } catch (error) {
      if (signal.aborted) break;
      if (attempt === 0 || attempt % 10 === 0) hooks.log('warn', { err: describe(error) }, 'cannot consume from kafka; retrying');
      hooks.notify({ type: 'status', state: 'reconnecting', message: describeKafkaError(error, config) });
    } finally {
      if (signal.aborted) await committer?.flush();
      committer?.attach(undefined);
      await consumer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
    // Back off 0.5 s, 1 s, then 2 s, with jitter, so a restarted broker is found within about 2 s
    // (each attempt also retries its connection 3 times over about 2 s, see createKafka).
    await sleep(Math.min(2000, 500 * 2 ** Math.min(attempt, 2)) * (0.75 + Math.random() / 2), signal);
  }
}

/**
 * Where each partition starts: at the offset resumed from, or (for partitions not in the position
 * resumed from) at the configured start. With `start: earliest` the group's own reset starts the
 * other partitions, unless the group holds offsets this stream committed (namedGroup): those
 * are for lag tools, never a start.
 */
async function firstOffsets(admin: Admin, config: ConsumerConfig, hooks: Pick<ConsumerHooks, 'log'>): Promise<Map<number, number>> {
  if (config.resumeFrom) hooks.log('info', { position: Object.fromEntries(config.resumeFrom) }, 'resuming from the stored position');
  const starts = new Map<number, number>();
  if (config.start !== 'earliest' || config.namedGroup) {
    await admin.connect();
    for (const [partition, offset] of await startOffsets(admin, config)) starts.set(partition, offset);
  }
  for (const [partition, offset] of config.resumeFrom ?? []) starts.set(partition, offset);
  return starts;
}

/** Where each partition starts, from the configured start position. */
async function startOffsets(admin: Admin, config: KafkaConfig): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(config.topic);
  const starts = new Map<number, number>();
  if (typeof config.start === 'object') {
    const at = await admin.fetchTopicOffsetsByTimestamp(config.topic, parseTime(config.start.timestamp));
    for (const { partition, offset } of at) starts.set(partition, Number(offset));
    // A partition with nothing at or after the timestamp answers -1: start at its end.
    for (const { partition, high } of offsets) if ((starts.get(partition) ?? -1) < 0) starts.set(partition, Number(high));
  } else {
    for (const { partition, low, high } of offsets) {
      const end = Number(high);
      const first = Number(low);
      starts.set(partition, config.start === 'earliest' ? first : Math.max(first, end - config.lastPerPartition));
    }
  }
  return starts;
}

/**
 * Plans the history seed before the live start offsets. A failure (the admin request) is logged
 * and the stream goes live without a seed.
 */
export async function seedBefore(
  starts: ReadonlyMap<number, number>,
  admin: Admin,
  config: ConsumerConfig,
  hooks: ConsumerHooks,
): Promise<SeedSplitter | undefined> {
  try {
    const plan = await planSeed(admin, config.topic, starts, config.seed!, Date.now());
    const ranges = [...plan.ranges].map(([partition, { from, end }]) => ({ partition, from, end }));
    return new SeedSplitter(plan, ({ messages, older }) => hooks.notify({ type: 'seeded', messages, older, since: plan.since, ranges }));
  } catch (error) {
    hooks.log('warn', { err: describe(error) }, 'cannot seed the history from the topic; going live without it');
    return undefined;
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** An error as plain data for a log line in another thread (kafkajs errors do not survive cloning). */
function describe(error: unknown): Record<string, unknown> | undefined {
  if (error === undefined || error === null) return undefined;
  const e = error as { name?: string; type?: string; message?: string; code?: string; retriable?: boolean };
  return { name: e.name, type: e.type, message: e.message ?? String(error), code: e.code, retriable: e.retriable };
}

/** A message about a Kafka failure that is safe to show to viewers (no credentials, no internals). */
function describeKafkaError(error: unknown, config: Pick<KafkaConfig, 'brokers' | 'topic'>): string {
  const e = error as { name?: string; type?: string; message?: string; cause?: unknown };
  const text = `${e?.name ?? ''} ${e?.type ?? ''} ${e?.message ?? ''}`;
  if (/SASL|Authentication/i.test(text)) return 'authentication with the Kafka brokers failed';
  if (/UNKNOWN_TOPIC|does not host this topic-partition|not found/i.test(text)) return `topic ${config.topic} does not exist yet`;
  if (/Connection|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|retries|Closed connection|broker/i.test(text)) {
    return `cannot reach the Kafka brokers (${config.brokers.join(', ')})`;
  }
  return 'the Kafka consumer failed; retrying';
}
