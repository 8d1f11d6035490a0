import type { Middleware } from 'koa';
import { HttpError } from '../http-error.js';
import { AUTH_CHALLENGE, sameSecret } from './auth.js';

/**
 * Guards the routes that change what every viewer sees (replay control) with the operator token,
 * `server.auth.operatorToken`, distinct from the viewer token. It is read from the
 * `Authorization: Bearer` header only (never from the URL, which ends up in logs), compared in
 * constant time and never logged. Without an operator token configured the routes do not exist:
 * 404, as for any unknown route. A missing token is 401, a wrong one 403.
 */
export function operatorAuth(token: () => string | undefined): Middleware {
  return async (ctx, next) => {
    const expected = token();
    if (!expected) throw new HttpError(404, 'not found (replay control is off: the server has no server.auth.operatorToken)');
    const header = ctx.get('Authorization');
    if (!header.startsWith('Bearer '))
      throw new HttpError(401, 'the operator token is required (Authorization: Bearer <token>)', { ...AUTH_CHALLENGE });
    if (!sameSecret(header.slice(7), expected)) throw new HttpError(403, 'the operator token is not valid');
    await next();
  };
}
