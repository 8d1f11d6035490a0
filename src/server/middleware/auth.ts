import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { HttpError } from '../http-error.js';

/** Routes that carry data and need the token when one is configured. */
const PROTECTED = /^\/(api\/|runPredict$|metrics$)/;

/**
 * Optional bearer-token auth: with `server.auth.token` set, the data routes (`/api/*`,
 * `/runPredict`, `/metrics`) need `Authorization: Bearer <token>`, or `?access_token=<token>` for
 * EventSource, which cannot set headers. Health checks, the page and the element stay open.
 */
export function bearerAuth(token: () => string | undefined): Middleware {
  return async (ctx, next) => {
    const expected = token();
    if (expected && PROTECTED.test(ctx.path) && ctx.method !== 'OPTIONS') {
      const header = ctx.get('Authorization');
      const fromQuery = ctx.query.access_token;
      const given = header.startsWith('Bearer ') ? header.slice(7) : typeof fromQuery === 'string' ? fromQuery : undefined;
      if (given === undefined || !sameSecret(given, expected)) {
        throw new HttpError(401, given === undefined ? 'a bearer token is required' : 'the token is not valid', {
          'WWW-Authenticate': 'Bearer realm="realtime-graph"',
        });
      }
    }
    await next();
  };
}

/** Compares in constant time (hashing first makes the lengths equal, so length does not leak). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
