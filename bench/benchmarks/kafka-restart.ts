// Issue §9: how soon a Kafka stream's rows flow again after a broker restart, against a plain
// kafkajs consumer on the same restart. An outside producer sends throughout; the local broker is
// stopped, left down, and started again; both receivers time their first message after it is back.
import type { ChildProcess } from 'node:child_process';
import { createTopic } from './kafka.js';
import { startDaemon, type RunningDaemon } from '../lib/daemon.js';
import { brokerMissing, startBroker } from '../lib/kafka-broker.js';
import { delay, eachLine, spawnTracked, stopProcess } from '../lib/process.js';
import { resultRow } from '../lib/results.js';
import { bundledScript } from '../lib/scripts.js';
import type { BenchContext, Benchmark } from './benchmark.js';

const ROUNDS = 3;
/** How long the broker stays down: long enough for the daemon's reconnect backoff to reach its cap. */
const DOWN_MS = 8000;
const PRODUCE_INTERVAL_MS = 50;
/** A receiver that gets nothing this long after the broker is back counts as never (Infinity). */
const GIVE_UP_MS = 60_000;

/** Epoch ms of each time a receiver got rows, pushed as they arrive. */
type Arrivals = number[];

/** A bundled child script of bench/lib, with each JSON line it prints given to `onLine`. */
async function childProcess(name: string, args: object, onLine: (line: Record<string, unknown>) => void): Promise<ChildProcess> {
  const proc = spawnTracked(process.execPath, [await bundledScript(name), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
  eachLine(proc.stdout!, (line) => onLine(JSON.parse(line) as Record<string, unknown>));
  return proc;
}

/** An SSE viewer of the daemon's stream `k`: the times its data events (update, batch) arrive. */
function watch(daemon: RunningDaemon, arrivals: Arrivals, signal: AbortSignal): Promise<void> {
  return (async () => {
    const response = await fetch(`${daemon.url}/api/streams/k/events`, { signal });
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (/^event: (update|batch)$/m.test(decoder.decode(value, { stream: true }))) arrivals.push(Date.now());
    }
  })().catch(() => undefined);
}

/** Resolves once `arrivals` holds a time after `since` (or after `timeoutMs`); that time, or undefined. */
async function firstAfter(arrivals: Arrivals, since: number, timeoutMs: number, signal: AbortSignal): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !signal.aborted) {
    const found = arrivals.find((at) => at > since);
    if (found !== undefined) return found;
    await delay(10, signal).catch(() => undefined);
  }
  return undefined;
}

