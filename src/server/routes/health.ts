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
    const ready = !hub.draining;
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'draining' };
  });
  return router;
}
