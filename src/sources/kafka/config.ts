// The configuration of a Kafka stream's source: read by the daemon (validation, defaults, JSON
// Schema) and by the consumer thread.
import { z } from 'zod';
import { parseTime } from '../../values/convert.js';

const BROKER = /^[A-Za-z0-9._-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

export const kafkaConfigSchema = z
  .object({
    brokers: z.array(z.string().regex(BROKER, 'host:port')).min(1).describe('bootstrap brokers, host:port'),
    topic: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name')
      .describe('topic to read'),
    clientId: z.string().min(1).max(200).default('realtime-graph').describe('client id shown to the brokers'),
    groupId: z.string().min(1).max(200).optional().describe('consumer group (default: unique to this daemon instance)'),
    start: z
      .union([z.enum(['latest', 'earliest']), z.object({ timestamp: z.union([z.string(), z.number()]) }).strict()])
      .default('latest')
      .describe('where to start: latest, earliest, or { timestamp: ISO-8601 or epoch ms }'),
    lastPerPartition: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(0)
      .describe('with start: latest, also read the last N messages of each partition'),
    format: z.enum(['json', 'json-array', 'csv']).default('json').describe('message format'),
    fields: z.array(z.string().min(1)).min(1).optional().describe('names of the values (json-array and csv formats)'),
    delimiter: z.string().length(1).default(',').describe('csv format: field delimiter'),
    timestamp: z
      .enum(['field', 'kafka'])
      .default('field')
      .describe('take the time from the message (field) or from the Kafka message timestamp (kafka)'),
    ssl: z
      .union([
        z.boolean(),
        z
          .object({
            rejectUnauthorized: z.boolean().default(true),
            ca: z.string().optional().describe('PEM'),
            cert: z.string().optional().describe('PEM'),
            key: z.string().optional().describe('PEM'),
          })
          .strict(),
      ])
      .optional()
      .describe('TLS: true, or { ca, cert, key, rejectUnauthorized }'),
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string().min(1),
        password: z.string().min(1),
      })
      .strict()
      .optional()
      .describe('SASL credentials (use ${ENV} references; they are never logged)'),
    connectionTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(3000)
      .describe('how long to wait for a broker to accept a connection'),
    maxMessageBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024)
      .describe('larger messages are skipped and counted as malformed'),
    queue: z
      .number()
      .int()
      .min(16)
      .max(1_000_000)
      .default(50_000)
      .describe('messages fetched ahead of the stream (room for a few fetches, so fetching and decoding overlap)'),
  })
  .strict()
  .superRefine((config, ctx) => {
    if ((config.format === 'csv' || config.format === 'json-array') && !config.fields) {
      ctx.addIssue({ code: 'custom', path: ['fields'], message: `format ${config.format} needs fields (the names of the values)` });
    }
    if (typeof config.start === 'object' && parseTime(config.start.timestamp) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['start', 'timestamp'], message: 'not a time (ISO-8601 or epoch milliseconds)' });
    }
  });

export type KafkaConfig = z.output<typeof kafkaConfigSchema>;
