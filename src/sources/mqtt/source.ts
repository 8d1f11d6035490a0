import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DUPLICATES, IGNORED, MALFORMED, MESSAGES, RECONNECTS } from '../counters.js';
import type { Row } from '../../values/row.js';
import { defineSource, type SourceContext, type SourceNotice } from '../types.js';
import { Acks } from './acks.js';
import { mqttConfigSchema, type MqttConfig } from './config.js';
import { connect, type Connection } from './connection.js';
import { HeldValues } from './held-values.js';
import { Inbox } from './inbox.js';
import { decodePayload, type PayloadOptions } from './payload.js';
import { parseMqttPosition, PositionTracker } from './position.js';
import { idKey, LastIds, RecentIds } from './recent-ids.js';
import { parseTopicFilter, type TopicFilter } from './topics.js';

/** Counters of one MQTT source, for metrics. */
interface MqttCounters {
  messages: number;
  malformed: number;
  duplicates: number;
  /** Messages on a subscribed topic that carry none of the stream's columns. */
  ignored: number;
  reconnects: number;
}

const HOST = hostname().replace(/[^A-Za-z0-9._-]/g, '-');

type Item =
  /** `seq`: the message's number (see position.ts); `held`: its PUBACK waits (fixed client id, QoS 1). */
  | { kind: 'message'; topic: string; payload: Buffer; at: number; receivedAt: number; seq: number; held?: ReturnType<Acks['take']> }
  | { kind: 'notice'; notice: SourceNotice }
  | { kind: 'tick'; at: number; receivedAt: number };

export const mqttSource = defineSource({
  type: 'mqtt',
  description:
    'Subscribes to MQTT topics (JSON, numbers or CSV lines); per-topic values become wide rows; one client per stream per daemon. With a fixed clientId (a persistent session), a QoS 1 message is acknowledged only once its row is stored, so a stream continues after a crash with nothing lost (and with messageIdField, nothing twice).',
  configSchema: mqttConfigSchema,
  counters: { messages: MESSAGES, malformed: MALFORMED, reconnects: RECONNECTS, duplicates: DUPLICATES, ignored: IGNORED },
  create(config, context) {
    const counters: MqttCounters = { messages: 0, malformed: 0, duplicates: 0, ignored: 0, reconnects: 0 };
    // Stable for as long as this stream runs in this daemon (across broker restarts and network
    // drops, so the broker's session carries over), and unique to it: two daemons, even in one
    // process, never share a session.
    const clientId = config.clientId ?? `rtg-${HOST}-${process.pid}-${context.streamId}-${randomBytes(4).toString('hex')}`.slice(0, 200);
    const start = context.resumeFrom === undefined ? undefined : parseMqttPosition(context.resumeFrom);
    // The ids a restart needs: those of the messages the broker may send again, at most its window.
    const ids = config.messageIdField === undefined ? undefined : new LastIds(Math.min(config.dedupWindow, config.receiveMaximum));
    const tracker = new PositionTracker(start, ids);
    // With a fixed client id the session outlives this process: a PUBACK waits until the row is stored.
    const acks = config.clientId === undefined ? undefined : { current: undefined as Acks | undefined };
    return {
      counters: () => ({ ...counters }),
      position: () => tracker.position(),
      committed(position) {
        const messages = (position as { messages?: unknown } | undefined)?.messages;
        if (typeof messages === 'number') acks?.current?.commit(messages);
      },
      read: (signal) => readBroker(config, clientId, context, counters, tracker, start?.ids ?? [], acks, signal),
    };
  },
});

