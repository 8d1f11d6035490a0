import type { Middleware } from 'koa';
import { sharedHeaders } from '../shared-headers.js';
import type { CorsOptions } from './cors.js';

/** Sets the shared headers (security, Vary, CORS grant) on every answer Koa gives. */
export function sharedHeadersMiddleware(cors: () => CorsOptions): Middleware {
  return async (ctx, next) => {
    for (const [name, value] of Object.entries(sharedHeaders(ctx.get('Origin') || undefined, cors()))) {
      if (name === 'Vary') ctx.vary(value);
      else ctx.set(name, value);
    }
    await next();
  };
}
