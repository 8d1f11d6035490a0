// The stream's MQTT client: a persistent session (clean: false, a stable client id, QoS 1) that
// reconnects by itself, subscribes only when the broker has no session for it, and reports its
// state in words that are safe to show to viewers. With `deferAcks`, a QoS 1 message's PUBACK is
// not sent on receipt but when the source says (`ack`), after its row is stored.
//
// Why not mqtt.js's `customHandleAcks`: it is used with MQTT 5 only, and the client reads no
// further packet (PINGRESP included) until its callback is called, so it can hold back one PUBACK,
// never a window of them. Instead `handleMessage` answers with an error, on which mqtt.js sends no
// PUBACK and reads on; `ack` sends it later through the client's own packet writer.
import { readFile } from 'node:fs/promises';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { SourceError } from '../errors.js';
import type { SourceNotice } from '../types.js';
import type { MqttConfig } from './config.js';
import type { TopicFilter } from './topics.js';

type Status = Extract<SourceNotice, { type: 'status' }>;

export interface ConnectionHooks {
  /**
   * A PUBLISH from the broker; `done` lets the client read the next one (and, unless `packetId`
   * is given, acknowledge this one). `packetId`: a QoS 1 message whose PUBACK waits for `ack`.
   */
  message(topic: string, payload: Buffer, packetId: number | undefined, done: () => void): void;
  /** CONNACK: the broker kept the session (and will send the unacknowledged messages again), or not. */
  connected(sessionPresent: boolean): void;
  status(state: Status['state'], message?: string): void;
  reconnecting(): void;
  logger: Logger;
}

export interface Connection {
  /** Leaves the broker; with `forget`, the session ends too (MQTT 5: session expiry 0). */
  close(forget: boolean): Promise<void>;
  /** Sends the PUBACK of a QoS 1 message taken with a `packetId`; false when not connected. */
  ack(packetId: number): boolean;
}

/** What `handleMessage` answers so that mqtt.js sends no PUBACK (and reads the next packet). */
const ACK_LATER = new Error('the PUBACK is sent once the row is stored');

/** After an authentication failure, the next attempt waits this long, doubling up to the maximum. */
const AUTH_RETRY_MS = 30_000;
const AUTH_RETRY_MAX_MS = 300_000;
const CLOSE_TIMEOUT_MS = 1500;

async function loadMqtt(): Promise<typeof import('mqtt')> {
  try {
    const mod = (await import('mqtt')) as { default?: typeof import('mqtt') };
    return (typeof mod.default?.connect === 'function' ? mod.default : mod) as typeof import('mqtt');
  } catch {
    throw new SourceError('the mqtt source needs the mqtt package (npm install mqtt)');
  }
}

async function readTlsFile(path: string | undefined, what: string): Promise<Buffer | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readFile(path);
  } catch {
    throw new SourceError(`cannot read the TLS ${what} file ${path}`);
  }
}

/** host:port of the broker, without user info or path (safe to show). */
function brokerAddress(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the broker';
  }
}

