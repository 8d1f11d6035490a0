import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { httpGet, type SseEvent } from '../helpers/sse-client.js';
import { dataRows } from '../helpers/sse-events.js';
import { pumpCsv } from '../helpers/temp.js';
import { brokerLog, startBroker, stopBroker } from './broker.js';
import { broker, brokerProxy, describeWithMqtt, mqttDaemons, publisher, statuses, uniqueRoot, type Publisher } from './helpers.js';

const daemons = mqttDaemons();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await daemons.stopAll();
});

async function pub(url?: string, options?: mqtt.IClientOptions): Promise<Publisher> {
  const p = await publisher(url, options);
  cleanup.push(() => p.close());
  return p;
}

const COLUMNS = ['timestamp', 'sensor_04'];
const values = (events: SseEvent[]) => dataRows(events, COLUMNS).map((r) => r.sensor_04);
/** Sequence-numbered values: QoS 1 may deliver a message again after a reconnect, and the seq drops it. */
const message = (v: number) => ({ seq: v, value: v });
const SESSION_SOURCE = (url: string, root: string) => ({
  url,
  subscriptions: [{ topic: `${root}/+`, column: 'sensor_04' }],
  messageIdField: 'seq',
  reconnectMs: 200,
});
const waitForStatus = (
  sse: { until: (p: (e: SseEvent[]) => boolean, t?: number) => Promise<SseEvent[]> },
  state: string,
  timeout = 20_000,
) => sse.until((events) => statuses(events).some((s) => s.state === state), timeout);

