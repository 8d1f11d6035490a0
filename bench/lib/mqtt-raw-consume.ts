// Child script of the MQTT benchmark, the reference: mqtt.js alone, subscribed with QoS 1. Prints
// {"ready":true} once subscribed; then counts messages until `count` (throughput), or, with count
// 0, computes each message's latency from its `timestamp` for `seconds` (latency).
// Args: { url, topic, count, seconds }. Prints { messages, latencies? } at the end.
import mqtt from 'mqtt';

const { url, topic, count, seconds } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  topic: string;
  count: number;
  seconds: number;
};
const latencies: number[] = [];
let messages = 0;
let finish: () => void = () => {};
const finished = new Promise<void>((resolve) => (finish = resolve));
const client = await mqtt.connectAsync(url, { clientId: `rtg-bench-raw-${process.pid}` }, false);
client.on('message', (_topic, payload) => {
  messages++;
  if (count === 0) latencies.push(Date.now() - Date.parse(JSON.parse(payload.toString()).timestamp));
  else if (messages >= count) finish();
});
await client.subscribeAsync(topic, { qos: 1 });
process.stdout.write('{"ready":true}\n');
if (count === 0) setTimeout(finish, seconds * 1000);
await finished;
process.stdout.write(`${JSON.stringify({ messages, latencies: count === 0 ? latencies : undefined })}\n`);
await client.endAsync();
