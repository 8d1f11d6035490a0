import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { z } from 'zod';
import { parseTime } from '../pipeline/values.js';
import { AsyncQueue } from './async-queue.js';
import { sleep } from './clock.js';
import { decodeMessage, type DecodeOptions } from './kafka-message.js';
import { defineSource, SourceError, type PositionedRows, type Row, type SourceNotice } from './types.js';

type KafkaJs = typeof import('kafkajs');
type Kafka = InstanceType<KafkaJs['Kafka']>;
type Admin = ReturnType<Kafka['admin']>;

/** Names this daemon process in consumer group ids. */
const PROCESS_ID = `${hostname().replace(/[^A-Za-z0-9._-]/g, '-')}-${process.pid}`;

const BROKER = /^[A-Za-z0-9._-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

export const kafkaConfigSchema = z
  .object({
    brokers: z.array(z.string().regex(BROKER, 'host:port')).min(1).describe('bootstrap brokers, host:port'),
    topic: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name')
      .describe('topic to read'),
    clientId: z.string().min(1).max(200).default('realtime-graph').describe('client id shown to the brokers'),
    groupId: z.string().min(1).max(200).optional().describe('consumer group (default: unique to this daemon instance)'),
    start: z
      .union([z.enum(['latest', 'earliest']), z.object({ timestamp: z.union([z.string(), z.number()]) }).strict()])
      .default('latest')
      .describe('where to start: latest, earliest, or { timestamp: ISO-8601 or epoch ms }'),
    lastPerPartition: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(0)
      .describe('with start: latest, also read the last N messages of each partition'),
    format: z.enum(['json', 'json-array', 'csv']).default('json').describe('message format'),
    fields: z.array(z.string().min(1)).min(1).optional().describe('names of the values (json-array and csv formats)'),
    delimiter: z.string().length(1).default(',').describe('csv format: field delimiter'),
    timestamp: z
      .enum(['field', 'kafka'])
      .default('field')
      .describe('take the time from the message (field) or from the Kafka message timestamp (kafka)'),
    ssl: z
      .union([
        z.boolean(),
        z
          .object({
            rejectUnauthorized: z.boolean().default(true),
            ca: z.string().optional().describe('PEM'),
            cert: z.string().optional().describe('PEM'),
            key: z.string().optional().describe('PEM'),
          })
          .strict(),
      ])
      .optional()
      .describe('TLS: true, or { ca, cert, key, rejectUnauthorized }'),
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string().min(1),
        password: z.string().min(1),
      })
      .strict()
      .optional()
      .describe('SASL credentials (use ${ENV} references; they are never logged)'),
    connectionTimeoutMs: z.number().int().min(100).max(60_000).default(3000),
    maxMessageBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024)
      .describe('larger messages are skipped and counted as malformed'),
    queue: z
      .number()
      .int()
      .min(16)
      .max(1_000_000)
      .default(50_000)
      .describe('messages fetched ahead of the stream (room for a few fetches, so fetching and decoding overlap)'),
  })
  .strict()
  .superRefine((config, ctx) => {
    if ((config.format === 'csv' || config.format === 'json-array') && !config.fields) {
      ctx.addIssue({ code: 'custom', path: ['fields'], message: `format ${config.format} needs fields (the names of the values)` });
    }
    if (typeof config.start === 'object' && parseTime(config.start.timestamp) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['start', 'timestamp'], message: 'not a time (ISO-8601 or epoch milliseconds)' });
    }
  });

export type KafkaConfig = z.output<typeof kafkaConfigSchema>;

/** Counters of one Kafka source, for metrics. */
export interface KafkaCounters {
  messages: number;
  malformed: number;
  reconnects: number;
}

let kafkaJs: Promise<KafkaJs> | undefined;

/** kafkajs is an optional dependency, loaded only when a Kafka stream starts. */
function loadKafkaJs(): Promise<KafkaJs> {
  kafkaJs ??= import('kafkajs').catch(() => {
    kafkaJs = undefined;
    throw new SourceError('the kafka source needs the kafkajs package (npm install kafkajs)');
  });
  return kafkaJs;
}

export const kafkaSource = defineSource({
  type: 'kafka',
  description: 'Reads a Kafka topic (JSON objects, JSON arrays or CSV lines); one consumer per stream per daemon.',
  configSchema: kafkaConfigSchema,
  // Load kafkajs when the config has a Kafka stream, so that its first viewer does not wait for it
  // (a missing kafkajs is reported when the stream starts).
  prepare: () => loadKafkaJs().then(
    () => undefined,
    () => undefined,
  ),
  create(config, context) {
    const counters: KafkaCounters = { messages: 0, malformed: 0, reconnects: 0 };
    // One consumer per stream per daemon instance: every daemon (even two in one process) has its
    // own group, so each reads every partition of the topic for its own viewers.
    const groupId = config.groupId ?? `realtime-graph-${PROCESS_ID}-${context.streamId}-${randomBytes(4).toString('hex')}`;
    return {
      positioned: true,
      counters: () => ({ ...counters }),
      read: (signal) => readTopic({ ...config, groupId }, context, counters, signal),
    };
  },
});

interface ReadContext {
  streamId: string;
  logger: Logger;
  timeField?: string;
  notify(notice: SourceNotice): void;
}

/**
 * Consumes the topic into a bounded queue and yields its rows. When the brokers are unreachable
 * or the consumer crashes, a new consumer is made after a backoff and resumes from the next
 * offset of every partition already read, so a broker restart loses and repeats nothing.
 */
