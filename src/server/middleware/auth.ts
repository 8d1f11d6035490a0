import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { HttpError } from '../http-error.js';

/** Routes that carry data and need the token when one is configured. */
const PROTECTED = /^\/(api\/|runPredict$|metrics$)/;

/** The replay control route: guarded by the operator token instead (middleware/operator-auth.ts). */
export const REPLAY_CONTROL_PATH = /^\/api\/streams\/[^/]+\/replay$/;

/** Whether a protected route needs a token that the request lacks: undefined when it may pass. */
export function missingToken(
  path: string,
  authorization: string | undefined,
  queryToken: string | undefined,
  expected: string | undefined,
): string | undefined {
  if (!expected || !PROTECTED.test(path) || REPLAY_CONTROL_PATH.test(path)) return undefined;
  const given = authorization?.startsWith('Bearer ') ? authorization.slice(7) : queryToken;
  if (given === undefined) return 'a bearer token is required';
  return sameSecret(given, expected) ? undefined : 'the token is not valid';
}

export const AUTH_CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="realtime-graph"' } as const;

/**
 * Optional bearer-token auth: with `server.auth.token` set, the data routes (`/api/*`,
 * `/runPredict`, `/metrics`) need `Authorization: Bearer <token>`, or `?access_token=<token>` for
 * EventSource, which cannot set headers. Health checks, the page and the element stay open.
 */
export function bearerAuth(token: () => string | undefined): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'OPTIONS') {
      const query = ctx.query.access_token;
      const problem = missingToken(ctx.path, ctx.get('Authorization') || undefined, typeof query === 'string' ? query : undefined, token());
      if (problem) throw new HttpError(401, problem, { ...AUTH_CHALLENGE });
    }
    await next();
  };
}

/** Compares in constant time (hashing first makes the lengths equal, so length does not leak). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
