// Child script of the MQTT benchmark, the reference: mqtt.js alone.
// - `prepare`: makes a persistent session (clean: false) subscribed to `topic` with QoS 1, then leaves.
// - `count` > 0: resumes that session and counts the messages the broker queued meanwhile, until
//   `count`; timed from the connection (as the daemon's figure is timed from the request that
//   makes its client connect).
// - `count` 0: subscribes afresh and, for `seconds`, computes each message's latency from its
//   `timestamp`; prints {"ready":true} once subscribed.
// Args: { url, topic, clientId, count, seconds, prepare }. Prints { ms, messages, latencies? }.
import mqtt from 'mqtt';

const { url, topic, clientId, count, seconds, prepare } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  topic: string;
  clientId: string;
  count: number;
  seconds: number;
  prepare?: boolean;
};
const options = { clientId, clean: false, protocolVersion: 5 as const, properties: { sessionExpiryInterval: 3600 }, resubscribe: false };
if (prepare) {
  const client = await mqtt.connectAsync(url, options, false);
  await client.subscribeAsync(topic, { qos: 1 });
  await client.endAsync();
  process.stdout.write('{"prepared":true}\n');
} else {
  const latencies: number[] = [];
  let messages = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const client = mqtt.connect(url, count > 0 ? options : { clientId, clean: true });
  client.on('message', (_topic, payload) => {
    messages++;
    if (count === 0) latencies.push(Date.now() - Date.parse(JSON.parse(payload.toString()).timestamp));
    else if (messages >= count) finish();
  });
  if (count === 0) {
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    await client.subscribeAsync(topic, { qos: 1 });
    process.stdout.write('{"ready":true}\n');
    setTimeout(finish, seconds * 1000);
  }
  await finished;
  const ms = performance.now() - started;
  await client.endAsync();
  process.stdout.write(`${JSON.stringify({ ms, messages, latencies: count === 0 ? latencies : undefined })}\n`);
}