async function* readTopic(config: KafkaConfig, context: ReadContext, counters: KafkaCounters, signal: AbortSignal): AsyncGenerator<PositionedRows> {
  const { Kafka, logLevel } = await loadKafkaJs();
  const logger = context.logger.child({ source: 'kafka', topic: config.topic });
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: config.ssl,
    sasl: config.sasl as never,
    connectionTimeout: config.connectionTimeoutMs,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const { message, ...rest } = entry.log;
      logger.debug({ kafkajs: rest.error ?? '', broker: rest.broker }, `kafkajs: ${message}`);
    },
    retry: { initialRetryTime: 300, retries: 3 },
  });
  // Messages travel from kafkajs in arrays (one per fetched batch), undecoded: the consumer's
  // callback returns at once and kafkajs fetches the next batch while this reader decodes.
  const queue = new AsyncQueue<FetchedBatch>(config.queue, (batch) => batch.messages.length);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const supervisor = superviseConsumers(kafka, config, context, logger, counters, queue, stop.signal).catch((error) => queue.fail(error));
  const decode = messageDecoder(config, context, counters, logger);
  try {
    for await (const batch of queue) {
      const rows = decode(batch);
      if (rows.length > 0) yield rows;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    stop.abort();
    queue.close();
    await supervisor;
  }
}

async function superviseConsumers(
  kafka: Kafka,
  config: KafkaConfig,
  context: ReadContext,
  logger: Logger,
  counters: KafkaCounters,
  queue: AsyncQueue<FetchedBatch>,
  signal: AbortSignal,
): Promise<void> {
  const groupId = config.groupId!;
  /** Next offset to deliver, per partition: where a new consumer resumes. */
  const next = new Map<number, number>();
  let starts: Map<number, number> | undefined; // (not needed from the earliest offset)

  for (let attempt = 0; !signal.aborted; attempt++) {
    if (attempt === 0 && next.size === 0) context.notify({ type: 'status', state: 'connecting' });
    const admin = kafka.admin();
    const consumer = kafka.consumer({
      groupId,
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
      if (!starts && config.start !== 'earliest') {
        await admin.connect();
        starts = await startOffsets(admin, config);
        await admin.disconnect();
      }
      await consumer.connect();
      await consumer.subscribe({ topics: [config.topic], fromBeginning: config.start === 'earliest' });
      let live = false;
      consumer.on(consumer.events.GROUP_JOIN, () => {
        if (!live) context.notify({ type: 'status', state: 'live' });
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
          await queue.push({ partition: batch.partition, messages: fresh });
        },
      });
      // Seek to where each partition starts, or, after a reconnect, to the next offset not yet delivered.
      const seeks = new Map([...(starts ?? []), ...next]);
      for (const [partition, offset] of seeks) consumer.seek({ topic: config.topic, partition, offset: String(offset) });
      const reason = await Promise.race([crash, aborted(signal)]);
      if (signal.aborted) break;
      counters.reconnects++;
      logger.warn({ err: reason }, 'kafka consumer stopped; reconnecting');
      context.notify({ type: 'status', state: 'reconnecting', message: describeKafkaError(reason, config) });
    } catch (error) {
      if (signal.aborted) break;
      if (attempt === 0 || attempt % 10 === 0) logger.warn({ err: error }, 'cannot consume from kafka; retrying');
      context.notify({ type: 'status', state: 'reconnecting', message: describeKafkaError(error, config) });
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
    // Back off 0.5 s, 1 s, 2 s … up to 5 s, with jitter, so a restarted broker is found quickly.
    await sleep(Math.min(5000, 500 * 2 ** Math.min(attempt, 4)) * (0.75 + Math.random() / 2), signal);
  }
  queue.close();
}

/** Messages of one partition as kafkajs fetched them, before decoding. */
interface FetchedBatch {
  partition: number;
  messages: readonly { value: Buffer | null; offset: string; timestamp: string }[];
}

/** Decodes messages into rows; malformed ones are counted, logged (sparingly) and skipped. */
function messageDecoder(config: KafkaConfig, context: ReadContext, counters: KafkaCounters, logger: Logger): (batch: FetchedBatch) => PositionedRows {
  const options: DecodeOptions = { format: config.format, fields: config.fields, delimiter: config.delimiter, maxBytes: config.maxMessageBytes };
  const timeField = context.timeField ?? 'timestamp';
  let logged = 0;
  return ({ partition, messages }) => {
    const out: PositionedRows = [];
    const positions: number[] = [];
    out.positions = positions;
    for (const message of messages) {
      counters.messages++;
      const rows = decodeMessage(message.value, options);
      if (!rows) {
        counters.malformed++;
        if (logged++ < 5 || logged % 1000 === 0) {
          logger.warn({ partition, offset: message.offset, malformed: counters.malformed }, 'malformed message skipped');
        }
        continue;
      }
      const offset = Number(message.offset);
      for (const row of rows) {
        if (config.timestamp === 'kafka') row[timeField] = Number(message.timestamp);
        out.push(row);
        positions.push(partition, offset);
      }
    }
    return out;
  };
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

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** A message about a Kafka failure that is safe to show to viewers (no credentials, no internals). */
export function describeKafkaError(error: unknown, config: Pick<KafkaConfig, 'brokers' | 'topic'>): string {
  const e = error as { name?: string; type?: string; message?: string; cause?: unknown };
  const text = `${e?.name ?? ''} ${e?.type ?? ''} ${e?.message ?? ''}`;
  if (/SASL|Authentication/i.test(text)) return 'authentication with the Kafka brokers failed';
  if (/UNKNOWN_TOPIC|does not host this topic-partition|not found/i.test(text)) return `topic ${config.topic} does not exist yet`;
  if (/Connection|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|retries|Closed connection|broker/i.test(text)) {
    return `cannot reach the Kafka brokers (${config.brokers.join(', ')})`;
  }
  return 'the Kafka consumer failed; retrying';
}
