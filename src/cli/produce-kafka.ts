// `realtime-graph produce --topic`: a CSV replay published to a Kafka topic, one message per row.
import { SourceError } from '../sources/errors.js';
import { rowsOf, type Row } from '../values/row.js';
import { csvLine, openReplay, typed, type ReplayOptions } from './csv-replay.js';

export interface KafkaProduceOptions extends ReplayOptions {
  topic: string;
  brokers: string[];
  format: 'json' | 'csv';
}

/**
 * Publishes a CSV file to a Kafka topic at a pace, one message per row: a JSON object (numbers as
 * numbers, empty cells as null) or the CSV line itself. Rows due at the same moment go out in one
 * request. Resolves with the number of messages sent when the file ends (or on abort).
 */
export async function produceKafka(options: KafkaProduceOptions): Promise<number> {
  const { Kafka, Partitioners, logLevel } = await import('kafkajs').catch(() => {
    throw new SourceError('producing needs the kafkajs package (npm install kafkajs)');
  });
  const { header, source } = await openReplay(options);
  const kafka = new Kafka({
    clientId: 'realtime-graph-producer',
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    // kafkajs reports transient states (a topic being created) as errors: keep them at debug.
    logCreator: () => (entry) => options.logger.debug({ kafkajs: entry.log.error ?? '' }, `kafkajs: ${entry.log.message}`),
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
  await producer.connect();
  const encode = options.format === 'csv' ? (row: Row) => csvLine(header, row) : (row: Row) => JSON.stringify(typed(header, row));
  let sent = 0;
  let pending: { value: string }[] = [];
  let sending: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let flushScheduled = false;
  // Rows that are due together are yielded in one turn of the event loop; they go out as one
  // request at the end of that turn. Requests are chained so the topic keeps the file's order.
  const flush = () => {
    flushScheduled = false;
    if (pending.length === 0) return;
    const messages = pending;
    pending = [];
    inFlight++;
    sending = sending
      .then(() => producer.send({ topic: options.topic, messages }))
      .then(() => {
        sent += messages.length;
      })
      .finally(() => inFlight--);
  };
  const report = setInterval(() => options.logger.info({ topic: options.topic, sent }, 'producing'), 5000);
  try {
    for await (const item of source.read(options.signal)) {
      for (const row of rowsOf(item)) pending.push({ value: encode(row) });
      if (pending.length >= 1000) flush();
      else if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
      if (inFlight > 8) await sending; // the brokers are slower than the file: wait for them
    }
    flush();
    await sending;
  } finally {
    clearInterval(report);
    await sending.catch(() => undefined);
    await producer.disconnect();
  }
  return sent;
}
