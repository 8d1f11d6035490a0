// What the routes served in front of Koa (plain node:http handlers for long-lived responses) share,
// so that they apply the Koa middleware's rules through the same functions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/schema.js';
import { corsGrant } from './middleware/cors.js';
import { SECURITY_HEADERS } from './middleware/security.js';
import { sendJsonError } from './sse-response.js';

/** A request's path and the raw query after `?` (not decoded). */
export function splitUrl(url: string | undefined): { path: string; search: string } {
  const text = url ?? '';
  const at = text.indexOf('?');
  return at === -1 ? { path: text, search: '' } : { path: text.slice(0, at), search: text.slice(at + 1) };
}

/** The headers of every answer, as the Koa middleware sets them: security headers, Vary, the CORS grant. */
export function baseHeaders(req: IncomingMessage, settings: ServerConfig): Record<string, string> {
  return { ...SECURITY_HEADERS, Vary: 'Origin', ...corsGrant(req.headers.origin, settings.cors) };
}

/**
 * Runs a handler; an unexpected error is logged and answered as the Koa error handler would
 * ("internal error", never a stack trace), or cuts the connection if the answer had started.
 */
export function guarded(logger: Logger, what: string, res: ServerResponse, handler: () => void | Promise<void>): void {
  const fail = (error: unknown) => {
    logger.error({ err: error }, what);
    if (!res.headersSent) sendJsonError(res, 500, 'internal error');
    else res.destroy();
  };
  try {
    const done = handler();
    if (done) done.catch(fail);
  } catch (error) {
    fail(error);
  }
}
