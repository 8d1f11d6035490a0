import Router from '@koa/router';
import type { StreamHub } from '../../stream/hub.js';
import { HttpError } from '../http-error.js';
import { singleQuery } from '../query.js';
import { openEventStream } from '../sse-response.js';

/** `/api/streams`: the list for the picker, one stream's description, and its event stream. */
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

  router.get('/:id/events', (ctx) => {
    const channel = findStream(hub, ctx.params.id);
    // EventSource sends Last-Event-ID when it reconnects by itself; the element passes it in the
    // query when it reconnects after a 503 (a new EventSource cannot set headers).
    const lastEventId = ctx.get('Last-Event-ID') || singleQuery(ctx, 'lastEventId', 256) || undefined;
    if (channel.isComplete(lastEventId)) {
      ctx.status = 204; // the run is over and this client has all of it: EventSource stops retrying
      return;
    }
    const admission = hub.admit(channel);
    if (!admission.ok) {
      throw new HttpError(503, admission.message, { 'Retry-After': String(admission.retryAfterSeconds) });
    }
    openEventStream(ctx);
    hub.connect(channel, ctx.res, lastEventId);
  });

  return router;
}

function findStream(hub: StreamHub, id: string | undefined) {
  const channel = id === undefined ? undefined : hub.get(id);
  if (!channel) throw new HttpError(404, 'no such stream');
  return channel;
}
