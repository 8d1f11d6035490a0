import type { Context } from 'koa';
import { SSE_HEADERS } from '../stream/sse.js';

/**
 * Takes the response away from Koa and starts an event stream on the raw socket: headers go out at
 * once, Nagle is off so small events are not held back, and Koa will not buffer or compress it.
 */
export function openEventStream(ctx: Context, headers: Record<string, string> = SSE_HEADERS): void {
  ctx.respond = false;
  const res = ctx.res;
  ctx.req.socket.setNoDelay(true);
  ctx.req.socket.setKeepAlive(true, 30_000);
  for (const [name, value] of Object.entries(ctx.response.headers)) {
    // Keep headers set by earlier middleware (CORS, security) except ones about the body.
    if (!/^(content-type|content-length|content-encoding|etag|last-modified)$/i.test(name)) {
      res.setHeader(name, value as string | string[]);
    }
  }
  res.writeHead(200, headers);
  res.flushHeaders();
}
