import { z } from 'zod';
import type { ColumnSpec } from '../pipeline/columns.js';
import type { StageRegistry } from '../pipeline/stage-registry.js';
import { dashboardSchema } from './dashboards.js';
import { historySchema } from './history.js';
import { unit } from '../values/unit.js';
import type { SourceRegistry } from '../sources/registry.js';

/** The types config files are checked against: the source types and the stage types (with the pipeline's fixed tail). */
export interface Plugins {
  sources: SourceRegistry;
  stages: StageRegistry;
}

const KiB = 1024;
const MiB = 1024 * KiB;

export const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const columnEntry = z.union([
  z.string().min(1).max(200),
  z
    .object({
      column: z.string().min(1).max(200).describe('field name in the source'),
      as: z.string().min(1).max(200).optional().describe('name shown on the wire and in the legend'),
      type: z.enum(['time', 'number', 'text']).optional().describe('default: number (time for the time column)'),
      axis: z.enum(['y', 'y2']).default('y').describe('draw on the right-hand axis with y2'),
      unit,
      draw: z
        .boolean()
        .optional()
        .describe(
          'false: streamed, stored and read by stages, alerts and tiles, but a chart draws it only when chosen (its column chooser or `columns`)',
        ),
    })
    .strict(),
]);

const threshold = z
  .object({
    value: z.number(),
    label: z.string().max(200).optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{3,8}$|^[a-z]{3,20}$/, 'a #hex colour or a CSS colour name')
      .optional(),
    axis: z.enum(['y', 'y2']).default('y'),
  })
  .strict();

const streamTuning = {
  autostart: z.boolean().default(false).describe('read even when no one is watching'),
  history: historySchema,
  idleStopMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600_000)
    .default(15_000)
    .describe('stop reading this long after the last viewer leaves (unless autostart)'),
  buffer: z
    .object({
      events: z.number().int().min(16).max(1_000_000).default(2000).describe('events kept for resume'),
      bytes: z
        .number()
        .int()
        .min(64 * KiB)
        .max(1024 * MiB)
        .default(8 * MiB)
        .describe('bytes kept for resume'),
    })
    .strict()
    .prefault({})
    .describe('the ring buffer a reconnecting viewer resumes from'),
  batch: z
    .object({
      aboveRate: z.number().positive().default(50).describe('rows/s above which rows are batched'),
      tickMs: z.number().int().min(1).max(1000).default(10).describe('a batch goes out at most this long after its first row'),
      maxRows: z.number().int().min(1).max(100_000).default(1000).describe('rows per batch at most'),
    })
    .strict()
    .prefault({}),
  progressEveryMs: z.number().int().min(0).max(3600_000).default(1000).describe('replay progress events; 0 for none'),
};

export function streamSchema(plugins: Plugins) {
  return z
    .object({
      id: z.string().regex(STREAM_ID, 'letters, digits, ".", "_" and "-" (at most 64, starting with a letter or digit)'),
      title: z.string().min(1).max(200).optional(),
      source: plugins.sources.sourceSchema(),
      columns: z.array(columnEntry).min(1).max(64).describe('columns to stream, in order'),
      time: z
        .string()
        .min(1)
        .nullable()
        .optional()
        .describe('source field holding the time (default: "timestamp" when selected); null for none'),
      thresholds: z.array(threshold).max(32).default([]),
      stages: z
        .array(plugins.stages.stageSchema())
        .max(64)
        .default([])
        .describe('derived signals, in order: each adds columns that later stages, alerts and the chart can use'),
      resetStagesOnLoop: z
        .boolean()
        .default(false)
        .describe('start the stages afresh at each pass of a looping replay (by default a run keeps their state over passes)'),
      states: plugins.stages.statesSchema.optional(),
      alerts: z.array(plugins.stages.alertSchema).max(64).default([]).describe('alert rules on any numeric column, derived ones included'),
      ...streamTuning,
    })
    .strict();
}

