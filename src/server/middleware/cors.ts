import type { Middleware } from 'koa';

export interface CorsOptions {
  /** Exact origins (`https://dash.example.com`, `http://localhost:8080`) allowed to use the daemon. */
  origins: readonly string[];
  /** Also allow credentials (cookies, auth headers) from those origins. */
  credentials: boolean;
}

/** `scheme://host[:port]` in lower case, or undefined for anything that is not such an origin. */
export function normalizeOrigin(text: string): string | undefined {
  if (text.length > 300) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.origin === 'null' || `${url.origin}` !== text.toLowerCase().replace(/\/$/, '')) return undefined;
  return url.origin;
}

/**
 * The grant for a request's `Origin` header: the origin echoed back (never `*`), with credentials
 * if configured; nothing for other origins, lookalikes and the opaque `null` origin, so browsers
 * refuse them the response.
 */
export function corsGrant(requested: string | undefined, options: CorsOptions): Record<string, string> | undefined {
  const origin = requested ? normalizeOrigin(requested) : undefined;
  if (origin === undefined || !options.origins.some((o) => normalizeOrigin(o) === origin)) return undefined;
  return options.credentials
    ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' }
    : { 'Access-Control-Allow-Origin': origin };
}

/**
 * Answers CORS preflights (the grant itself is among the shared headers, set before this runs):
 * allowed methods and headers for a granted origin, nothing more for others (the browser stops).
 */
export function corsPreflight(): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
      if (ctx.response.get('Access-Control-Allow-Origin')) {
        ctx.set('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS'); // POST: replay control
        ctx.set('Access-Control-Allow-Headers', 'Last-Event-ID, Authorization, Cache-Control, Content-Type');
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      return;
    }
    await next();
  };
}
