import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the Kafka tests were given: brokers, or the one-line reason there are none. */
export interface KafkaInfo {
  brokers?: string;
  /** How the broker can be restarted by a test: `local` (scripts/kafka-local.sh), or not at all. */
  control?: 'local' | 'container' | 'external';
  missing?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kafka: KafkaInfo;
  }
}

const SCRIPT = fileURLToPath(new URL('../../scripts/kafka-local.sh', import.meta.url));

/** The test broker's own directory and ports, so it never touches a broker a developer runs. */
export const LOCAL_BROKER_ENV = {
  KAFKA_LOCAL_DIR: fileURLToPath(new URL('../../.kafka-local/test', import.meta.url)),
  KAFKA_PORT: process.env.RTG_TEST_KAFKA_PORT ?? '19192',
  KAFKA_CONTROLLER_PORT: process.env.RTG_TEST_KAFKA_CONTROLLER_PORT ?? '19193',
};

/** Runs a command of scripts/kafka-local.sh for the test broker. */
export function kafkaLocal(command: 'start' | 'stop' | 'status'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [SCRIPT, command], { env: { ...process.env, ...LOCAL_BROKER_ENV }, timeout: 180_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export function hasCommand(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 });
  return result.status === 0;
}
