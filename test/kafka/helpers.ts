import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { inject } from 'vitest';
import { describeIfAvailable } from '../helpers/requirements.js';
import type { KafkaInfo } from './broker.js';

export function kafkaInfo(): KafkaInfo {
  return inject('kafka');
}

/** A describe block that needs the real broker (skipped with the reason, or failed under CI, without one). */
export function describeWithKafka(name: string, body: () => void): void {
  describeIfAvailable(name, kafkaInfo().missing, body);
}

/** Why a test that stops and restarts the broker cannot run here (it needs the broker of scripts/kafka-local.sh). */
export function restartableBrokerMissing(): string | undefined {
  const { control } = kafkaInfo();
  return control === 'local'
    ? undefined
    : `needs the local broker of scripts/kafka-local.sh, which it restarts (this run uses a ${control ?? 'missing'} broker)`;
}

export function brokers(): string[] {
  return kafkaInfo().brokers!.split(',');
}

function client(): Kafka {
  return new Kafka({ clientId: 'rtg-test', brokers: brokers(), logLevel: logLevel.NOTHING });
}

/** A fresh topic with a unique name. */
export async function createTopic(partitions = 1): Promise<string> {
  const topic = `rtg-test-${randomBytes(4).toString('hex')}`;
  const admin = client().admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export interface TestProducer {
  send(topic: string, values: (string | Buffer | object)[], options?: { partition?: number; timestamp?: number }): Promise<void>;
  close(): Promise<void>;
}

export async function producer(): Promise<TestProducer> {
  const p: Producer = client().producer({ allowAutoTopicCreation: true });
  await p.connect();
  return {
    async send(topic, values, options = {}) {
      await p.send({
        topic,
        messages: values.map((v) => ({
          value: typeof v === 'string' || Buffer.isBuffer(v) ? v : JSON.stringify(v),
          partition: options.partition,
          timestamp: options.timestamp === undefined ? undefined : String(options.timestamp),
        })),
      });
    },
    close: () => p.disconnect(),
  };
}

/** A pump-like JSON row at minute i. */
export function jsonRow(i: number): { timestamp: string; sensor_04: number; sensor_18: number } {
  return { timestamp: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(), sensor_04: i / 100, sensor_18: 1 - i / 100 };
}