describe('mqtt broker down at start-up', () => {
  it('the daemon starts, CSV streams work, /readyz names the MQTT stream, viewers are told "broker unreachable"', async () => {
    // port 9 (discard) on loopback: nothing listens there
    const { daemon, watch } = await daemons.start(
      { url: 'mqtt://127.0.0.1:9', subscriptions: [{ topic: 'x/+' }], reconnectMs: 200 },
      COLUMNS,
      {
        live: false,
        streams: [{ id: 'csv', source: { type: 'csv', file: 'p.csv', rate: 50 }, columns: ['timestamp', 'sensor_04'] }],
        files: { 'p.csv': pumpCsv(20) },
      },
    );
    const csv = await watch('csv');
    await csv.until((events) => events.some((e) => e.event === 'jobfinished'));
    const sse = await watch();
    await waitForStatus(sse, 'reconnecting');
    expect(statuses(sse.events).find((s) => s.state === 'reconnecting')).toEqual({
      state: 'reconnecting',
      message: 'broker unreachable (127.0.0.1:9)',
    });
    const ready = await httpGet(`${daemon.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({
      status: 'not ready',
      streams: expect.arrayContaining([
        expect.objectContaining({ id: 'm', ready: false, status: 'reconnecting' }),
        expect.objectContaining({ id: 'csv', ready: true }),
      ]),
    });
  });
});

describeWithMqtt('mqtt with a real Mosquitto', () => {
  describe('credentials', () => {
    it('a wrong password gives a clear status and one attempt, not a retry storm', async () => {
      const info = broker();
      const clientId = `rtg-test-wrong-${uniqueRoot()}`;
      const before = (await brokerLog(info)).length;
      const attempts = async () =>
        (await brokerLog(info))
          .slice(before)
          .split('\n')
          .filter((l) => l.includes(`on port ${info.authPort}.`)).length;
      const { daemon, watch } = await daemons.start(
        {
          url: `mqtt://127.0.0.1:${info.authPort}`,
          clientId,
          username: info.user,
          password: 'wrong-password',
          subscriptions: [{ topic: 'x/+' }],
          reconnectMs: 100,
        },
        COLUMNS,
        { live: false },
      );
      const sse = await watch();
      await waitForStatus(sse, 'reconnecting');
      // Mosquitto 2 answers a wrong password with MQTT 5 reason code 135, not authorized.
      expect(statuses(sse.events)).toEqual([
        { state: 'connecting', message: null },
        { state: 'reconnecting', message: 'not authorized' },
      ]);
      await expect.poll(attempts).toBe(1);
      // Showing that no second attempt follows takes a wait: with reconnectMs 100, a client that
      // retried would have tried about 20 times in these 2 s.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await attempts()).toBe(1);
      expect(statuses(sse.events)).toHaveLength(2);
      expect((await httpGet(`${daemon.url}/readyz`)).status).toBe(503);
      expect(JSON.stringify(daemon.logs)).not.toContain('wrong-password');
    });

    it('the right password from ${ENV} connects, and it never reaches the logs', async () => {
      const info = broker();
      process.env.RTG_TEST_MQTT_PASSWORD = info.password;
      cleanup.push(() => void delete process.env.RTG_TEST_MQTT_PASSWORD);
      const root = uniqueRoot();
      const { daemon, watch } = await daemons.start(
        {
          url: `mqtt://127.0.0.1:${info.authPort}`,
          username: info.user,
          password: '${RTG_TEST_MQTT_PASSWORD}',
          subscriptions: [{ topic: `${root}/+` }],
          format: 'number',
        },
        COLUMNS,
      );
      const sse = await watch();
      const p = await pub(`mqtt://127.0.0.1:${info.authPort}`, { username: info.user, password: info.password });
      await p.publish(`${root}/sensor_04`, '3');
      await sse.until((events) => values(events).length >= 1);
      expect(values(sse.events)).toEqual([3]);
      expect(JSON.stringify(daemon.logs)).not.toContain(info.password);
    });
  });

  describe('TLS', () => {
    it('mqtts:// with the CA that signed the broker certificate (made by the test set-up) streams rows', async () => {
      const info = broker();
      const root = uniqueRoot();
      const url = `mqtts://127.0.0.1:${info.tlsPort}`;
      const { watch } = await daemons.start(
        { url, tls: { ca: info.caFile }, subscriptions: [{ topic: `${root}/+` }], format: 'number' },
        COLUMNS,
      );
      const sse = await watch();
      const p = await pub(url, { ca: await import('node:fs/promises').then((fs) => fs.readFile(info.caFile!)) });
      await p.publish(`${root}/sensor_04`, '5');
      await p.publish(`${root}/sensor_04`, '6');
      await sse.until((events) => values(events).length >= 2);
      expect(values(sse.events)).toEqual([5, 6]);
    });

    it('without that CA, the broker certificate is refused and viewers are told so', async () => {
      const info = broker();
      const { watch } = await daemons.start(
        { url: `mqtts://127.0.0.1:${info.tlsPort}`, tls: {}, subscriptions: [{ topic: 'x/+' }], reconnectMs: 200 },
        COLUMNS,
        { live: false },
      );
      const sse = await watch();
      await waitForStatus(sse, 'reconnecting');
      expect(statuses(sse.events).find((s) => s.state === 'reconnecting')!.message).toBe(
        `the broker's TLS certificate was not accepted (127.0.0.1:${info.tlsPort})`,
      );
    });
  });

  describe('a QoS 1 persistent session: nothing lost, nothing twice', () => {
    it('across a network drop: what is published meanwhile arrives when the daemon reconnects', async () => {
      const root = uniqueRoot();
      const proxy = await brokerProxy();
      cleanup.push(() => proxy.close());
      const { watch, daemon } = await daemons.start(SESSION_SOURCE(proxy.url, root), COLUMNS);
      const sse = await watch();
      const p = await pub();
      for (const v of [0, 1, 2]) await p.publish(`${root}/sensor_04`, message(v));
      await sse.until((events) => values(events).length >= 3);

      proxy.cut();
      await waitForStatus(sse, 'reconnecting');
      for (let v = 3; v < 13; v++) await p.publish(`${root}/sensor_04`, message(v)); // queued by the broker for the session
      proxy.restore();
      await sse.until((events) => values(events).length >= 13);
      expect(statuses(sse.events).at(-1)).toEqual({ state: 'live', message: null });
      // Showing that nothing arrives twice takes a wait; half a second is many deliveries.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(values(sse.events)).toEqual(Array.from({ length: 13 }, (_, i) => i));
      expect(daemon.hub.get('m')!.sourceCounters().reconnects).toBeGreaterThanOrEqual(1);
    });

    it('across a broker restart: the session and its queued messages survive (the broker can write its directory)', async () => {
      const info = broker();
      const root = uniqueRoot();
      const topic = `${root}/sensor_04`;
      const proxy = await brokerProxy();
      cleanup.push(() => proxy.close());
      const { watch, daemon } = await daemons.start(SESSION_SOURCE(proxy.url, root), COLUMNS);
      const sse = await watch();
      // A publisher with its own persistent session, which keeps what it publishes during the
      // outage and sends it when the broker is back.
      const p = await pub(undefined, { clientId: `rtg-test-pub-${root}`, clean: false, reconnectPeriod: 100 });
      for (const v of [0, 1, 2]) await p.publish(topic, message(v));
      await sse.until((events) => values(events).length >= 3);

      // The daemon is cut off first, so that what follows can only reach it through its session.
      proxy.cut();
      await waitForStatus(sse, 'reconnecting');
      for (let v = 3; v < 8; v++) await p.publish(topic, message(v)); // queued by the broker for the session
      await stopBroker(info);
      const duringOutage = Array.from({ length: 10 }, (_, i) => 8 + i);
      const published = duringOutage.map((v) => p.publish(topic, message(v))); // held by the publisher
      await startBroker(info);
      await Promise.all(published);
      for (let v = 18; v < 20; v++) await p.publish(topic, message(v));
      proxy.restore();

      await sse.until((events) => values(events).length >= 20, 30_000);
      // Showing that nothing arrives twice takes a wait; half a second is many deliveries.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const got = values(sse.events) as number[];
      const report = {
        publishedWhileCutOff: 5,
        publishedDuringOutage: duringOutage.length,
        delivered: new Set(got.filter((v) => v >= 3 && v < 18)).size,
        redeliveredAndDropped: daemon.hub.get('m')!.sourceCounters().duplicates,
        shownTwice: got.length - new Set(got).size,
      };
      process.stdout.write(`mqtt broker restart: ${JSON.stringify(report)}\n`);
      expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(report).toMatchObject({ publishedWhileCutOff: 5, publishedDuringOutage: 10, delivered: 15, shownTwice: 0 });
      const log = await brokerLog(info);
      expect(log).not.toMatch(/Permission denied/i);
      expect(await readdir(join(info.dir!, 'data'))).toContain('mosquitto.db');
    }, 60_000);
  });
});
