// Child script of the Kafka benchmark: publishes pump-like JSON rows to a topic, either as fast as
// it can (`rate` 0, batches of 1,000) or at `rate` messages/s for `seconds`, each row's
// `timestamp` being its send time (ms precision), so a receiver can compute its latency.
// Args: one JSON object { brokers, topic, count, rate, seconds }. Prints { sent, ms }.
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { benchRow, sendAtRate } from './paced-rows.js';

const { brokers, topic, count, rate, seconds } = JSON.parse(process.argv[2] ?? '{}') as {
  brokers: string[];
  topic: string;
  count: number;
  rate: number;
  seconds: number;
};
const kafka = new Kafka({ clientId: 'rtg-bench-producer', brokers, logLevel: logLevel.NOTHING });
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
await producer.connect();
const started = performance.now();
let sent = 0;
if (rate > 0) {
  const total = Math.round(rate * seconds);
  await sendAtRate(rate, total, async (from, to) => {
    const messages = [];
    for (let i = from; i < to; i++) messages.push({ value: benchRow(i, Date.now()) });
    await producer.send({ topic, messages });
  });
  sent = total;
} else {
  const base = Date.UTC(2024, 0, 1);
  while (sent < count) {
    const messages = [];
    for (let i = 0; i < 1000 && sent < count; i++, sent++) messages.push({ value: benchRow(sent, base + sent * 60_000) });
    await producer.send({ topic, messages });
  }
}
const ms = performance.now() - started;
await producer.disconnect();
process.stdout.write(`${JSON.stringify({ sent, ms })}\n`);
