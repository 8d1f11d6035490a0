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

/** Grants cross-origin access to exactly the configured origins, with `Vary: Origin` for caches. */
export function cors(options: () => CorsOptions): Middleware {
  return async (ctx, next) => {
    ctx.vary('Origin');
    const grant = corsGrant(ctx.get('Origin') || undefined, options());
    if (grant) ctx.set(grant);
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
      // A preflight: answer it here, whether or not the origin is allowed (without a grant the
      // browser stops).
      if (grant) {
        ctx.set('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
        ctx.set('Access-Control-Allow-Headers', 'Last-Event-ID, Authorization, Cache-Control');
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      return;
    }
    await next();
  };
}
