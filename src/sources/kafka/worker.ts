// Entry of a Kafka stream's consumer thread. kafkajs (fetching, decoding the protocol) runs here,
// beside the main thread that parses the values and serves viewers, so the two share the work on
// two cores instead of taking turns on one.
import { parentPort, workerData } from 'node:worker_threads';
import { createKafka, superviseConsumers, type ConsumerHooks } from './consumer.js';
import { GroupCommitter } from './group-commit.js';
import { packBatch, transferList, type ConsumerJob, type FromConsumer, type ToConsumer } from './wire.js';

const port = parentPort!;
const job = workerData as ConsumerJob;
const stop = new AbortController();
const post = (message: FromConsumer, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

/** Messages sent but not yet decoded by the main thread, bounded by the configured queue. */
let inFlight = 0;
let wakeConsumer: (() => void) | undefined;

const log: ConsumerHooks['log'] = (level, fields, message) => post({ type: 'log', level, fields, message });
const committer = job.config.namedGroup ? new GroupCommitter(job.config.topic, log) : undefined;

port.on('message', (message: ToConsumer) => {
  if (message.type === 'commit') return committer?.commit(message.offsets);
  if (message.type === 'credit') inFlight -= message.messages;
  else stop.abort();
  wakeConsumer?.();
  wakeConsumer = undefined;
});

async function run(): Promise<void> {
  const hooks: ConsumerHooks = {
    notify: (notice) => post({ type: 'notice', notice }),
    log,
    reconnected: () => post({ type: 'reconnect' }),
    started: (offsets) => post({ type: 'starts', offsets }),
    async deliver(partition, messages, backfill) {
      const batch = packBatch(partition, messages, job.config.maxMessageBytes, job.withTimestamps);
      if (backfill) batch.backfill = true;
      post({ type: 'batch', batch }, transferList(batch));
      inFlight += messages.length;
      // Fetch on while the main thread keeps up; wait (and so stop fetching) when it falls behind.
      while (inFlight >= job.config.queue && !stop.signal.aborted) await new Promise<void>((resolve) => (wakeConsumer = resolve));
    },
  };
  const kafka = await createKafka(job.config, hooks);
  await superviseConsumers(kafka, job.config, hooks, stop.signal, committer);
}

run()
  .then(
    () => post({ type: 'end' }),
    (error: unknown) => post({ type: 'end', error: error instanceof Error ? error.message : String(error) }),
  )
  .finally(() => port.close());
