import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { HttpError } from '../http-error.js';

/**
 * The one place request errors become responses: a JSON body `{ error: { status, message } }`.
 * Messages of expected errors are passed on; anything unexpected is logged with its stack and the
 * client sees only "internal error".
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.respond !== false) {
        throw new HttpError(404, 'not found');
      }
    } catch (error) {
      if (ctx.respond === false || ctx.headerSent) {
        logger.warn({ err: error }, 'error after the response started');
        return;
      }
      const { status, message, headers } = describe(error);
      if (status >= 500) logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      ctx.status = status;
      ctx.set(headers);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: { status, message } };
    }
  };
}

function describe(error: unknown): { status: number; message: string; headers: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.status, message: error.message, headers: error.headers };
  // Koa and its middleware throw http-errors with `expose` set for client errors (e.g. bad URL encoding).
  const e = error as { status?: unknown; expose?: unknown; message?: unknown };
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, message: e.expose && typeof e.message === 'string' ? e.message : 'bad request', headers: {} };
  }
  return { status: 500, message: 'internal error', headers: {} };
}
