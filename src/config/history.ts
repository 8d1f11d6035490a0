import { z } from 'zod';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const HOUR = 3600_000;

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: HOUR, d: 24 * HOUR };
const BYTE_UNITS: Record<string, number> = { B: 1, KiB, MiB, GiB, KB: 1000, MB: 1000 ** 2, GB: 1000 ** 3 };

/** `90s`, `15m`, `24h`, `7d` (or a number of milliseconds). */
const duration = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'a duration such as 90s, 15m, 24h or 7d')
    .transform((text) => {
      const [, n, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text)!;
      return Math.round(Number(n) * DURATION_UNITS[unit!]!);
    }),
]);

/** `512KiB`, `32MiB`, `1GiB` (or a number of bytes). */
const byteSize = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(/^\d+(\.\d+)?(B|KiB|MiB|GiB|KB|MB|GB)$/, 'a size such as 512KiB, 32MiB or 1GiB')
    .transform((text) => {
      const [, n, unit] = /^(\d+(?:\.\d+)?)(B|KiB|MiB|GiB|KB|MB|GB)$/.exec(text)!;
      return Math.round(Number(n) * BYTE_UNITS[unit!]!);
    }),
]);

/** The most a stream may keep, whatever its config says (a typo of a zero is not 40 GB). */
const MAX_KEEP_BYTES = 4 * GiB;
export const DEFAULT_KEEP = { durationMs: 24 * HOUR, rows: 1_000_000, bytes: 32 * MiB, disk: GiB } as const;
/** The most a stream may keep on disk. */
const MAX_KEEP_DISK = 1024 * GiB;

const keep = z
  .object({
    duration: duration
      .pipe(z.number().max(366 * 24 * HOUR, 'at most 366d'))
      .optional()
      .describe('data time kept (default 24h)'),
    rows: z.number().int().min(0).max(100_000_000).optional().describe('rows kept at most (default 1000000; 0 keeps none)'),
    bytes: byteSize.pipe(z.number().max(MAX_KEEP_BYTES, 'at most 4GiB')).optional().describe('memory kept at most (default 32MiB)'),
    disk: byteSize
      .pipe(z.number().max(MAX_KEEP_DISK, 'at most 1024GiB'))
      .optional()
      .describe('the store keeps at most about this much of the stream on disk (default 1GiB); the oldest rows go first'),
  })
  .strict()
  .describe('the bounded history served by /api/streams/:id/history; the first bound reached drops the oldest chunk of rows');

const recentRows = z.number().int().min(0).max(100_000);

/** What a stream keeps: the recent rows a new viewer gets first, and the history for /history. */
export interface HistorySettings {
  /** Recent rows a new viewer receives first. */
  rows: number;
  /** Data time, rows and memory kept in memory; data time and disk kept in the store. */
  keep: { durationMs: number; rows: number; bytes: number; disk: number };
  /** At a run's start, fill the history with the topic's messages of this long before now (Kafka streams). */
  seedFromTopicMs?: number;
}

/** What the in-memory history is bounded by (the store has its own bounds). */
export type MemoryKeep = Omit<HistorySettings['keep'], 'disk'>;

/**
 * `history` as a number is the recent rows a new viewer receives first (as before history was
 * kept); as an object it also bounds the kept history. Both normalize to HistorySettings.
 */
export const historySchema = z
  .union([
    recentRows,
    z
      .object({
        rows: recentRows.default(120).describe('recent rows a new viewer receives first'),
        keep: keep.prefault({}),
        seedFromTopic: duration
          .pipe(z.number().min(1, 'more than 0'))
          .optional()
          .describe(
            'kafka streams: at the start of a run, fill the history with the messages the topic holds from this long before now (a duration such as 1h)',
          ),
      })
      .strict()
      .superRefine((value, ctx) => {
        const kept = value.keep.duration ?? DEFAULT_KEEP.durationMs;
        if (value.seedFromTopic !== undefined && value.seedFromTopic > kept) {
          ctx.addIssue({
            code: 'custom',
            path: ['seedFromTopic'],
            message: `at most history.keep.duration (${kept / HOUR}h): older rows would not be kept`,
          });
        }
      }),
  ])
  .default(120)
  .describe('recent rows a new viewer receives first (a number), or { rows, keep: { duration, rows, bytes } }')
  .transform((value): HistorySettings => {
    const given = typeof value === 'number' ? { rows: value, keep: {} } : value;
    return {
      rows: given.rows,
      keep: {
        durationMs: given.keep.duration ?? DEFAULT_KEEP.durationMs,
        rows: given.keep.rows ?? DEFAULT_KEEP.rows,
        bytes: given.keep.bytes ?? DEFAULT_KEEP.bytes,
        disk: given.keep.disk ?? DEFAULT_KEEP.disk,
      },
      ...('seedFromTopic' in given && given.seedFromTopic !== undefined ? { seedFromTopicMs: given.seedFromTopic } : {}),
    };
  });