export const kafkaRestartBenchmark: Benchmark = {
  name: 'kafka-restart',
  title: 'Kafka broker restart',
  description:
    'Against the local broker of scripts/kafka-local.sh (in .kafka-local/bench; it is restarted, so not $KAFKA_BROKERS). An outside ' +
    `producer sends a row every ${PRODUCE_INTERVAL_MS} ms throughout (no kafkajs retries: the next tick retries). A daemon with a ` +
    "`kafka` stream (start: latest, autostart) has one SSE viewer; a plain kafkajs consumer (its own fresh group, kafkajs's own " +
    `reconnects) reads the same topic in its own process. Each round stops the broker (SIGTERM), leaves it down ${DOWN_MS / 1000} s, ` +
    "starts it again, and times each receiver's first rows after the broker is back (the producer's first acknowledged send after " +
    `the outage), both on the same restart; ${ROUNDS} rounds. kcat is no reference here: it exits when every broker is down.`,
  budgetMs: 300_000,
  async run(context: BenchContext) {
    const missing = process.env.KAFKA_BROKERS ? 'needs the local broker, which it restarts ($KAFKA_BROKERS is set)' : brokerMissing();
    if (missing) throw new Error(missing);
    const broker = await startBroker(context.log);
    const procs: ChildProcess[] = [];
    const viewer = new AbortController();
    let daemon: RunningDaemon | undefined;
    try {
      const { brokers } = broker;
      const topic = await createTopic(brokers, 'rtg-bench-restart');
      const ours: Arrivals = [];
      const plain: Arrivals = [];
      let back: number | undefined;
      const ready: Promise<void>[] = [];
      const readyLine = (line: Record<string, unknown>, resolve: () => void) => line.ready && resolve();
      ready.push(
        new Promise((resolve) =>
          childProcess('kafka-restart-consume', { brokers, topic }, (line) => {
            readyLine(line, resolve);
            if (typeof line.at === 'number') plain.push(line.at);
          }).then((proc) => procs.push(proc)),
        ),
      );
      daemon = await startDaemon({
        config: {
          server: { shutdownTimeoutMs: 2000 },
          streams: [
            {
              id: 'k',
              autostart: true,
              source: { type: 'kafka', brokers, topic },
              columns: ['timestamp', 'sensor_04'],
              idleStopMs: 0,
              batch: { tickMs: 5 },
            },
          ],
        },
      });
      void watch(daemon, ours, viewer.signal);
      await Promise.all(ready);
      ready.length = 0;
      ready.push(
        new Promise((resolve) =>
          childProcess('kafka-steady-produce', { brokers, topic, intervalMs: PRODUCE_INTERVAL_MS }, (line) => {
            readyLine(line, resolve);
            if (typeof line.back === 'number') back = line.back;
          }).then((proc) => procs.push(proc)),
        ),
      );
      await Promise.all(ready);
      const started = Date.now();
      if ((await firstAfter(ours, started, 30_000, context.signal)) === undefined) throw new Error('the daemon received no rows');
      if ((await firstAfter(plain, started, 30_000, context.signal)) === undefined) throw new Error('kafkajs alone received no rows');

      const daemonRuns: number[] = [];
      const plainRuns: number[] = [];
      for (let round = 0; round < ROUNDS && !context.signal.aborted; round++) {
        if (round > 0 && context.timeLeftMs() < 80_000) {
          context.log(`stopping after ${round} rounds: not enough time left in the budget`);
          break;
        }
        back = undefined;
        await broker.control!.stop();
        const stopped = Date.now();
        await delay(DOWN_MS, context.signal);
        await broker.control!.start();
        const startedAt = Date.now();
        while (back === undefined && Date.now() - startedAt < GIVE_UP_MS && !context.signal.aborted) await delay(10, context.signal);
        if (back === undefined) throw new Error('the producer could not send after the restart');
        const backAt: number = back;
        const [mine, theirs] = await Promise.all([
          firstAfter(ours, stopped, GIVE_UP_MS, context.signal),
          firstAfter(plain, stopped, GIVE_UP_MS, context.signal),
        ]);
        daemonRuns.push(mine === undefined ? Number.POSITIVE_INFINITY : Math.max(0, mine - backAt));
        plainRuns.push(theirs === undefined ? Number.POSITIVE_INFINITY : Math.max(0, theirs - backAt));
        context.log(
          `round ${round + 1}: the start script saw the broker ready ${startedAt - backAt} ms after the producer's first send; ` +
            `first rows since that send: daemon ${daemonRuns.at(-1)} ms, kafkajs alone ${plainRuns.at(-1)} ms`,
        );
        await delay(2000, context.signal); // (both flowing again before the next stop)
      }

      const measure = 'broker restart with an outside producer: broker back → first row';
      const reference = { what: 'a plain kafkajs consumer on the same restart', runs: plainRuns };
      return [
        resultRow({
          benchmark: 'kafka-restart',
          measure: `${measure} at an SSE viewer`,
          unit: 'ms',
          runs: daemonRuns,
          target: { of: 'figure', op: '<', value: 5000 },
          reference,
        }),
        resultRow({
          benchmark: 'kafka-restart',
          measure: `${measure}, against kafkajs alone`,
          unit: 'ms',
          runs: daemonRuns,
          target: { of: 'ratio', op: '<=', value: 1.5 },
          reference,
        }),
      ];
    } finally {
      viewer.abort();
      await daemon?.stop();
      for (const proc of procs) await stopProcess(proc, 5000);
      // Leave the broker up (restarted) or stopped as the suite found it.
      await broker.stop();
    }
  },
};
