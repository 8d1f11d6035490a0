// kill -9 of a real daemon reading QoS 1 messages from Mosquitto (a fixed clientId, so a persistent
// session, and messageIdField) while a publisher sends them at a steady rate, and a restart at once
// on the same port and store: the stored history holds every message exactly once, in order, and
// a viewer left connected across the crash (back with its Last-Event-ID) gets each exactly once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { crashLogs } from '../helpers/cli.js';
import { daemons, freePort, historyOf, ready, rowValues, sendAtRate } from '../helpers/crash.js';
import { connectSse, type SseConnection, type SseEvent } from '../helpers/sse-client.js';
import { tempDir } from '../helpers/temp.js';
import { brokerUrl, describeWithMqtt, publisher, uniqueRoot } from './helpers.js';

const MESSAGES = 480;
/**
 * Messages a second. Mosquitto lets at most max_inflight_messages (20 by default) wait for their
 * PUBACK, which comes after the store's commit (~200 ms): a stream takes ~100 a second at most.
 */
const RATE = 60;
const T0 = Date.UTC(2024, 0, 1);
const all = [...Array(MESSAGES).keys()];

let dir: Awaited<ReturnType<typeof tempDir>>;
const processes = daemons();
const viewers: SseConnection[] = [];

beforeAll(async () => {
  dir = await tempDir('rtg-mqtt-crash-');
});
afterAll(async () => {
  for (const v of viewers) v.close();
  await processes.killAll();
  await dir.remove();
});

const spawn = (port: number) => processes.spawn(dir.path('mqtt.yaml'), port);
const seqs = (events: readonly SseEvent[]) => rowValues(events, 'seq');
const fullHistory = (url: string) => historyOf(url, 'm', T0, T0 + MESSAGES * 1000, MESSAGES);

async function watch(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const sse = await connectSse(`${url}/api/streams/m/events`, headers);
  viewers.push(sse);
  return sse;
}

/** Publishes message i (QoS 1, acknowledged by the broker before the next), RATE a second on a fixed schedule. */
async function publish(topic: string): Promise<void> {
  const p = await publisher();
  try {
    await sendAtRate(MESSAGES, RATE, (i) => p.publish(topic, { timestamp: new Date(T0 + i * 1000).toISOString(), seq: i }));
  } finally {
    await p.close();
  }
}

describeWithMqtt('kill -9 of a daemon reading MQTT QoS 1 messages, and a restart at once', () => {
  it('stores every message once, and the viewer across the crash gets every message once', async () => {
    const root = uniqueRoot();
    const topic = `${root}/data`;
    await dir.write(
      'mqtt.yaml',
      stringify({
        server: { store: 'store' },
        streams: [
          {
            id: 'm',
            autostart: true,
            source: {
              type: 'mqtt',
              url: brokerUrl(),
              clientId: `rtg-crash-${root}`,
              sessionExpirySeconds: 300,
              subscriptions: [{ topic, qos: 1 }],
              messageIdField: 'seq',
              timestamp: 'field',
            },
            columns: ['timestamp', 'seq'],
            history: { rows: 0 },
          },
        ],
      }),
    );
    const port = await freePort();
    const first = await spawn(port);
    await ready(first.url);
    const viewer = await watch(first.url);
    const publishing = publish(topic);

    await viewer.until((events) => seqs(events).length >= MESSAGES / 3, 30_000);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await viewer.ended;
    const before = seqs(viewer.events);
    const lastId = viewer.events.at(-1)!.id;
    expect(before).toEqual(all.slice(0, before.length));
    expect(before.length).toBeLessThan(MESSAGES); // (the crash was mid-stream)

    const second = await spawn(port);
    expect(second.url).toBe(first.url);
    const back = await watch(second.url, { 'Last-Event-ID': lastId });
    await publishing;
    await back.until((events) => before.length + seqs(events).length >= MESSAGES, 60_000);
    expect(back.events.filter((e) => e.event === 'reset')).toEqual([]);
    expect([...before, ...seqs(back.events)]).toEqual(all);

    await expect.poll(async () => (await fullHistory(second.url)).rows, { timeout: 20_000 }).toBe(MESSAGES);
    const stored = await fullHistory(second.url);
    expect(stored.resolution).toBe('full');
    expect(stored.series[0]!.y).toEqual(all);
    expect(stored.series[0]!.t).toEqual(all.map((i) => T0 + i * 1000));
    // Every row was sent before it was stored: a duplicate would be here by now.
    expect(before.length + seqs(back.events).length).toBe(MESSAGES);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(crashLogs(second.logs)).toEqual([]);
  }, 120_000);
});
