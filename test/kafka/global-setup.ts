import type { TestProject } from 'vitest/node';
import { hasCommand, kafkaLocal, type KafkaInfo } from './broker.js';

/**
 * Finds a real Kafka broker for the Kafka tests, in this order: KAFKA_BROKERS; a broker in a
 * container when a Docker engine answers (testcontainers); the local broker of
 * scripts/kafka-local.sh when Java and Maven exist. Otherwise the tests get a one-line reason to
 * skip (and fail under CI).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let info: KafkaInfo;
  let teardown = async () => {};

  if (process.env.KAFKA_BROKERS) {
    info = { brokers: process.env.KAFKA_BROKERS, control: 'external' };
  } else if (await dockerAnswers()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    info = { brokers: `${container.getHost()}:${container.getMappedPort(9093)}`, control: 'container' };
    teardown = async () => void (await container.stop());
  } else if (hasCommand('java', ['-version']) && hasCommand('mvn', ['-v'])) {
    const wasRunning = (await kafkaLocal('status')).code === 0;
    const started = await kafkaLocal('start');
    const brokers = /KAFKA_BROKERS=(\S+)/.exec(started.stdout)?.[1];
    if (started.code === 0 && brokers) {
      info = { brokers, control: 'local' };
      // Leave a broker alone that was running before the tests; stop the one they started.
      if (!wasRunning) teardown = async () => void (await kafkaLocal('stop'));
    } else if (process.env.CI) {
      throw new Error(`scripts/kafka-local.sh start failed:\n${started.stderr.split('\n').slice(-20).join('\n')}`);
    } else {
      const reason = started.stderr.trim().split('\n').at(-1) ?? 'unknown error';
      info = { missing: `the local Kafka broker did not start (${reason})` };
    }
  } else {
    info = { missing: 'no Kafka broker: set KAFKA_BROKERS, run a Docker engine, or install Java and Maven' };
  }
  project.provide('kafka', info);
  return teardown;
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000)),
    ]);
    return Boolean(client);
  } catch {
    return false;
  }
}
