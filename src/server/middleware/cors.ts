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
 * Grants cross-origin access to exactly the configured origins: the request's origin is echoed
 * back (never `*`), with `Vary: Origin` so caches keep answers per origin. Other origins,
 * lookalikes and the opaque `null` origin get no grant, so browsers refuse them the response.
 */
export function cors(options: () => CorsOptions): Middleware {
  return async (ctx, next) => {
    const { origins, credentials } = options();
    ctx.vary('Origin');
    const requested = ctx.get('Origin');
    const origin = requested ? normalizeOrigin(requested) : undefined;
    const allowed = origin !== undefined && origins.some((o) => normalizeOrigin(o) === origin);
    if (allowed) {
      ctx.set('Access-Control-Allow-Origin', origin);
      if (credentials) ctx.set('Access-Control-Allow-Credentials', 'true');
    }
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
      // A preflight: answer it here, whether or not the origin is allowed (without a grant the
      // browser stops).
      if (allowed) {
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
