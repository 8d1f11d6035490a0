// A real Kafka broker for the Kafka benchmark: $KAFKA_BROKERS if set, else the local broker of
// scripts/kafka-local.sh in its own directory and ports (so it never disturbs a developer's).
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export interface BenchBroker {
  brokers: string[];
  /** Stops the broker if this suite started it. */
  stop(): Promise<void>;
  /** Stops and starts the broker (the local one only: undefined with $KAFKA_BROKERS). */
  control?: { stop(): Promise<void>; start(): Promise<void> };
}

const SCRIPT = join(repoRoot, 'scripts/kafka-local.sh');
const ENV = {
  KAFKA_LOCAL_DIR: join(repoRoot, '.kafka-local/bench'),
  KAFKA_PORT: process.env.RTG_BENCH_KAFKA_PORT ?? '19392',
  KAFKA_CONTROLLER_PORT: process.env.RTG_BENCH_KAFKA_CONTROLLER_PORT ?? '19393',
};

function script(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [SCRIPT, command], { env: { ...process.env, ...ENV }, timeout: 180_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Why no broker can be had here, or undefined. */
export function brokerMissing(): string | undefined {
  if (process.env.KAFKA_BROKERS) return undefined;
  const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 }).status === 0;
  return has('java', ['-version']) && has('mvn', ['-v']) ? undefined : 'no KAFKA_BROKERS and no Java + Maven for scripts/kafka-local.sh';
}

export async function startBroker(log: (message: string) => void): Promise<BenchBroker> {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS.split(','), stop: async () => {} };
  const wasRunning = (await script('status')).code === 0;
  log(wasRunning ? 'reusing the local benchmark broker' : 'starting the local Kafka broker (scripts/kafka-local.sh)');
  const started = await script('start');
  const brokers = /KAFKA_BROKERS=(\S+)/.exec(started.stdout)?.[1];
  if (started.code !== 0 || !brokers)
    throw new Error(`scripts/kafka-local.sh start failed:\n${started.stderr.split('\n').slice(-10).join('\n')}`);
  const run = async (command: 'start' | 'stop') => {
    const result = await script(command);
    if (result.code !== 0) throw new Error(`scripts/kafka-local.sh ${command} failed:\n${result.stderr.split('\n').slice(-10).join('\n')}`);
  };
  return {
    brokers: brokers.split(','),
    stop: async () => {
      if (!wasRunning) await script('stop');
    },
    control: { stop: () => run('stop'), start: () => run('start') },
  };
}
