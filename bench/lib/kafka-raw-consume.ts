// Child script of the Kafka benchmark, the reference: kafkajs alone, consuming a topic from the
// start with a fresh group and counting messages until `count` (throughput), or reading for
// `seconds` from the end and computing each message's latency from its `timestamp` (latency).
// Args: { brokers, topic, count, seconds }. Prints { ms, messages, latencies? }.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

const { brokers, topic, count, seconds } = JSON.parse(process.argv[2] ?? '{}') as {
  brokers: string[];
  topic: string;
  count: number;
  seconds: number;
};
const kafka = new Kafka({ clientId: 'rtg-bench-raw', brokers, logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: `rtg-bench-raw-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 250 });
// Timed from the connection, as the daemon's figure is timed from the request that makes its
// consumer connect (kafkajs is loaded beforehand in both).
const started = performance.now();
await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: count > 0 });
const latencies: number[] = [];
let messages = 0;
let finish: () => void = () => {};
const finished = new Promise<void>((resolve) => (finish = resolve));
let ready: () => void = () => {};
const joined = new Promise<void>((resolve) => (ready = resolve));
consumer.on(consumer.events.GROUP_JOIN, () => ready());
await consumer.run({
  autoCommit: false,
  eachBatch: async ({ batch }) => {
    const now = Date.now();
    for (const message of batch.messages) {
      messages++;
      if (count === 0) latencies.push(now - Date.parse(JSON.parse(message.value!.toString()).timestamp));
    }
    if (count > 0 && messages >= count) finish();
  },
});
if (count === 0) {
  await joined;
  process.stdout.write('{"ready":true}\n');
  setTimeout(finish, seconds * 1000);
}
await finished;
const ms = performance.now() - started;
await consumer.disconnect();
process.stdout.write(`${JSON.stringify({ ms, messages, latencies: count === 0 ? latencies : undefined })}\n`);
