import type { ServerResponse } from 'node:http';
import type { Context } from 'koa';
import { SSE_HEADERS } from '../stream/sse.js';

/**
 * Starts an event stream on a raw response: Nagle is off so small events are not held back, and
 * TCP keep-alive notices dead peers. The headers go out with the first write (the caller writes
 * the first events at once), so a new connection costs one write, not two.
 */
export function startEventStream(res: ServerResponse, headers: Record<string, string | string[]>): void {
  res.socket?.setNoDelay(true);
  res.socket?.setKeepAlive(true, 30_000);
  res.writeHead(200, headers);
}

/** The same for a route inside Koa: takes the response away from Koa (no buffering, no compression). */
export function openEventStream(ctx: Context, headers: Record<string, string> = SSE_HEADERS): void {
  ctx.respond = false;
  const inherited: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(ctx.response.headers)) {
    // Keep headers set by earlier middleware (CORS, security) except ones about the body.
    if (!/^(content-type|content-length|content-encoding|etag|last-modified)$/i.test(name)) inherited[name] = value as string | string[];
  }
  startEventStream(ctx.res, { ...inherited, ...headers });
  ctx.res.flushHeaders(); // this route may wait before its first event
}
