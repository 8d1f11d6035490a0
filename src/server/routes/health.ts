import Router from '@koa/router';
import type { StreamHub } from '../../stream/hub.js';

/** `/healthz`: the process answers. `/readyz`: config loaded, sources usable, not draining. */
export function healthRoutes(hub: StreamHub): Router {
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
    ctx.status = status === 'ready' ? 200 : 503;
    ctx.body = { status, streams };
  });
  return router;
}
