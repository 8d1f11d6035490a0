// Child script of the MQTT benchmark: publishes pump-like JSON rows with QoS 1, either `count` as
// fast as the broker acknowledges them (at most 1,000 waiting), or at `rate` messages/s for
// `seconds`, each row's `timestamp` being its send time, so that a receiver can compute latency.
// Args: { url, topic, count, rate, seconds }. Prints { sent, ms }.
import mqtt from 'mqtt';
import { benchRow, sendAtRate } from './paced-rows.js';

const { url, topic, count, rate, seconds } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  topic: string;
  count: number;
  rate: number;
  seconds: number;
};
const client = await mqtt.connectAsync(url, { clientId: `rtg-bench-producer-${process.pid}` }, false);
let inFlight = 0;
let drained: (() => void) | undefined;
const publish = (payload: string) => {
  inFlight++;
  client.publish(topic, payload, { qos: 1 }, () => {
    inFlight--;
    if (inFlight < 500) drained?.();
  });
};
const waitBelow = async (n: number) => {
  while (inFlight > n) await new Promise<void>((resolve) => (drained = resolve));
};
const started = performance.now();
let sent = 0;
if (rate > 0) {
  const total = Math.round(rate * seconds);
  await sendAtRate(rate, total, (from, to) => {
    for (let i = from; i < to; i++) publish(benchRow(i, Date.now()));
  });
  sent = total;
} else {
  const base = Date.UTC(2024, 0, 1);
  for (; sent < count; sent++) {
    publish(benchRow(sent, base + sent * 60_000));
    if (inFlight >= 1000) await waitBelow(499);
  }
}
await waitBelow(0);
const ms = performance.now() - started;
await client.endAsync();
process.stdout.write(`${JSON.stringify({ sent, ms })}\n`);
