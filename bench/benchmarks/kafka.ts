// Issue 5: Kafka → SSE throughput against kafkajs consuming the same topic alone, and the latency
// from a producer's send to a browser's EventSource at 1,000 messages/s against kafkajs alone.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { browserMissing } from '../lib/browser.js';
import { runChildScript as child } from '../lib/child-script.js';
import { startDaemon } from '../lib/daemon.js';
import { eventSourceLatencies } from '../lib/eventsource-latency.js';
import { brokerMissing, startBroker } from '../lib/kafka-broker.js';
import { resultRow } from '../lib/results.js';
import { percentile } from '../lib/stats.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const MESSAGES = 300_000;
const LATENCY_RATE = 1000;
const LATENCY_SECONDS = 6;
/** The rows of the first second sent are left out of latency figures (connections warming up), on both sides. */
const WARM_UP_ROWS = LATENCY_RATE;
const COLUMNS = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'];

/** A new one-partition topic named `<prefix>-<random>`. */
export async function createTopic(brokers: string[], prefix: string): Promise<string> {
  const topic = `${prefix}-${randomBytes(4).toString('hex')}`;
  const admin = new Kafka({ clientId: 'rtg-bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

function kafkaConfig(brokers: string[], topic: string, extra: Record<string, unknown>) {
  return {
    server: { viewerQueue: { bytes: 256 * 1024 * 1024 }, shutdownTimeoutMs: 2000 },
    // batch.tickMs 5, as in config/kafka.yaml (the latency-minded example for Kafka streams)
    streams: [{ id: 'k', source: { type: 'kafka', brokers, topic, ...extra }, columns: COLUMNS, idleStopMs: 0, batch: { tickMs: 5 } }],
  };
}

/** Rows/s from an SSE client's request (which starts the stream's consumer) to the last row. */
async function daemonThroughput(brokers: string[], topic: string): Promise<number> {
  const daemon = await startDaemon({ config: kafkaConfig(brokers, topic, { start: 'earliest' }) });
  try {
    const [result] = await child('sse-count', { url: `${daemon.url}/api/streams/k/events`, count: MESSAGES });
    return (MESSAGES * 1000) / (result!.ms as number);
  } finally {
    await daemon.stop();
  }
}

/** Messages/s of kafkajs alone, from connecting a fresh group to the last message. */
async function rawThroughput(brokers: string[], topic: string): Promise<number> {
  const lines = await child('kafka-raw-consume', { brokers, topic, count: MESSAGES });
  return (MESSAGES * 1000) / (lines.at(-1)!.ms as number);
}

/** Send → EventSource latencies (ms) in headless Chromium, while a producer sends at 1,000/s. */
async function browserLatencies(brokers: string[], topic: string): Promise<number[]> {
  const daemon = await startDaemon({ config: kafkaConfig(brokers, topic, { start: 'latest' }) });
  try {
    return await eventSourceLatencies(daemon.url, 'k', WARM_UP_ROWS, () =>
      child('kafka-produce', { brokers, topic, rate: LATENCY_RATE, seconds: LATENCY_SECONDS, count: 0 }),
    );
  } finally {
    await daemon.stop();
  }
}

/** The same with kafkajs alone as the receiver (in Node, no SSE, no browser). */
async function rawLatencies(brokers: string[], topic: string): Promise<number[]> {
  let producing: Promise<unknown> | undefined;
  const lines = await child('kafka-raw-consume', { brokers, topic, count: 0, seconds: LATENCY_SECONDS + 1.5 }, (line) => {
    if (line.ready) producing = child('kafka-produce', { brokers, topic, rate: LATENCY_RATE, seconds: LATENCY_SECONDS, count: 0 });
  });
  await producing;
  const all = (lines.at(-1)!.latencies as number[]) ?? [];
  return all.slice(WARM_UP_ROWS);
}

export const kafkaBenchmark: Benchmark = {
  name: 'kafka',
  title: 'Kafka',
  description:
    `Against a real broker ($KAFKA_BROKERS, or scripts/kafka-local.sh's in .kafka-local/bench). Throughput: ${MESSAGES.toLocaleString('en-US')} ` +
    'JSON rows are produced to a one-partition topic; a daemon with a `kafka` stream (start: earliest) serves them to one SSE client in ' +
    'its own process, which counts rows until the last; rows/s from its request (which starts the consumer) to the last row. ' +
    'Reference: kafkajs alone consuming the same topic from the start with a fresh group, in its own process, alternately. Latency: a ' +
    `producer sends ${LATENCY_RATE} rows/s for ${LATENCY_SECONDS} s, each stamped with its send time; a headless Chromium page's EventSource ` +
    `records receive − send per row (the first ${WARM_UP_ROWS.toLocaleString('en-US')} rows received, a second of sending, left out on both sides). Reference: kafkajs alone receiving the same way in Node.`,
  budgetMs: 120_000,
  async run(context: BenchContext) {
    const missing = brokerMissing() ?? browserMissing();
    if (missing) throw new Error(missing);
    const broker = await startBroker(context.log);
    try {
      const { brokers } = broker;
      const topic = await createTopic(brokers, 'rtg-bench-throughput');
      const [produced] = await child('kafka-produce', { brokers, topic, count: MESSAGES, rate: 0, seconds: 0 });
      context.log(`produced ${MESSAGES} rows in ${Math.round(produced!.ms as number)} ms`);

      const daemonRuns: number[] = [];
      const rawRuns: number[] = [];
      await interleaved(context, Math.min(context.runs, 4), [
        async () => {
          daemonRuns.push(await daemonThroughput(brokers, topic));
          context.log(`daemon: ${Math.round(daemonRuns.at(-1)!)} rows/s`);
        },
        async () => {
          rawRuns.push(await rawThroughput(brokers, topic));
          context.log(`kafkajs alone: ${Math.round(rawRuns.at(-1)!)} messages/s`);
        },
      ]);

      const latencyRuns: { p50: number; p99: number }[] = [];
      const rawLatencyRuns: { p50: number; p99: number }[] = [];
      const summarize = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
      await interleaved(context, Math.min(context.runs, 3), [
        async () => {
          const values = await browserLatencies(brokers, await createTopic(brokers, 'rtg-bench-latency'));
          latencyRuns.push(summarize(values));
          context.log(
            `browser: ${values.length} rows, p50 ${latencyRuns.at(-1)!.p50.toFixed(1)} ms, p99 ${latencyRuns.at(-1)!.p99.toFixed(1)} ms`,
          );
        },
        async () => {
          const values = await rawLatencies(brokers, await createTopic(brokers, 'rtg-bench-latency'));
          rawLatencyRuns.push(summarize(values));
          context.log(
            `kafkajs alone: ${values.length} messages, p50 ${rawLatencyRuns.at(-1)!.p50.toFixed(1)} ms, p99 ${rawLatencyRuns.at(-1)!.p99.toFixed(1)} ms`,
          );
        },
      ]);

      const rawLatency = (pick: (r: { p50: number; p99: number }) => number) => ({
        what: 'kafkajs alone, in Node',
        runs: rawLatencyRuns.map(pick),
      });
      return [
        resultRow({
          benchmark: 'kafka',
          measure: `Kafka → SSE rows/s to one client (${MESSAGES.toLocaleString('en-US')} rows, from the start of the topic)`,
          unit: 'rows/s',
          runs: daemonRuns,
          target: { of: 'ratio', op: '>=', value: 0.5 },
          reference: { what: 'kafkajs alone consuming the same topic (own process)', runs: rawRuns },
        }),
        resultRow({
          benchmark: 'kafka',
          measure: `produce → browser EventSource latency at ${LATENCY_RATE.toLocaleString('en-US')} msg/s, p50`,
          unit: 'ms',
          runs: latencyRuns.map((r) => r.p50),
          target: { of: 'figure', op: '<', value: 10 },
          reference: rawLatency((r) => r.p50),
        }),
        resultRow({
          benchmark: 'kafka',
          measure: `produce → browser EventSource latency at ${LATENCY_RATE.toLocaleString('en-US')} msg/s, p99`,
          unit: 'ms',
          runs: latencyRuns.map((r) => r.p99),
          target: { of: 'figure', op: '<', value: 50 },
          reference: rawLatency((r) => r.p99),
          notes: [
            'rows that arrive faster than 50/s go out in batches, one per batch.tickMs (5 ms here, as in config/kafka.yaml; 10 ms by default), so a row may wait that long by design',
          ],
        }),
      ];
    } finally {
      await broker.stop();
    }
  },
};
