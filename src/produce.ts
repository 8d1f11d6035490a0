import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { toNumberOrNull } from './values/convert.js';
import { csvConfigSchema, csvSource } from './sources/csv.js';
import { readHeader } from './sources/csv-file.js';
import { DataDir } from './sources/data-dir.js';
import { rowsOf, type Row } from './values/row.js';
import { SourceError } from './sources/errors.js';
import type { DataSource } from './sources/types.js';

/** How a CSV file is replayed by a producer (to Kafka or to MQTT). */
export interface ReplayOptions {
  file: string;
  /** Rows per second (default 10); ignored with `speed`. */
  rate?: number | 'unlimited';
  /** Replay at the file's own timestamps (`timestampColumn`), this many times faster. */
  speed?: number;
  timestampColumn?: string;
  loop: boolean;
  logger: Logger;
  signal: AbortSignal;
}

export interface ProduceOptions extends ReplayOptions {
  topic: string;
  brokers: string[];
  format: 'json' | 'csv';
}

/** The file's header and a paced replay of its rows (the CSV source, as a stream would read it). */
export async function openReplay(options: ReplayOptions): Promise<{ header: string[]; source: DataSource }> {
  const dataDir = await DataDir.open(dirname(options.file));
  const path = await dataDir.resolve(basename(options.file));
  const header = await readHeader(path, ',', 1024 * 1024);
  const source = csvSource.create(
    csvConfigSchema.parse({
      file: basename(options.file),
      loop: options.loop,
      ...(options.speed ? { speed: options.speed, timestampColumn: options.timestampColumn ?? 'timestamp' } : { rate: options.rate ?? 10 }),
    }),
    { streamId: 'produce', dataDir, logger: options.logger, fields: header, notify: () => {} },
  );
  return { header, source };
}

/**
 * Publishes a CSV file to a Kafka topic at a pace, one message per row: a JSON object (numbers as
 * numbers, empty cells as null) or the CSV line itself. Rows due at the same moment go out in one
 * request. Resolves with the number of messages sent when the file ends (or on abort).
 */
export async function produceCsv(options: ProduceOptions): Promise<number> {
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

/** Numbers as numbers, empty cells as null, times and text as they are. */
export function typed(header: readonly string[], row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of header) {
    const cell = row[name];
    const number = toNumberOrNull(cell);
    out[name] = number !== null ? number : cell === '' || cell === undefined ? null : cell;
  }
  return out;
}

export function csvLine(header: readonly string[], row: Row): string {
  return header
    .map((name) => {
      const cell = String(row[name] ?? '');
      return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
    })
    .join(',');
}
