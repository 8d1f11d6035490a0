// The configuration of an MQTT stream's source: validation, defaults and the generated docs.
import { z } from 'zod';
import { parseTopicFilter } from './topics.js';

const subscriptionSchema = z
  .object({
    topic: z
      .string()
      .min(1)
      .max(65_535)
      .describe('topic filter; + matches one level, # the rest; +name / #name also name the level for column templates'),
    qos: z
      .union([z.literal(0), z.literal(1), z.literal(2)])
      .default(1)
      .describe(
        'QoS of the subscription (1: nothing lost across reconnects; with a fixed clientId, nor across a crash; 2 is acknowledged on receipt)',
      ),
    column: z
      .string()
      .min(1)
      .optional()
      .describe(
        'column of a one-value payload, from the topic: "{3}" (third level), "{-1}" (last level), "{sensor}" (a +sensor level), or plain text',
      ),
    format: z.enum(['json', 'number', 'csv']).optional().describe("payload format of this subscription (default: the source's)"),
  })
  .strict();

export const mqttConfigSchema = z
  .object({
    url: z
      .string()
      .regex(/^(mqtt|mqtts|ws|wss):\/\/[^\s]+$/, 'an mqtt://, mqtts://, ws:// or wss:// URL')
      .describe('broker URL: mqtt://host:1883, mqtts://host:8883, ws:// or wss://'),
    clientId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'MQTT client id (default: unique to this daemon instance and stream, its session ends with the run). A fixed one keeps the session across daemon restarts and crashes, and QoS 1 messages are then acknowledged only once their rows are stored: with the durable store, a stream continues after a crash with nothing lost (use one id per daemon instance and stream; two clients with one id take the session from each other)',
      ),
    username: z.string().min(1).optional().describe('user name (use ${ENV} references)'),
    password: z.string().min(1).optional().describe('password (use ${ENV} references; it is never logged)'),
    tls: z
      .object({
        ca: z.string().min(1).optional().describe("path of the CA certificate (PEM) that signed the broker's"),
        cert: z.string().min(1).optional().describe('path of the client certificate (PEM)'),
        key: z.string().min(1).optional().describe('path of the client key (PEM)'),
        rejectUnauthorized: z.boolean().default(true).describe('refuse a broker certificate that the CA did not sign'),
      })
      .strict()
      .optional()
      .describe('TLS for mqtts:// and wss://: { ca, cert, key, rejectUnauthorized } (paths relative to the working directory)'),
    subscriptions: z.array(subscriptionSchema).min(1).describe('topics to read: [{ topic, qos, column, format }]'),
    format: z
      .enum(['json', 'number', 'csv'])
      .default('json')
      .describe('payload format: json (an object, or one value with column), number (one value), csv (a line named by fields)'),
    fields: z.array(z.string().min(1)).min(1).optional().describe('csv format: names of the values, in order'),
    delimiter: z.string().length(1).default(',').describe('csv format: field delimiter'),
    valueField: z
      .string()
      .min(1)
      .default('value')
      .describe('json format with column: the field that holds the value when the payload is an object'),
    timestamp: z
      .enum(['received', 'field'])
      .default('received')
      .describe("time of a row: when the message was received, or the payload's field named as the stream's time column"),
    sampleMs: z
      .number()
      .int()
      .min(10)
      .max(3_600_000)
      .optional()
      .describe('emit one row every sampleMs with every column at its latest value (default: one row per message)'),
    staleMs: z
      .number()
      .int()
      .min(1)
      .max(86_400_000)
      .optional()
      .describe('a value not refreshed for this long becomes null (a gap, not a flat line)'),
    messageIdField: z
      .string()
      .min(1)
      .optional()
      .describe(
        'payload field with a message id or sequence number, unique per topic: a message whose id is among the last dedupWindow on its topic is dropped and counted (QoS 1 redeliveries). With a fixed clientId the stored position carries the newest ids, so a message stored just before a crash and sent again after it is not stored twice',
      ),
    dedupWindow: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(10_000)
      .describe('how many recent message ids are remembered for messageIdField'),
    maxMessageBytes: z
      .number()
      .int()
      .min(16)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024)
      .describe('larger payloads are skipped and counted as malformed'),
    protocolVersion: z
      .union([z.literal(4), z.literal(5)])
      .default(5)
      .describe('MQTT 5, or 4 for MQTT 3.1.1 brokers'),
    sessionExpirySeconds: z
      .number()
      .int()
      .min(0)
      .max(4_294_967_295)
      .default(3600)
      .describe(
        'MQTT 5: how long the broker keeps the session (and queues QoS 1 messages) while the daemon is away; longer than any outage or restart you want to survive (MQTT 3.1.1: the broker decides, e.g. Mosquitto persistent_client_expiration)',
      ),
    receiveMaximum: z
      .number()
      .int()
      .min(1)
      .max(65_535)
      .default(1000)
      .describe(
        'with a fixed clientId: how many QoS 1 messages may wait for their rows to be stored before acknowledgement; when that many wait, the broker holds the rest in the session (MQTT 5 Receive Maximum; the broker may allow fewer, e.g. Mosquitto max_inflight_messages, 20 by default)',
      ),
    keepaliveSeconds: z
      .number()
      .int()
      .min(1)
      .max(65_535)
      .default(15)
      .describe('keep-alive interval: a dead connection is noticed within 1.5 times this'),
    connectTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(120_000)
      .default(5000)
      .describe('how long to wait for the broker to accept a connection'),
    reconnectMs: z
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(1000)
      .describe('delay between reconnect attempts when the broker is unreachable'),
    queue: z
      .number()
      .int()
      .min(16)
      .max(1_000_000)
      .default(10_000)
      .describe('messages held ahead of the stream before the broker is made to wait'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const formats = new Set([config.format, ...config.subscriptions.map((s) => s.format)]);
    if (formats.has('csv') && !config.fields) {
      ctx.addIssue({ code: 'custom', path: ['fields'], message: 'format csv needs fields (the names of the values)' });
    }
    config.subscriptions.forEach((subscription, i) => {
      const problem = parseTopicFilter(subscription.topic, subscription.column).problem;
      if (problem) ctx.addIssue({ code: 'custom', path: ['subscriptions', i, 'topic'], message: problem });
    });
    if (config.tls && !/^(mqtts|wss):/.test(config.url)) {
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'tls needs an mqtts:// or wss:// url' });
    }
  });

export type MqttConfig = z.output<typeof mqttConfigSchema>;
export type PayloadFormat = MqttConfig['format'];
