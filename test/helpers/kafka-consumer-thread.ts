// A setup file of every test project (vitest.config.ts). The daemon starts each Kafka stream's
// consumer thread from the script built beside it (dist/kafka-worker.js); the tests run the daemon
// from its TypeScript sources, so they start the source of that script, worker.ts, through tsx's
// loader instead.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ConsumerThreadStarter, setConsumerThreadStarter } from '../../src/sources/kafka/consumer-thread.js';

/** tsx's ESM loader API (its `import` export: `require.resolve` would give the CommonJS one). */
function tsxLoaderUrl(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = JSON.parse(readFileSync(manifest, 'utf8')).exports['./esm/api'];
  return pathToFileURL(join(dirname(manifest), exports.import.default)).href;
}

const workerSource = new URL('../../src/sources/kafka/worker.ts', import.meta.url).href;
const boot = `import(${JSON.stringify(tsxLoaderUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(workerSource)}); })`;

/** Starts a consumer thread from worker.ts (a test may wrap it to watch what the thread sends). */
export const startWorkerFromSource: ConsumerThreadStarter = (options) => new Worker(boot, { ...options, eval: true });

setConsumerThreadStarter(startWorkerFromSource);