export async function connect(
  config: MqttConfig,
  clientId: string,
  filters: readonly TopicFilter[],
  hooks: ConnectionHooks,
  deferAcks: boolean,
): Promise<Connection> {
  const mqtt = await loadMqtt();
  const [ca, cert, key] = await Promise.all([
    readTlsFile(config.tls?.ca, 'CA'),
    readTlsFile(config.tls?.cert, 'certificate'),
    readTlsFile(config.tls?.key, 'key'),
  ]);
  const options: IClientOptions = {
    clientId,
    clean: false,
    protocolVersion: config.protocolVersion,
    ...(config.protocolVersion === 5
      ? {
          properties: {
            sessionExpiryInterval: config.sessionExpirySeconds,
            ...(deferAcks ? { receiveMaximum: config.receiveMaximum } : {}),
          },
        }
      : {}),
    username: config.username,
    password: config.password,
    keepalive: config.keepaliveSeconds,
    connectTimeout: config.connectTimeoutMs,
    reconnectPeriod: config.reconnectMs,
    // Subscriptions live in the broker's session; they are made again only when it has none
    // (resubscribing would also send the retained messages again).
    resubscribe: false,
    ...(config.tls ? { ca, cert, key, rejectUnauthorized: config.tls.rejectUnauthorized } : {}),
  };
  const address = brokerAddress(config.url);
  const logger = hooks.logger;
  const client: MqttClient = mqtt.connect(config.url, options);
  const sendPacket = (client as unknown as { _sendPacket?: (packet: object) => void })._sendPacket;
  if (deferAcks && typeof sendPacket !== 'function') {
    client.end(true);
    throw new SourceError('this version of the mqtt package cannot acknowledge a message after its row is stored');
  }
  client.handleMessage = (packet, done) => {
    const packetId = deferAcks && packet.qos === 1 ? packet.messageId : undefined;
    hooks.message(packet.topic, packet.payload as Buffer, packetId, packetId === undefined ? () => done() : () => done(ACK_LATER));
  };

  let closing = false;
  let authFailures = 0;
  let authTimer: NodeJS.Timeout | undefined;
  let lastProblem: string | undefined;
  let connectedOnce = false;

  hooks.status('connecting');
  // Not on 'connect': mqtt.js emits it only after resending its own stored packets, by which time
  // the broker's resent messages may have been handled already.
  client.on('packetreceive', (packet) => {
    if (packet.cmd !== 'connack') return;
    if ((config.protocolVersion === 5 ? packet.reasonCode : packet.returnCode) === 0) hooks.connected(packet.sessionPresent);
  });
  client.on('connect', (connack) => {
    authFailures = 0;
    lastProblem = undefined;
    if (connack.sessionPresent) {
      logger.info({ sessionPresent: true }, 'mqtt connected; the broker kept the session');
      hooks.status('live');
      connectedOnce = true;
      return;
    }
    const topics = Object.fromEntries(filters.map((f, i) => [f.filter, { qos: config.subscriptions[i]!.qos }]));
    client.subscribe(topics, (error, granted) => {
      if (closing) return;
      const refused = (granted ?? []).filter((g) => g.qos > 2).map((g) => g.topic);
      if (error || refused.length > 0) {
        const message =
          refused.length > 0 ? `not authorized to subscribe to ${refused.join(', ')}` : 'the broker refused the subscriptions';
        logger.warn({ refused, err: error?.message }, 'mqtt subscribe failed');
        hooks.status('reconnecting', message);
        return;
      }
      logger.info(
        { sessionPresent: false, topics: Object.keys(topics) },
        connectedOnce ? 'mqtt connected with a new session; subscribed' : 'mqtt connected; subscribed',
      );
      connectedOnce = true;
      hooks.status('live');
    });
  });
  client.on('reconnect', () => hooks.reconnecting());
  client.on('error', (error) => {
    if (closing) return;
    const problem = describeMqttError(error, address);
    if (problem !== lastProblem)
      logger.warn({ err: { message: error.message, code: (error as { code?: unknown }).code } }, `mqtt: ${problem}`);
    lastProblem = problem;
    hooks.status('reconnecting', problem);
    if (isAuthFailure(error)) {
      // mqtt.js stops reconnecting after a refused CONNECT; try again, slowly, in case the
      // broker's users change (a config edit restarts the stream at once anyway).
      const delay = Math.min(AUTH_RETRY_MAX_MS, AUTH_RETRY_MS * 2 ** authFailures++);
      clearTimeout(authTimer);
      authTimer = setTimeout(() => {
        if (!closing) client.reconnect();
      }, delay);
      authTimer.unref();
    }
  });
  client.on('offline', () => {
    if (closing) return;
    hooks.status('reconnecting', lastProblem ?? `broker unreachable (${address})`);
  });
  client.on('close', () => {
    if (closing || client.connected) return;
    if (lastProblem === undefined && connectedOnce) {
      lastProblem = `broker unreachable (${address})`;
      logger.warn(`mqtt: connection to ${address} lost; reconnecting`);
    }
  });

  return {
    ack(packetId) {
      if (closing || !client.connected) return false;
      sendPacket!.call(client, { cmd: 'puback', messageId: packetId, reasonCode: 0 });
      return true;
    },
    close(forget) {
      closing = true;
      clearTimeout(authTimer);
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => client.end(true, () => resolve()), CLOSE_TIMEOUT_MS);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        if (!client.connected) client.end(true, done);
        else if (forget && config.protocolVersion === 5) client.end(false, { properties: { sessionExpiryInterval: 0 } }, done);
        else client.end(false, done);
      });
    },
  };
}

function reasonCode(error: Error): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** CONNACK refusals for credentials: MQTT 3.1.1 codes 4 and 5, MQTT 5 codes 134 and 135. */
function isAuthFailure(error: Error): boolean {
  const code = reasonCode(error);
  return code === 4 || code === 5 || code === 134 || code === 135 || code === 138;
}

/** A message about an MQTT failure that is safe to show to viewers (no credentials, no internals). */
function describeMqttError(error: Error, address: string): string {
  const rc = reasonCode(error);
  if (rc === 4 || rc === 134) return 'not authorized: bad user name or password';
  if (rc === 5 || rc === 135 || rc === 138) return 'not authorized';
  if (rc === 133) return 'the broker refused the client id';
  if (rc === 1 || rc === 132) return 'the broker does not accept this MQTT version (set protocolVersion)';
  const code = String((error as { code?: unknown }).code ?? '');
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|ERR_SSL|EPROTO/.test(code) || /certificate|SSL|TLS/i.test(error.message)) {
    return `the broker's TLS certificate was not accepted (${address})`;
  }
  return `broker unreachable (${address})`;
}
