// Issue 15: MQTT → SSE throughput against mqtt.js consuming the same messages alone, and the
// latency from a publish to a browser's EventSource at 1,000 messages/s against mqtt.js alone.
import { randomBytes } from 'node:crypto';
import { browserMissing } from '../lib/browser.js';
import { runChildScript as child } from '../lib/child-script.js';
import { startDaemon } from '../lib/daemon.js';
import { eventSourceLatencies } from '../lib/eventsource-latency.js';
import { mosquittoMissing, startMqttBroker } from '../lib/mqtt-broker.js';
import { resultRow } from '../lib/results.js';
import { percentile } from '../lib/stats.js';
import { interleaved, type BenchContext, type Benchmark } from './benchmark.js';

const MESSAGES = Number(process.env.RTG_BENCH_MQTT_MESSAGES ?? 200_000);
const LATENCY_RATE = 1000;
const LATENCY_SECONDS = 6;
/** Rows sent in the first second are left out of latency figures (connections warming up). */
const WARM_UP_MS = 1000;
const COLUMNS = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'];

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

function mqttConfig(url: string, topic: string, extra: { autostart?: boolean; clientId?: string }) {
  return {
    server: { viewerQueue: { bytes: 256 * 1024 * 1024 }, shutdownTimeoutMs: 2000 },
    streams: [
      {
        id: 'm',
        autostart: extra.autostart ?? false,
        source: { type: 'mqtt', url, subscriptions: [{ topic, qos: 1 }], timestamp: 'field', ...(extra.clientId ? { clientId: extra.clientId } : {}) },
        columns: COLUMNS,
        idleStopMs: 0,
        batch: { tickMs: 5 },
      },
    ],
  };
}

