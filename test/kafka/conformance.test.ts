import { afterAll } from 'vitest';
import { DataDir } from '../../src/sources/data-dir.js';
import { kafkaSource } from '../../src/sources/kafka/source.js';
import { tempDir } from '../helpers/temp.js';
import { describeConformance } from '../sources/conformance.js';
import { brokers, createTopic, describeWithKafka, jsonRow, producer } from './helpers.js';

const dir = await tempDir('rtg-kafka-conformance-');
afterAll(() => dir.remove());

describeWithKafka('the kafka source plugin', () => {
  describeConformance({
    plugin: kafkaSource,
    fields: ['timestamp', 'sensor_04'],
    async rowsConfig() {
      const topic = await createTopic();
      const send = await producer();
      await send.send(
        topic,
        Array.from({ length: 2000 }, (_, i) => jsonRow(i)),
      );
      await send.close();
      return { brokers: brokers(), topic, start: 'earliest' };
    },
    failingConfig: { none: 'a Kafka source does not fail: it reconnects, and tells viewers through status events' },
    dataDir: () => DataDir.open(dir.root),
  });
});
