// `realtime-graph produce --mqtt`: a CSV replay published to an MQTT broker, as one JSON message per
// row on a topic, or as one message per sensor per row on a topic template (`plant/pump1/{column}`).
import { randomBytes } from 'node:crypto';
import { SourceError } from '../sources/errors.js';
import { toIsoTime, toNumberOrNull } from '../values/convert.js';
import { rowsOf, type Row } from '../values/row.js';
import { csvLine, openReplay, typed, type ReplayOptions } from './csv-replay.js';

export interface MqttProduceOptions extends ReplayOptions {
  url: string;
  /** A topic, or a template with `{column}`: one message per value column per row. */
  topic: string;
  /** Per row: json (an object) or csv (the line). Per sensor: the value as text, or json `{ timestamp, value }`. */
  format: 'json' | 'csv' | 'number';
  qos: 0 | 1 | 2;
  retain: boolean;
}

/** How many QoS 1/2 messages may wait for the broker's acknowledgement at once. */
const IN_FLIGHT = 1000;

interface Message {
  topic: string;
  payload: string;
}

/** The messages of one row, for the topic (or topic template) and format. */
function messageMaker(options: MqttProduceOptions, header: readonly string[]): (row: Row, out: Message[]) => void {
  const timeColumn = options.timestampColumn ?? 'timestamp';
  if (!options.topic.includes('{column}')) {
    const encode = options.format === 'csv' ? (row: Row) => csvLine(header, row) : (row: Row) => JSON.stringify(typed(header, row));
    return (row, out) => void out.push({ topic: options.topic, payload: encode(row) });
  }
  const sensors = header.filter((name) => name !== timeColumn).map((name) => ({ name, topic: options.topic.replaceAll('{column}', name) }));
  const hasTime = header.includes(timeColumn);
  return (row, out) => {
    const timestamp = hasTime ? toIsoTime(row[timeColumn]) : null;
    for (const sensor of sensors) {
      const value = toNumberOrNull(row[sensor.name]);
      if (value === null) continue; // an empty cell is no reading: nothing is published
      const payload = options.format === 'json' ? JSON.stringify({ timestamp, value }) : String(value);
      out.push({ topic: sensor.topic, payload });
    }
  };
}

/** Publishes the replay; resolves with the number of messages the broker took when the file ends (or on abort). */
export async function produceMqtt(options: MqttProduceOptions): Promise<number> {
  const mqtt = await import('mqtt').catch(() => {
    throw new SourceError('producing to MQTT needs the mqtt package (npm install mqtt)');
  });
  const connectAsync = mqtt.connectAsync ?? (mqtt as unknown as { default: typeof mqtt }).default.connectAsync;
  const { header, source } = await openReplay(options);
  const client = await connectAsync(
    options.url,
    {
      clientId: `realtime-graph-producer-${randomBytes(4).toString('hex')}`,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    },
    false,
  ).catch((error: Error) => {
    throw new SourceError(`cannot connect to ${new URL(options.url).host}: ${error.message}`);
  });
  const toMessages = messageMaker(options, header);
  let sent = 0;
  let inFlight = 0;
  let failure: Error | undefined;
  let drained: (() => void) | undefined;
  const publish = (message: Message) => {
    inFlight++;
    client.publish(message.topic, message.payload, { qos: options.qos, retain: options.retain }, (error) => {
      inFlight--;
      if (error) failure ??= error;
      else sent++;
      if (inFlight < IN_FLIGHT / 2) drained?.();
    });
  };
  const report = setInterval(() => options.logger.info({ topic: options.topic, sent }, 'producing'), 5000);
  const messages: Message[] = [];
  try {
    for await (const item of source.read(options.signal)) {
      for (const row of rowsOf(item)) toMessages(row, messages);
      for (const message of messages) publish(message);
      messages.length = 0;
      if (failure) throw new SourceError(`the broker refused a message: ${failure.message}`);
      // The broker is slower than the file: wait for its acknowledgements.
      while (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => (drained = resolve));
    }
    while (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
  } finally {
    clearInterval(report);
    await client.endAsync();
  }
  return sent;
}
