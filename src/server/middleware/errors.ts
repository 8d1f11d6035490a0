import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { errorAnswer, errorBody } from '../error-response.js';
import { HttpError } from '../http-error.js';

/**
 * Koa's end of the one error path (errorAnswer decides what the client is told): a JSON body
 * `{ error: { status, message } }`; anything unexpected is logged with its stack.
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
      const answer = errorAnswer(error);
      if (answer.status >= 500) logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      ctx.status = answer.status;
      ctx.set(answer.headers);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = errorBody(answer);
    }
  };
}