async function untilReady(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await fetch(`${url}/readyz`).then((r) => r.status).catch(() => 0)) !== 200) {
    if (Date.now() > deadline) throw new Error('the MQTT stream did not go live');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * One round of the throughput figure: a daemon's persistent session and mqtt.js's are made, the
 * messages are published (the broker queues them for both), then each drains its queue in turn.
 */
async function throughputRound(url: string, round: number, log: (message: string) => void): Promise<{ daemon: number; raw: number }> {
  const topic = unique('rtg-bench/throughput');
  const daemonClient = unique('rtg-bench-daemon');
  const rawClient = unique('rtg-bench-raw');
  const first = await startDaemon({ config: mqttConfig(url, topic, { autostart: true, clientId: daemonClient }) });
  try {
    await untilReady(first.url);
  } finally {
    await first.stop(); // an explicit clientId keeps its session
  }
  await child('mqtt-raw-consume', { url, topic, clientId: rawClient, prepare: true });
  const [produced] = await child('mqtt-produce', { url, topic, count: MESSAGES, rate: 0, seconds: 0 });
  log(`published ${MESSAGES} messages in ${Math.round(produced!.ms as number)} ms`);

  const daemonRun = async () => {
    const daemon = await startDaemon({ config: mqttConfig(url, topic, { clientId: daemonClient }) });
    try {
      const [result] = await child('sse-count', { url: `${daemon.url}/api/streams/m/events`, count: MESSAGES });
      return (MESSAGES * 1000) / (result!.ms as number);
    } finally {
      await daemon.stop();
    }
  };
  const rawRun = async () => {
    const lines = await child('mqtt-raw-consume', { url, topic, clientId: rawClient, count: MESSAGES });
    return (MESSAGES * 1000) / (lines.at(-1)!.ms as number);
  };
  // Alternate which drains first, so that neither always meets a broker that has just worked.
  if (round % 2 === 0) {
    const daemon = await daemonRun();
    return { daemon, raw: await rawRun() };
  }
  const raw = await rawRun();
  return { daemon: await daemonRun(), raw };
}

/** Publish → EventSource latencies (ms) in headless Chromium, while a producer publishes at 1,000/s. */
async function browserLatencies(url: string): Promise<number[]> {
  const topic = unique('rtg-bench/latency');
  const daemon = await startDaemon({ config: mqttConfig(url, topic, { autostart: true }) });
  try {
    await untilReady(daemon.url);
    return await eventSourceLatencies(daemon.url, 'm', WARM_UP_MS, () => child('mqtt-produce', { url, topic, rate: LATENCY_RATE, seconds: LATENCY_SECONDS, count: 0 }));
  } finally {
    await daemon.stop();
  }
}

/** The same with mqtt.js alone as the receiver (in Node, no SSE, no browser). */
async function rawLatencies(url: string): Promise<number[]> {
  const topic = unique('rtg-bench/latency');
  let producing: Promise<unknown> | undefined;
  const lines = await child('mqtt-raw-consume', { url, topic, clientId: unique('rtg-bench-raw'), count: 0, seconds: LATENCY_SECONDS + 1 }, (line) => {
    if (line.ready) producing = child('mqtt-produce', { url, topic, rate: LATENCY_RATE, seconds: LATENCY_SECONDS, count: 0 });
  });
  await producing;
  const all = (lines.at(-1)!.latencies as number[]) ?? [];
  return all.slice(LATENCY_RATE * (WARM_UP_MS / 1000));
}

export const mqttBenchmark: Benchmark = {
  name: 'mqtt',
  title: 'MQTT',
  description:
    `Against a Mosquitto of its own (loopback, no persistence, 1,000 QoS 1 messages in flight per client). Throughput: a daemon's ` +
    `stream (explicit clientId, so its session outlives the daemon) and an mqtt.js client each make a persistent QoS 1 session; ` +
    `${MESSAGES.toLocaleString('en-US')} JSON rows are published, which the broker queues for both; then a fresh daemon resumes its ` +
    'session when one SSE client (own process) asks for the stream and serves the queued rows, counted until the last; rows/s from that ' +
    'request to the last row. Reference: mqtt.js alone resuming its session and counting the same messages (own process), alternately. ' +
    `Latency: a producer publishes ${LATENCY_RATE} rows/s for ${LATENCY_SECONDS} s, each stamped with its send time; a headless Chromium ` +
    `page's EventSource records receive − send per row (the first ${WARM_UP_MS / 1000} s left out). Reference: mqtt.js alone receiving the same way in Node.`,
  budgetMs: 150_000,
  async run(context: BenchContext) {
    const missing = mosquittoMissing() ?? browserMissing();
    if (missing) throw new Error(missing);
    const broker = await startMqttBroker();
    try {
      const { url } = broker;
      const daemonRuns: number[] = [];
      const rawRuns: number[] = [];
      await interleaved(context, Math.min(context.runs, 3), [
        async (round) => {
          const { daemon, raw } = await throughputRound(url, round, context.log);
          daemonRuns.push(daemon);
          rawRuns.push(raw);
          context.log(`daemon: ${Math.round(daemon)} rows/s; mqtt.js alone: ${Math.round(raw)} messages/s`);
        },
      ]);

      const latencyRuns: { p50: number; p99: number }[] = [];
      const rawLatencyRuns: { p50: number; p99: number }[] = [];
      const summarize = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
      await interleaved(context, Math.min(context.runs, 3), [
        async () => {
          const values = await browserLatencies(url);
          latencyRuns.push(summarize(values));
          context.log(`browser: ${values.length} rows, p50 ${latencyRuns.at(-1)!.p50.toFixed(1)} ms, p99 ${latencyRuns.at(-1)!.p99.toFixed(1)} ms`);
        },
        async () => {
          const values = await rawLatencies(url);
          rawLatencyRuns.push(summarize(values));
          context.log(`mqtt.js alone: ${values.length} messages, p50 ${rawLatencyRuns.at(-1)!.p50.toFixed(1)} ms, p99 ${rawLatencyRuns.at(-1)!.p99.toFixed(1)} ms`);
        },
      ]);

      const latencyRow = (name: string, pick: (r: { p50: number; p99: number }) => number, below: number, notes?: string[]) =>
        resultRow({
          benchmark: 'mqtt',
          measure: `publish → browser EventSource latency at ${LATENCY_RATE.toLocaleString('en-US')} msg/s, ${name}`,
          unit: 'ms',
          runs: latencyRuns.map(pick),
          target: { of: 'figure', op: '<', value: below },
          reference: { what: 'mqtt.js alone, in Node', runs: rawLatencyRuns.map(pick) },
          notes,
        });
      return [
        resultRow({
          benchmark: 'mqtt',
          measure: `MQTT → SSE rows/s to one client (${MESSAGES.toLocaleString('en-US')} QoS 1 messages queued in the session)`,
          unit: 'rows/s',
          runs: daemonRuns,
          target: { of: 'ratio', op: '>=', value: 0.5 },
          reference: { what: 'mqtt.js alone draining the same messages from its session (own process)', runs: rawRuns },
          notes: ["the daemon's figure includes loading mqtt.js, which it does when the stream starts"],
        }),
        latencyRow('p50', (r) => r.p50, 10),
        latencyRow('p99', (r) => r.p99, 50, [
          'rows that arrive faster than 50/s go out in batches, one per batch.tickMs (5 ms here; 10 ms by default), so a row may wait that long by design',
        ]),
      ];
    } finally {
      await broker.stop();
    }
  },
};