export const serverSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(5001),
    host: z.string().min(1).default('127.0.0.1'),
    dataDir: z.string().min(1).optional().describe('directory of CSV files (relative to this config file)'),
    store: z
      .union([z.literal(false), z.string().min(1)])
      .optional()
      .describe(
        'directory of the durable store of stream histories (relative to this config file; default: var/ beside the config), or false to keep history in memory only',
      ),
    heartbeatMs: z.number().int().min(100).max(15_000).default(15_000).describe('SSE comment heartbeat interval'),
    retryMs: z.number().int().min(100).max(600_000).default(2000).describe('reconnect delay sent to EventSource'),
    maxViewers: z.number().int().min(1).max(1_000_000).default(20_000),
    maxViewersPerStream: z.number().int().min(1).max(1_000_000).default(15_000),
    viewerQueue: z
      .object({
        bytes: z
          .number()
          .int()
          .min(16 * KiB)
          .max(256 * MiB)
          .default(4 * MiB),
        events: z.number().int().min(16).max(1_000_000).default(5000),
      })
      .strict()
      .prefault({})
      .describe('a viewer further behind than this is disconnected, and resumes when it reconnects'),
    cors: z
      .object({
        origins: z
          .array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin: scheme://host[:port], no path'))
          .max(100)
          .default([])
          .describe('pages on these origins may embed <realtime-graph> and read the streams'),
        credentials: z.boolean().default(false).describe('also allow cookies and auth headers from them'),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        token: z
          .string()
          .min(16, 'at least 16 characters')
          .max(512)
          .optional()
          .describe('when set, /api/*, /runPredict and /metrics need it as a bearer token (use ${ENV})'),
        operatorToken: z
          .string()
          .min(16, 'at least 16 characters')
          .max(512)
          .optional()
          .describe(
            'when set, POST /api/streams/:id/replay (pause, speed, seek of a file replay) takes it as a bearer token; without it that route is 404 (use ${ENV})',
          ),
      })
      .strict()
      .refine((auth) => auth.operatorToken === undefined || auth.operatorToken !== auth.token, {
        path: ['operatorToken'],
        message: 'must differ from token (viewers must not be able to control replays)',
      })
      .prefault({}),
    shutdownTimeoutMs: z
      .number()
      .int()
      .min(0)
      .max(600_000)
      .default(10_000)
      .describe('after SIGTERM, exit within this long whatever is still open'),
    drainDelayMs: z
      .number()
      .int()
      .min(0)
      .max(600_000)
      .default(0)
      .describe('after SIGTERM, keep serving viewers this long while /readyz answers 503 (for load balancers)'),
    logStatsEveryMs: z.number().int().min(0).max(86_400_000).default(60_000).describe('log viewer counts this often; 0 for never'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  })
  .strict();

export function configFileSchema(plugins: Plugins) {
  return z
    .object({
      $schema: z.string().optional(),
      server: serverSchema.optional(),
      streams: z.array(streamSchema(plugins)).default([]),
      dashboards: z
        .array(dashboardSchema)
        .max(100)
        .default([])
        .describe('pages of panels (charts, value and state tiles) over the streams'),
    })
    .strict();
}

export type ServerConfig = z.output<typeof serverSchema>;
type RawStream = z.output<ReturnType<typeof streamSchema>>;

/** A stream after its columns are normalized. */
export interface StreamConfig extends Omit<RawStream, 'columns' | 'time' | 'title'> {
  title: string;
  columns: ColumnSpec[];
  /** The config file it came from, for messages. */
  file: string;
}

/** Fills names and types of columns: strings become number columns, the time column becomes `time`. */
export function normalizeStream(raw: RawStream, file: string): StreamConfig {
  const names = raw.columns.map((c) => (typeof c === 'string' ? c : c.column));
  const time = raw.time === undefined ? (names.includes('timestamp') ? 'timestamp' : undefined) : raw.time;
  const columns: ColumnSpec[] = raw.columns.map((entry) => {
    const spec = typeof entry === 'string' ? { column: entry, axis: 'y' as const } : entry;
    return {
      from: spec.column,
      as: ('as' in spec && spec.as) || spec.column,
      type: ('type' in spec && spec.type) || (spec.column === time ? 'time' : 'number'),
      axis: spec.axis,
      ...('unit' in spec && spec.unit !== undefined ? { unit: spec.unit } : {}),
      ...('draw' in spec && spec.draw === false ? { draw: false as const } : {}),
    };
  });
  const { columns: _c, time: _t, title, ...rest } = raw;
  return { ...rest, title: title ?? raw.id, columns, file };
}
