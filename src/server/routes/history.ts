import Router from '@koa/router';
import type { Context } from 'koa';
import type { StreamHub } from '../../stream/hub.js';
import { queryHistory, type HistoryRequest } from '../../stream/history-query.js';
import { queryStoredHistory } from '../../stream/history-cold.js';
import { HttpError } from '../http-error.js';
import { singleQuery } from '../query.js';

/** Pixel columns a history query may ask for (full resolution up to twice as many rows). */
export const MAX_HISTORY_POINTS = 50_000;
export const DEFAULT_HISTORY_POINTS = 1000;
/** How long a browser may reuse an answer whose rows can no longer change. */
const SETTLED_MAX_AGE_S = 86_400;

/**
 * `GET /api/streams/:id/history?from=&to=&points=&pass=`: a stream's kept rows in [from, to],
 * downsampled for `points` pixel columns (stream/history-query.ts). Behind the same token and
 * CORS rules as every /api route. An ETag names the rows of the range, so a range that is still
 * filling revalidates (304 while nothing changed) and a settled one is reused.
 */
export function historyRoutes(hub: StreamHub): Router {
  const router = new Router({ prefix: '/api/streams' });
  router.get('/:id/history', async (ctx) => {
    const channel = hub.get(ctx.params.id ?? '');
    if (!channel) throw new HttpError(404, 'no such stream');
    const request = historyRequest(ctx);
    const source = channel.historySource();
    // Memory holds the recent rows; a range that starts before them is read from the store.
    const stored = channel.durable ? await queryStoredHistory(source, channel.durable.stream, request).catch(() => undefined) : undefined;
    const { data, etag } = stored ?? queryHistory(source, request);
    ctx.set('ETag', etag);
    ctx.set('Cache-Control', data.live ? 'private, no-cache' : `private, max-age=${SETTLED_MAX_AGE_S}`);
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.body = data;
  });
  return router;
}

/** The query's parameters, checked: a 400 names the parameter that is wrong. */
export function historyRequest(ctx: Context): HistoryRequest {
  const from = timeParam(ctx, 'from');
  const to = timeParam(ctx, 'to');
  if (from !== undefined && to !== undefined && from > to) throw new HttpError(400, 'query parameter from is after to');
  const pointsText = singleQuery(ctx, 'points', 16);
  let points = DEFAULT_HISTORY_POINTS;
  if (pointsText !== undefined) {
    points = /^\d+$/.test(pointsText) ? Number(pointsText) : Number.NaN;
    if (!(points >= 1 && points <= MAX_HISTORY_POINTS)) {
      throw new HttpError(400, `query parameter points must be a whole number from 1 to ${MAX_HISTORY_POINTS}`);
    }
  }
  const passText = singleQuery(ctx, 'pass', 16);
  let pass: number | undefined;
  if (passText !== undefined) {
    if (!/^\d{1,9}$/.test(passText)) throw new HttpError(400, 'query parameter pass must be a whole number');
    pass = Number(passText);
  }
  return { from, to, points, pass };
}

/** Epoch milliseconds (digits) or an ISO-8601 time with a zone. */
function timeParam(ctx: Context, name: string): number | undefined {
  const text = singleQuery(ctx, name, 64);
  if (text === undefined || text === '') return undefined;
  const ms = /^-?\d{1,16}(\.\d+)?$/.test(text) ? Number(text) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) throw new HttpError(400, `query parameter ${name} is not a time (epoch milliseconds or ISO-8601)`);
  return ms;
}
