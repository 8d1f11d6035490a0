import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { MALFORMED, MESSAGES, RECONNECTS, SEEDED } from '../counters.js';
import type { Logger } from 'pino';
import { AsyncQueue } from '../async-queue.js';
import { kafkaConfigSchema, type KafkaConfig } from './config.js';
import { startConsumerThread } from './consumer-thread.js';
import { decodeTextInto, type DecodeOptions } from '../message-format.js';
import { parseKafkaPosition, PositionTracker } from './position.js';
import { eachText, type ConsumerConfig, type ConsumerJob, type FromConsumer, type PackedBatch, type ToConsumer } from './wire.js';
import type { PositionedRows } from '../../values/row.js';
import { SourceError } from '../errors.js';
import { defineSource, type SourceContext } from '../types.js';

/** Names this daemon process in consumer group ids. */
const PROCESS_ID = `${hostname().replace(/[^A-Za-z0-9._-]/g, '-')}-${process.pid}`;

/** Counters of one Kafka source, for metrics. */
interface KafkaCounters {
  messages: number;
  malformed: number;
  reconnects: number;
  /** Messages read at the start of the run to seed the history. */
  seeded: number;
}

/** kafkajs is an optional dependency, loaded (in the consumer thread) only when a Kafka stream starts. */
function checkKafkaJs(): void {
  try {
    createRequire(import.meta.url).resolve('kafkajs');
  } catch {
    throw new SourceError('the kafka source needs the kafkajs package (npm install kafkajs)');
  }
}

export const kafkaSource = defineSource({
  type: 'kafka',
  description: 'Reads a Kafka topic (JSON objects, JSON arrays or CSV lines); one consumer per stream per daemon.',
  configSchema: kafkaConfigSchema,
  counters: { messages: MESSAGES, malformed: MALFORMED, reconnects: RECONNECTS, seeded: SEEDED },
  seedsHistory: true,
  create(config, context) {
    const counters: KafkaCounters = { messages: 0, malformed: 0, reconnects: 0, seeded: 0 };
    // One consumer per stream per daemon instance: every daemon (even two in one process) has its
    // own group, so each reads every partition of the topic for its own viewers.
    const groupId = config.groupId ?? `realtime-graph-${PROCESS_ID}-${context.streamId}-${randomBytes(4).toString('hex')}`;
    // Resuming, the history is in the store already: no seed.
    const resumeFrom = context.resumeFrom === undefined ? undefined : parseKafkaPosition(context.resumeFrom);
    const consumer: ConsumerConfig = {
      ...config,
      groupId,
      namedGroup: config.groupId !== undefined,
      ...(resumeFrom ? { resumeFrom } : { seed: context.seedHistory }),
    };
    const tracker = new PositionTracker();
    const thread: ConsumerLink = {};
    return {
      positioned: true,
      // The stored position is the next offset of each partition: the last row read is the one before.
      ...(resumeFrom ? { resumedAt: resumeFrom.flatMap(([partition, next]) => [partition, next - 1]) } : {}),
      counters: () => ({ ...counters }),
      position: () => tracker.position(),
      // Only a group the operator named is worth committing to (for their lag tools).
      committed: (position) => {
        if (consumer.namedGroup) thread.send?.({ type: 'commit', offsets: parseKafkaPosition(position) });
      },
      read: (signal) => readTopic(consumer, context, counters, tracker, thread, signal),
    };
  },
});

type ReadContext = Pick<SourceContext, 'streamId' | 'logger' | 'timeField' | 'notify'>;

/** The running consumer thread of a source, while it reads. */
interface ConsumerLink {
  send?: (message: ToConsumer) => void;
}

/** How long a consumer thread may take to leave the group and disconnect before it is terminated. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Runs the stream's consumer in its own thread and yields the rows of what it fetches. Notices
 * travel in the same queue as the batches, so each lands between the right rows.
 */
async function* readTopic(
  config: ConsumerConfig,
  context: ReadContext,
  counters: KafkaCounters,
  tracker: PositionTracker,
  thread: ConsumerLink,
  signal: AbortSignal,
): AsyncGenerator<PositionedRows> {
  checkKafkaJs();
  const logger = context.logger.child({ source: 'kafka', topic: config.topic });
  // Bounded by the consumer thread, which fetches no more than `queue` messages ahead.
  const queue = new AsyncQueue<FromConsumer>(Number.MAX_SAFE_INTEGER);
  const job: ConsumerJob = { config, withTimestamps: config.timestamp === 'kafka' };
  const worker = startConsumerThread(job);
  const send = (message: ToConsumer) => worker.postMessage(message);
  thread.send = send;
  worker.on('message', (message: FromConsumer) => {
    if (message.type === 'log') logger[message.level](message.fields, message.message);
    else if (message.type === 'reconnect') counters.reconnects++;
    else if (message.type === 'end') {
      if (message.error) {
        logger.error({ error: message.error }, 'kafka consumer thread failed');
        queue.fail(new SourceError('the Kafka consumer failed'));
      } else queue.close();
    } else void queue.push(message);
  });
  worker.on('error', (error) => {
    logger.error({ err: error }, 'kafka consumer thread failed');
    queue.fail(new SourceError('the Kafka consumer failed'));
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      queue.close();
      resolve();
    }),
  );
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    send({ type: 'stop' });
    killTimer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS).unref();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const decode = batchDecoder(config, context, counters, logger);
  try {
    for await (const message of queue) {
      if (message.type === 'notice') {
        context.notify(message.notice);
        continue;
      }
      if (message.type === 'starts') tracker.start(message.offsets);
      if (message.type !== 'batch') continue;
      const rows = decode(message.batch);
      // Past every message of the batch, those skipped as malformed too (a batch is never empty).
      tracker.read(message.batch.partition, message.batch.offsets[message.batch.offsets.length - 1]!);
      send({ type: 'credit', messages: message.batch.lengths.length });
      if (rows.length > 0) yield rows;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    thread.send = undefined;
    if (!signal.aborted) onAbort();
    await exited;
    clearTimeout(killTimer);
  }
}

/** Decodes packed messages into rows; malformed ones are counted, logged (sparingly) and skipped. */
function batchDecoder(
  config: KafkaConfig,
  context: ReadContext,
  counters: KafkaCounters,
  logger: Logger,
): (batch: PackedBatch) => PositionedRows {
  const options: DecodeOptions = {
    format: config.format,
    fields: config.fields,
    delimiter: config.delimiter,
    maxBytes: config.maxMessageBytes,
  };
  const timeField = context.timeField ?? 'timestamp';
  let logged = 0;
  return (batch) => {
    const { partition, offsets, timestamps } = batch;
    const out: PositionedRows = [];
    const positions: number[] = [];
    out.positions = positions;
    if (batch.backfill) {
      out.backfill = true;
      counters.seeded += offsets.length;
    }
    eachText(batch, (text, i) => {
      const before = out.length;
      if (text === undefined || !decodeTextInto(text, options, out)) {
        counters.malformed++;
        if (logged++ < 5 || logged % 1000 === 0) {
          logger.warn({ partition, offset: offsets[i], malformed: counters.malformed }, 'malformed message skipped');
        }
        return;
      }
      for (let r = before; r < out.length; r++) {
        if (timestamps) out[r]![timeField] = timestamps[i];
        positions.push(partition, offsets[i]!);
      }
    });
    counters.messages += offsets.length;
    return out;
  };
}
