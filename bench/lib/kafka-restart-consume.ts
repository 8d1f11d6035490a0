// Child script of the kafka-restart benchmark, the reference: a plain kafkajs consumer (its own
// fresh group, from the end of the topic, kafkajs's own retry and reconnect) that prints the time
// (epoch ms) of every batch it receives. Prints { ready } once it has joined its group.
// Args: { brokers, topic }.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

const { brokers, topic } = JSON.parse(process.argv[2] ?? '{}') as { brokers: string[]; topic: string };
const kafka = new Kafka({ clientId: 'rtg-bench-raw', brokers, logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: `rtg-bench-raw-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 250 });
await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: false });
let joined = false;
consumer.on(consumer.events.GROUP_JOIN, () => {
  if (!joined) process.stdout.write('{"ready":true}\n');
  joined = true;
});
await consumer.run({
  autoCommit: false,
  eachBatch: async ({ batch }) => {
    if (batch.messages.length > 0) process.stdout.write(`${JSON.stringify({ at: Date.now(), messages: batch.messages.length })}\n`);
  },
});
