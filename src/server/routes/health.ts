import Router from '@koa/router';
import type { Registry } from 'prom-client';
import type { StreamHub } from '../../stream/hub.js';

/**
 * `/healthz`: the process answers. `/readyz`: config loaded, sources usable, not draining (and
 * whether the store writes: a failing store is named, but live streaming goes on, so it is ready).
 * `/metrics`: Prometheus text format.
 */
export function healthRoutes(hub: StreamHub, metrics: Registry): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const streams = hub.list().map((c) => ({ id: c.id, ready: c.isReady(), state: c.state, status: c.sourceStatus ?? null }));
    const notReady = streams.filter((s) => !s.ready).map((s) => s.id);
    const status = hub.draining ? 'draining' : notReady.length > 0 ? 'not ready' : 'ready';
    // A store that cannot write costs durability, not the live streams: named here, still ready.
    const store = hub.storeHealth();
    ctx.status = status === 'ready' ? 200 : 503;
    ctx.body = { status, streams, store };
  });
  router.get('/metrics', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.type = metrics.contentType;
    ctx.body = await metrics.metrics();
  });
  return router;
}