async function* readBroker(
  config: MqttConfig,
  clientId: string,
  context: SourceContext,
  counters: MqttCounters,
  tracker: PositionTracker,
  seenIds: readonly string[],
  ackSlot: { current: Acks | undefined } | undefined,
  signal: AbortSignal,
): AsyncGenerator<Row[]> {
  const logger = context.logger.child({ source: 'mqtt', clientId });
  const filters = config.subscriptions.map((s) => parseTopicFilter(s.topic, s.column));
  const toRows = rowMaker(config, context, filters, counters, tracker, seenIds, logger);
  const inbox = new Inbox<Item>(config.queue);
  const wake = () => inbox.notify();
  signal.addEventListener('abort', wake, { once: true });
  let connection: Connection | undefined;
  const acks = ackSlot && new Acks(config.receiveMaximum, (packetId) => connection?.ack(packetId) ?? false);
  if (ackSlot) ackSlot.current = acks;
  connection = await connect(
    config,
    clientId,
    filters,
    {
      logger,
      message(topic, payload, packetId, done) {
        const seq = tracker.taken + 1;
        const held = packetId === undefined ? undefined : acks!.take(packetId, seq);
        if (packetId !== undefined && !held) {
          // The broker sends again a message this run took: its row is made, its PUBACK pending.
          counters.messages++;
          counters.duplicates++;
          return done();
        }
        tracker.taken = seq;
        inbox.push(
          { kind: 'message', topic, payload, at: Date.now(), receivedAt: performance.now(), seq, held },
          acks ? () => acks.whenRoom(done) : done,
        );
      },
      connected: (sessionPresent) => acks?.connected(sessionPresent),
      status: (state, message) => inbox.push({ kind: 'notice', notice: { type: 'status', state, message } }),
      reconnecting: () => counters.reconnects++,
    },
    acks !== undefined,
  );
  const sampler =
    config.sampleMs === undefined
      ? undefined
      : setInterval(() => inbox.push({ kind: 'tick', at: Date.now(), receivedAt: performance.now() }), config.sampleMs);
  try {
    while (!signal.aborted) {
      const items = await inbox.takeAll(signal);
      let rows: Row[] = [];
      for (const item of items) {
        if (item.kind !== 'notice') {
          if (!toRows(item, rows) && item.kind === 'message' && item.held) acks!.settle(item.held);
          continue;
        }
        // A notice lands between the rows before it and those after it.
        if (rows.length > 0) yield rows;
        rows = [];
        if (signal.aborted) return;
        context.notify(item.notice);
      }
      if (rows.length > 0 && !signal.aborted) yield rows;
    }
  } finally {
    if (ackSlot && ackSlot.current === acks) ackSlot.current = undefined;
    signal.removeEventListener('abort', wake);
    clearInterval(sampler);
    // The default client id is this run's own: its session is of no use to anyone after it.
    await connection.close(config.clientId === undefined);
  }
}

/**
 * Turns messages (and sample ticks) into wide rows; malformed and repeated messages are counted and
 * skipped. Returns whether a message's values are kept (in a row, or held for the next sample).
 */
function rowMaker(
  config: MqttConfig,
  context: SourceContext,
  filters: readonly TopicFilter[],
  counters: MqttCounters,
  tracker: PositionTracker,
  seenIds: readonly string[],
  logger: SourceContext['logger'],
) {
  const timeField = context.timeField;
  const columns = context.fields.filter((f) => f !== timeField);
  const held = new HeldValues(columns, config.staleMs);
  const recent = config.messageIdField === undefined ? undefined : new RecentIds(config.dedupWindow);
  for (const key of seenIds) recent?.seen(key);
  let processed = tracker.taken;
  const fromPayload = config.timestamp === 'field' ? timeField : undefined;
  const options = config.subscriptions.map(
    (s): PayloadOptions => ({
      format: s.format ?? config.format,
      fields: config.fields,
      delimiter: config.delimiter,
      valueField: config.valueField,
      timeField: fromPayload,
      idField: config.messageIdField,
      maxBytes: config.maxMessageBytes,
    }),
  );
  const oneValue = config.subscriptions.map((s) => s.column !== undefined || (s.format ?? config.format) === 'number');
  let logged = 0;
  const malformed = (topic: string, bytes: number) => {
    counters.malformed++;
    if (logged++ < 5 || logged % 1000 === 0) logger.warn({ topic, bytes, malformed: counters.malformed }, 'malformed MQTT message skipped');
  };

  return (item: Exclude<Item, { kind: 'notice' }>, out: Row[]): boolean => {
    if (item.kind === 'tick') {
      if (held.hasValues) {
        out.push(stamp(held.row(item.receivedAt), item.at));
        tracker.sampled(processed);
      }
      return false;
    }
    processed = item.seq;
    counters.messages++;
    const levels = item.topic.split('/');
    const s = filters.findIndex((f) => f.matches(levels));
    if (s === -1) {
      counters.ignored++; // a session's leftover subscription
      return false;
    }
    const column = oneValue[s] ? filters[s]!.columnOf(levels) : undefined;
    if (oneValue[s] && column === undefined) {
      malformed(item.topic, item.payload.length);
      return false;
    }
    const decoded = decodePayload(item.payload, column === undefined ? options[s]! : { ...options[s]!, column });
    if (!decoded) {
      malformed(item.topic, item.payload.length);
      return false;
    }
    const key = recent && decoded.id !== undefined && decoded.id !== null ? idKey(item.topic, decoded.id) : undefined;
    if (key !== undefined && recent!.seen(key)) {
      counters.duplicates++;
      return false;
    }
    if (!held.update(decoded.values, item.receivedAt)) {
      counters.ignored++;
      return false;
    }
    const sampled = config.sampleMs !== undefined;
    if (!sampled) out.push(stamp(held.row(item.receivedAt), decoded.time ?? item.at));
    tracker.kept(item.seq, key, sampled);
    return true;
  };

  function stamp(row: Row, time: unknown): Row {
    if (timeField !== undefined) row[timeField] = time;
    return row;
  }
}
