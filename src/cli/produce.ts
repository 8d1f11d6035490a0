// `realtime-graph produce <file.csv> --topic <topic> …`: publishes a CSV file at a pace to a Kafka
// topic, or with --mqtt to an MQTT broker.
import { existsSync } from 'node:fs';
import { createLogger } from '../log.js';
import { UsageError } from './command.js';

export interface ProduceFlags {
  topic?: string;
  brokers?: string;
  rate?: string;
  speed?: string;
  'timestamp-column'?: string;
  loop?: boolean;
  format?: string;
  mqtt?: string;
  qos?: string;
  retain?: boolean;
}

/** The pace and format every producer takes, checked. */
interface Checked {
  format: 'json' | 'csv';
  rate?: number | 'unlimited';
  speed?: number;
}

/** Publishes the file until it ends (or a signal stops it); exit code 0. */
export async function produce(files: string[], values: ProduceFlags): Promise<number> {
  if (files.length !== 1) throw new UsageError('produce takes one CSV file');
  if (!values.topic) throw new UsageError('produce needs --topic');
  if (!existsSync(files[0]!)) throw new UsageError(`no such file: ${files[0]}`);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv (got ${format})`);
  const rate = values.rate === undefined || values.rate === 'unlimited' ? values.rate : positiveNumber('--rate', values.rate);
  const speed = values.speed === undefined ? undefined : positiveNumber('--speed', values.speed);
  if (rate !== undefined && speed !== undefined) throw new UsageError('use either --rate or --speed');
  const checked: Checked = { format, rate: rate as number | 'unlimited' | undefined, speed };
  if (values.mqtt !== undefined) return produceToMqtt(files[0]!, values, checked);
  if (values.qos !== undefined || values.retain) throw new UsageError('--qos and --retain need --mqtt');
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').filter(Boolean);
  const { logger, signal } = producerRun();
  const { produceKafka } = await import('./produce-kafka.js');
  const sent = await produceKafka({
    file: files[0]!,
    topic: values.topic,
    brokers,
    rate: checked.rate,
    speed,
    timestampColumn: values['timestamp-column'],
    loop: values.loop ?? false,
    format,
    logger,
    signal,
  });
  logger.info({ topic: values.topic, sent }, 'produced');
  return 0;
}

/** A producer's logger, and a signal that a first SIGINT or SIGTERM aborts (the producer then stops cleanly). */
function producerRun(): { logger: ReturnType<typeof createLogger>; signal: AbortSignal } {
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  return { logger: createLogger('info'), signal: abort.signal };
}

async function produceToMqtt(file: string, values: ProduceFlags, checked: Checked): Promise<number> {
  const url = values.mqtt!;
  if (!/^(mqtt|mqtts|ws|wss):\/\/[^\s/]+/.test(url))
    throw new UsageError(`--mqtt must be an mqtt://, mqtts://, ws:// or wss:// URL (got ${url})`);
  const qos = Number(values.qos ?? 1);
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new UsageError(`--qos must be 0, 1 or 2 (got ${values.qos})`);
  const perSensor = values.topic!.includes('{column}');
  if (perSensor && checked.format === 'csv') throw new UsageError('--format csv publishes whole rows: use a --topic without {column}');
  if (!perSensor && /[+#]/.test(values.topic!)) throw new UsageError(`--topic must not contain + or # (got ${values.topic})`);
  const { logger, signal } = producerRun();
  const { produceMqtt } = await import('./produce-mqtt.js');
  const sent = await produceMqtt({
    file,
    url,
    topic: values.topic!,
    format: perSensor && values.format === undefined ? 'number' : checked.format,
    qos,
    retain: values.retain ?? false,
    rate: checked.rate,
    speed: checked.speed,
    timestampColumn: values['timestamp-column'],
    loop: values.loop ?? false,
    logger,
    signal,
  });
  logger.info({ broker: new URL(url).host, topic: values.topic, sent }, 'produced');
  return 0;
}

function positiveNumber(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number (got ${text})`);
  return n;
}
