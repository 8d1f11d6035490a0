// zod schemas of the event data in ./events.ts, for tests that check what a running daemon sends
// and for the events table of docs/http-api.md. `satisfies` ties each schema to its type: a change to one that the
// other does not follow fails the type check.
import { z } from 'zod';
import type { HistoryData, ReplayCommand, ReplayStatus, StreamEventData, StreamEventName } from './events.js';

const cell = z.union([z.number(), z.string(), z.null()]);
const progress = z.object({ row: z.number().int().nonnegative(), total: z.number().int().nonnegative().optional() }).strict();
const iso = z.iso.datetime();

const streamInfo = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  time: z.string(),
  columns: z.array(
    z.object({ name: z.string(), type: z.enum(['number', 'text']), axis: z.enum(['y', 'y2']), unit: z.string().optional() }).strict(),
  ),
  thresholds: z.array(
    z.object({ value: z.number(), label: z.string().optional(), color: z.string().optional(), axis: z.enum(['y', 'y2']) }).strict(),
  ),
  states: z
    .object({ column: z.string(), colors: z.record(z.string(), z.string()), unshaded: z.array(z.string()) })
    .strict()
    .nullable(),
  alerts: z.array(
    z.object({ rule: z.string(), column: z.string(), op: z.enum(['above', 'below']), value: z.number(), resolve: z.number() }).strict(),
  ),
  keepMs: z.number().nonnegative(),
  state: z.enum(['idle', 'running', 'finished', 'failed']),
  status: z.enum(['connecting', 'live', 'reconnecting']).nullable(),
  viewers: z.number().int().nonnegative(),
});

const replayPosition = z
  .object({ row: z.number().int().nonnegative(), total: z.number().int().nonnegative().optional(), time: iso.nullable() })
  .strict();
const replay = z
  .object({
    state: z.enum(['playing', 'paused']),
    speed: z.number().positive(),
    position: replayPosition,
    segment: z.number().int().nonnegative(),
    jump: z.boolean(),
  })
  .strict();

/** One schema per event, checking its data strictly (no unknown fields). */
export const eventSchemas = {
  meta: streamInfo
    .extend({
      run: z.string(),
      startedAt: iso,
      rate: z.number().nullable(),
      progress: progress.nullable(),
      pass: z.number().int(),
      replay: replay.optional(),
    })
    .strict(),
  started: z.object({ run: z.string(), startedAt: iso, rate: z.number().nullable() }).strict(),
  update: z.record(z.string(), cell),
  batch: z
    .object({ t: z.array(z.string().nullable()), y: z.array(z.array(cell)) })
    .strict()
    .refine((b) => b.y.every((column) => column.length === b.t.length), 'every column has one value per time'),
  progress,
  looped: z.object({ pass: z.number().int().positive() }).strict(),
  status: z.object({ state: z.enum(['connecting', 'live', 'reconnecting']), message: z.string().nullable() }).strict(),
  replay,
  jobfinished: z
    .object({ rows: z.number().int().nonnegative(), progress: progress.nullable(), skipped: z.number().int().nonnegative() })
    .strict(),
  sourceerror: z.object({ message: z.string().min(1) }).strict(),
  state: z.object({ value: z.string().min(1), at: z.string() }).strict(),
  alert: z.object({ rule: z.string().min(1), state: z.enum(['firing', 'resolved']), at: z.string(), value: z.number() }).strict(),
  reset: z.object({ reason: z.string().min(1) }).strict(),
  end: z.object({ reason: z.enum(['shutdown', 'removed', 'changed']) }).strict(),
  streams: z
    .object({
      added: z.array(z.string()),
      removed: z.array(z.string()),
      changed: z.array(z.string()),
      dashboards: z.array(z.string()).optional(),
    })
    .strict(),
} satisfies { [K in StreamEventName]: z.ZodType<StreamEventData[K]> };

/** The schema of `/api/streams` entries. */
export const streamInfoSchema = streamInfo.strict();

/** Speeds an operator may set (a factor on the configured pace). */
export const REPLAY_SPEED = { min: 0.1, max: 1000 } as const;

/** The body of `POST /api/streams/:id/replay`, checked strictly: unknown fields and actions are refused. */
export const replayCommandSchema = z
  .object({
    action: z.enum(['pause', 'resume']).optional(),
    speed: z.number().min(REPLAY_SPEED.min).max(REPLAY_SPEED.max).optional(),
    seek: z.union([z.object({ row: z.number().int() }).strict(), z.object({ time: z.string().min(1).max(64) }).strict()]).optional(),
  })
  .strict()
  .refine(
    (c) => c.action !== undefined || c.speed !== undefined || c.seek !== undefined,
    'give action, speed or seek',
  ) satisfies z.ZodType<ReplayCommand>;

/** The answer of `GET` and `POST /api/streams/:id/replay`. */
export const replayStatusSchema = replay
  .extend({ range: z.object({ rows: z.number().int().nonnegative().nullable(), from: iso.nullable(), to: iso.nullable() }).strict() })
  .strict() satisfies z.ZodType<ReplayStatus>;

const historyTime = z.number().nullable();

/** The schema of a `/api/streams/:id/history` answer. */
export const historySchema = z
  .object({
    stream: z.string(),
    run: z.string(),
    pass: z.number().int().nonnegative(),
    from: historyTime,
    to: historyTime,
    points: z.number().int().positive(),
    resolution: z.enum(['full', 'm4']),
    rows: z.number().int().nonnegative(),
    live: z.boolean(),
    series: z.array(
      z
        .object({ t: z.array(historyTime), y: z.array(cell) })
        .strict()
        .refine((s) => s.t.length === s.y.length, 'one time per value'),
    ),
    passes: z.array(
      z.object({ pass: z.number().int().nonnegative(), from: z.number(), to: z.number(), rows: z.number().int().positive() }).strict(),
    ),
    states: z.array(eventSchemas.state),
    alerts: z.array(eventSchemas.alert),
  })
  .strict() satisfies z.ZodType<HistoryData>;
