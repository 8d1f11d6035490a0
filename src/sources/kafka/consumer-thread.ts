// Starts a Kafka stream's consumer thread. The daemon runs the script scripts/build.mjs builds from
// worker.ts beside its own code (dist/kafka-worker.js): a thread is started from a file.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { ConsumerJob } from './wire.js';

/** Starts a thread that runs worker.ts with `options` (whose workerData is the job). */
export type ConsumerThreadStarter = (options: WorkerOptions & { workerData: ConsumerJob }) => Worker;

let starter: ConsumerThreadStarter = (options) => new Worker(new URL('./kafka-worker.js', import.meta.url), options);

/** A consumer thread for `job`; its standard output and error are the daemon's. */
export function startConsumerThread(job: ConsumerJob): Worker {
  return starter({ workerData: job, stdout: false, stderr: false });
}

/**
 * Replaces how consumer threads start. Code that runs the daemon from its TypeScript sources, such
 * as the test suite, has no built script beside this module and starts worker.ts its own way.
 */
export function setConsumerThreadStarter(start: ConsumerThreadStarter): void {
  starter = start;
}
