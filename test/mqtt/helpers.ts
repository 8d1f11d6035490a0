import { randomBytes } from 'node:crypto';
import { createServer, createConnection, type Server, type Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { expect, inject } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { connectSse, type SseConnection, type SseEvent } from '../helpers/sse-client.js';
import type { MqttBrokerInfo } from './broker.js';

export function broker(): MqttBrokerInfo {
  return inject('mqtt');
}

/** A describe block that needs the real broker (skipped with the reason, or failed under CI, without one). */
export function describeWithMqtt(name: string, body: () => void): void {
  describeIfAvailable(name, broker().missing, body);
}

export const brokerUrl = () => `mqtt://127.0.0.1:${broker().port}`;

/** A topic prefix no other test uses. */
export const uniqueRoot = () => `rtg-test-${randomBytes(4).toString('hex')}`;

export interface Publisher {
  client: MqttClient;
  publish(topic: string, payload: string | Buffer | number | object, options?: { qos?: 0 | 1 | 2; retain?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** A plain mqtt.js client that publishes (QoS 1 by default: the broker has it when publish resolves). */
export async function publisher(url = brokerUrl(), options: mqtt.IClientOptions = {}): Promise<Publisher> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 200, ...options });
  return {
    client,
    async publish(topic, payload, { qos = 1, retain = false } = {}) {
      const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
      await client.publishAsync(topic, body, { qos, retain });
    },
    close: () => client.endAsync(),
  };
}

/**
 * A TCP proxy in front of the broker that a test can cut (every connection dropped, new ones
 * refused at once) and restore: a network drop between the daemon and a broker that stays up.
 */
export async function brokerProxy(port = broker().port!): Promise<{ url: string; cut(): void; restore(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = createConnection({ host: '127.0.0.1', port });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as { port: number };
  const dropAll = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    url: `mqtt://127.0.0.1:${own}`,
    cut() {
      open = false;
      dropAll();
    },
    restore() {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}

export interface Watched {
  daemon: TestDaemon;
  watch(id?: string): Promise<SseConnection>;
}

/**
 * Daemons with one MQTT stream `m` (autostart) each, all stopped by `stopAll`; resolves once every
 * stream's client is live, unless `live: false`.
 */
export function mqttDaemons() {
  const running: { daemon: TestDaemon; clients: SseConnection[] }[] = [];
  return {
    async start(
      source: Record<string, unknown>,
      columns: unknown[],
      options: {
        live?: boolean;
        stream?: Record<string, unknown>;
        streams?: Record<string, unknown>[];
        files?: Record<string, string>;
      } = {},
    ): Promise<Watched> {
      const daemon = await startTestDaemon({
        streams: [
          { id: 'm', autostart: true, source: { type: 'mqtt', url: brokerUrl(), ...source }, columns, ...options.stream },
          ...(options.streams ?? []),
        ],
        files: options.files,
      });
      const entry = { daemon, clients: [] as SseConnection[] };
      running.push(entry);
      if (options.live !== false) await expect.poll(() => daemon.hub.get('m')!.sourceStatus, { timeout: 20_000 }).toBe('live');
      return {
        daemon,
        async watch(id = 'm') {
          const sse = await connectSse(`${daemon.url}/api/streams/${id}/events`);
          entry.clients.push(sse);
          return sse;
        },
      };
    },
    async stopAll() {
      for (const { daemon, clients } of running.splice(0)) {
        for (const c of clients) c.close();
        await daemon.stop();
      }
    },
  };
}

/** The status events a viewer got, parsed. */
export function statuses(events: readonly SseEvent[]): { state: string; message: string | null }[] {
  return events.filter((e) => e.event === 'status').map((e) => JSON.parse(e.data));
}
