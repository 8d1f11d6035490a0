import { stat } from 'node:fs/promises';
import Router from '@koa/router';
import type { Context } from 'koa';
import { BacktestQueue } from '../../backtest/backtest-queue.js';
import { backtestStream } from '../../backtest/backtest-stream.js';
import { isProfile } from '../../backtest/evaluate.js';
import { type Overrides, type RuleOverride, withOverrides } from '../../backtest/overrides.js';
import { BacktestError } from '../../backtest/run-backtest.js';
import type { StreamConfig } from '../../config/schema.js';
import { BACKTEST_PROFILES, type BacktestReport, type ProfileName } from '../../protocol/backtest.js';
import type { DataDir } from '../../sources/data-dir.js';
import { SourceError } from '../../sources/errors.js';
import type { StreamHub } from '../../stream/hub.js';
import { parseDuration } from '../../values/duration.js';
import { HttpError } from '../http-error.js';
import { singleQuery } from '../query.js';

/** A backtest's query, checked. */
export interface BacktestQuery {
  windowMs: number;
  failureStates: string[];
  profile: ProfileName;
  overrides: Overrides;
}

const RULE_PARAM = /^rule\.(.+)\.(above|below|for|resolve)$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const MAX_FAILURE_STATES = 16;
/** How long a refused request is asked to wait: about one backtest of a month of data. */
const RETRY_AFTER_S = 2;

/**
 * `GET /api/streams/:id/backtest?window=&failure=&profile=&rule.<name>.above|below|for|resolve=`:
 * the stream's alert rules (with any thresholds tried in the query) judged on its CSV file, the
 * report `realtime-graph backtest --json` prints. Behind the same token and CORS rules as every
 * /api route. Backtests run one at a time: a request waits for the ones before it (a view that
 * re-runs after a threshold change gets its answer without retrying), up to a few; one more is a
 * 503 with Retry-After.
 */
export function backtestRoutes(hub: StreamHub): Router {
  const queue = new BacktestQueue<BacktestReport>();
  const router = new Router({ prefix: '/api/streams' });
  router.get('/:id/backtest', async (ctx) => {
    const channel = hub.get(ctx.params.id ?? '');
    if (!channel) throw new HttpError(404, 'no such stream');
    const query = backtestQuery(ctx);
    const { registry, dataDir, logger } = hub.sources;
    try {
      const stream = withOverrides(channel.config, query.overrides);
      if (stream.alerts.length === 0) throw new BacktestError(`stream ${stream.id} has no alert rules to backtest`);
      // The file's size and time of change are in the key: a file written anew is backtested anew.
      const key = JSON.stringify([stream, query.windowMs, query.failureStates, query.profile, await fileVersion(dataDir, stream)]);
      const { failureStates, windowMs, profile } = query;
      const report = queue.get(key, () =>
        backtestStream({ stream, registry, dataDir, logger: logger.child({ backtest: stream.id }), failureStates, windowMs, profile }),
      );
      if (!report) throw new HttpError(503, 'other backtests are running; try again shortly', { 'Retry-After': String(RETRY_AFTER_S) });
      ctx.body = await report;
    } catch (error) {
      if (error instanceof BacktestError || error instanceof SourceError) throw new HttpError(400, error.message);
      throw error;
    }
    ctx.set('Cache-Control', 'no-store');
  });
  return router;
}

/** The query's parameters, checked: a 400 names the parameter that is wrong. */
export function backtestQuery(ctx: Context): BacktestQuery {
  let windowMs = 86_400_000;
  const windowText = singleQuery(ctx, 'window', 32);
  if (windowText !== undefined) {
    const ms = parseDuration(windowText);
    if (ms === undefined || ms <= 0) throw new HttpError(400, 'query parameter window needs a duration such as 30m, 6h or 24h');
    windowMs = ms;
  }
  const profile = singleQuery(ctx, 'profile', 32) ?? 'standard';
  if (!isProfile(profile)) throw new HttpError(400, `query parameter profile must be one of ${BACKTEST_PROFILES.join(', ')}`);
  const failure = ctx.query.failure;
  const failureStates = failure === undefined ? ['BROKEN'] : Array.isArray(failure) ? failure : [failure];
  if (failureStates.length > MAX_FAILURE_STATES || failureStates.some((f) => f.length === 0 || f.length > 200)) {
    throw new HttpError(400, `query parameter failure names up to ${MAX_FAILURE_STATES} state values, each 1 to 200 characters`);
  }
  // No prototype: a rule name is a key here.
  const overrides: Record<string, RuleOverride> = Object.create(null);
  for (const name of Object.keys(ctx.query)) {
    // access_token is the token, for the auth middleware (clients that cannot set a header send it so).
    if (name === 'window' || name === 'profile' || name === 'failure' || name === 'access_token') continue;
    const match = RULE_PARAM.exec(name);
    if (!match) {
      throw new HttpError(
        400,
        `unknown query parameter ${name.slice(0, 80)} (window, failure, profile, rule.<name>.above|below|for|resolve)`,
      );
    }
    const text = singleQuery(ctx, name, 64)!;
    const [, rule, key] = match as unknown as [string, string, keyof RuleOverride];
    overrides[rule] ??= {};
    const change = overrides[rule];
    // A number as written (a blank or "0x10" is not one: NaN, which the alert schema refuses by name);
    // `for` is points when it is digits, else a duration the schema checks.
    if (key === 'for') change.for = /^\d+$/.test(text) ? Number(text) : text;
    else change[key] = NUMBER.test(text) ? Number(text) : Number.NaN;
  }
  return { windowMs, failureStates, profile, overrides };
}

/** The size and time of change of the stream's file, or null when it cannot be read (the backtest then says why). */
async function fileVersion(dataDir: DataDir, stream: StreamConfig): Promise<[number, number] | null> {
  const file = (stream.source as { file?: unknown }).file;
  if (stream.source.type !== 'csv' || typeof file !== 'string') return null;
  try {
    const info = await stat(await dataDir.resolve(file));
    return [info.size, info.mtimeMs];
  } catch {
    return null;
  }
}
