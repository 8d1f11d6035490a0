import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/schema.js';
import type { StreamHub } from '../stream/hub.js';
import { SSE_HEADERS } from '../stream/sse.js';
import { AUTH_CHALLENGE, missingToken } from './middleware/auth.js';
import { baseHeaders, failWith, guarded, splitUrl } from './raw-route.js';
import { startEventStream } from './sse-response.js';

const EVENTS_PATH = /^\/api\/streams\/([^/]+)\/events$/;

export interface EventStreamRouteDeps {
  hub: StreamHub;
  logger: Logger;
  server: () => ServerConfig;
}

/**
 * `GET /api/streams/:id/events`, served in front of Koa. An event stream holds its connection for
 * hours, and a Koa context would stay alive with it (request, response, middleware closures: about
 * 4.6 KB per viewer); here a viewer costs only what node:http and the viewer itself need. The
 * route applies the same rules as the Koa middleware (security headers, CORS, token, JSON errors),
 * through the same functions. Returns false for any other request, which then goes to Koa.
 */
export function eventStreamRoute(deps: EventStreamRouteDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const { path, search } = splitUrl(req.url);
    const match = EVENTS_PATH.exec(path);
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return false; // OPTIONS etc.: Koa
    guarded(deps.logger, 'event stream request failed', res, () => serve(deps, req, res, match[1]!, new URLSearchParams(search)));
    return true;
  };
}

function serve(deps: EventStreamRouteDeps, req: IncomingMessage, res: ServerResponse, rawId: string, query: URLSearchParams): void {
  const settings = deps.server();
  const headers = baseHeaders(req, settings);
  const fail = failWith(res, headers);

  const token = query.getAll('access_token');
  const problem = missingToken(`/api/streams/${rawId}/events`, req.headers.authorization, token.at(-1), settings.auth.token);
  if (problem) {
    fail(401, problem, AUTH_CHALLENGE);
    return;
  }

  const id = decode(rawId);
  const channel = id === undefined ? undefined : deps.hub.get(id);
  if (!channel) {
    fail(404, 'no such stream');
    return;
  }

  // EventSource sends Last-Event-ID when it reconnects by itself; the element passes it in the
  // query when it reconnects after a 503 (a new EventSource cannot set headers).
  const fromQuery = query.getAll('lastEventId');
  if (fromQuery.length > 1) {
    fail(400, 'query parameter lastEventId is given more than once');
    return;
  }
  if ((fromQuery[0]?.length ?? 0) > 256) {
    fail(400, 'query parameter lastEventId is too long');
    return;
  }
  const header = req.headers['last-event-id'];
  const lastEventId = (typeof header === 'string' && header) || fromQuery[0] || undefined;

  if (channel.isComplete(lastEventId)) {
    // The run is over and this client has all of it: 204 tells EventSource to stop retrying.
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const admission = deps.hub.admit(channel);
  if (!admission.ok) {
    fail(503, admission.message, { 'Retry-After': String(admission.retryAfterSeconds) });
    return;
  }
  startEventStream(res, { ...headers, ...SSE_HEADERS });
  deps.hub.connect(channel, res, lastEventId);
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
