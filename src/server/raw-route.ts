// What the routes served in front of Koa (plain node:http handlers for long-lived responses) share,
// so that they apply the Koa middleware's rules through the same functions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/schema.js';
import { sendError } from './error-response.js';
import { HttpError } from './http-error.js';
import { sharedHeaders } from './shared-headers.js';

/** A request's path and the raw query after `?` (not decoded). */
export function splitUrl(url: string | undefined): { path: string; search: string } {
  const text = url ?? '';
  const at = text.indexOf('?');
  return at === -1 ? { path: text, search: '' } : { path: text.slice(0, at), search: text.slice(at + 1) };
}

/** The shared headers of an answer to `req` (the same function the Koa middleware uses). */
export function baseHeaders(req: IncomingMessage, settings: ServerConfig): Record<string, string> {
  return sharedHeaders(req.headers.origin, settings.cors);
}

/** An answer-with-an-error for a raw route, through the one error path. */
export function failWith(res: ServerResponse, headers: Record<string, string>) {
  return (status: number, message: string, extra: Record<string, string> = {}) =>
    sendError(res, new HttpError(status, message, extra), headers);
}

/**
 * Runs a handler; an unexpected error is logged and answered as the Koa error handler would
 * ("internal error", never a stack trace), or cuts the connection if the answer had started.
 */
export function guarded(logger: Logger, what: string, res: ServerResponse, handler: () => void | Promise<void>): void {
  const fail = (error: unknown) => {
    logger.error({ err: error }, what);
    if (!res.headersSent) sendError(res, error);
    else res.destroy();
  };
  try {
    const done = handler();
    if (done) done.catch(fail);
  } catch (error) {
    fail(error);
  }
}
