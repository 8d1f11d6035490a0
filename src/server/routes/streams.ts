import Router from '@koa/router';
import type { StreamHub } from '../../stream/hub.js';
import { HttpError } from '../http-error.js';

/** `/api/streams`: the list for the picker and one stream's description (events: event-stream-route.ts). */
export function streamRoutes(hub: StreamHub): Router {
  const router = new Router({ prefix: '/api/streams' });

  router.get('/', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { streams: hub.list().map((channel) => channel.info()) };
  });

  router.get('/:id', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = findStream(hub, ctx.params.id).info();
  });

  return router;
}

function findStream(hub: StreamHub, id: string | undefined) {
  const channel = id === undefined ? undefined : hub.get(id);
  if (!channel) throw new HttpError(404, 'no such stream');
  return channel;
}
