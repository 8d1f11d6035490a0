// Child script of the kafka-restart benchmark: the outside producer. Sends one pump-like JSON row
// every `intervalMs` until killed, each stamped with its send time; a send that fails (the broker
// is down) is not retried by kafkajs but by the next tick, so the first row after a restart goes
// out as soon as the broker takes it. Prints { failed } at the first failure of an outage and
// { back, n } at the first success after one (epoch ms).
// Args: { brokers, topic, intervalMs }.
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { benchRow } from './paced-rows.js';

const { brokers, topic, intervalMs } = JSON.parse(process.argv[2] ?? '{}') as { brokers: string[]; topic: string; intervalMs: number };
const kafka = new Kafka({ clientId: 'rtg-bench-outside-producer', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 500 });
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });
await producer.connect();
let n = 0;
let sending = false;
let down = false;
setInterval(() => {
  if (sending) return;
  sending = true;
  producer
    .send({ topic, messages: [{ value: benchRow(n, Date.now()) }] })
    .then(
      () => {
        if (down) process.stdout.write(`${JSON.stringify({ back: Date.now(), n })}\n`);
        down = false;
        n++;
      },
      () => {
        if (!down) process.stdout.write(`${JSON.stringify({ failed: Date.now(), n })}\n`);
        down = true;
      },
    )
    .finally(() => (sending = false));
}, intervalMs);
process.stdout.write('{"ready":true}\n');
