import type { Middleware } from 'koa';

/** Conservative headers for every response: no MIME sniffing, no framing by other sites, no referrer leaks. */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    await next();
  };
}
