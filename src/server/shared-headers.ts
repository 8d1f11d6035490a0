import type { CorsOptions } from './middleware/cors.js';
import { corsGrant } from './middleware/cors.js';

/** Conservative headers for every response: no MIME sniffing, no referrer leaks. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The headers every answer carries, whichever route gives it (Koa's or one in front of it): the
 * security headers, `Vary: Origin` for caches, and the CORS grant for a listed origin.
 */
export function sharedHeaders(origin: string | undefined, cors: CorsOptions): Record<string, string> {
  return { ...SECURITY_HEADERS, Vary: 'Origin', ...corsGrant(origin, cors) };
}
