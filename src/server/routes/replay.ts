import Router from '@koa/router';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { replayCommandSchema } from '../../protocol/schemas.js';
import { ReplayRefusal } from '../../sources/replay-control.js';
import type { StreamHub } from '../../stream/hub.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../json-body.js';
import { operatorAuth } from '../middleware/operator-auth.js';

/**
 * `/api/streams/:id/replay`: the state of a file replay (GET) and an operator's commands (POST:
 * pause, resume, speed, seek), for every viewer of the stream at once. Operator token only.
 */
export function replayRoutes(hub: StreamHub, operatorToken: () => string | undefined, logger: Logger): Router {
  const router = new Router({ prefix: '/api/streams/:id/replay' });
  router.use(operatorAuth(operatorToken));

  router.get('/', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = controlOf(hub, ctx.params.id).status();
  });

  router.post('/', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const control = controlOf(hub, ctx.params.id);
    const parsed = replayCommandSchema.safeParse(await readJsonBody(ctx.req));
    if (!parsed.success) throw new HttpError(400, describeIssue(parsed.error));
    try {
      ctx.body = await control.command(parsed.data);
    } catch (error) {
      if (error instanceof ReplayRefusal) throw new HttpError(error.status, error.message);
      throw error;
    }
    logger.info({ stream: ctx.params.id, command: parsed.data }, 'replay control');
  });

  return router;
}

function controlOf(hub: StreamHub, id: string | undefined) {
  const channel = id === undefined ? undefined : hub.get(id);
  if (!channel) throw new HttpError(404, 'no such stream');
  if (!channel.replayable)
    throw new HttpError(409, `stream ${channel.id} is not a file replay (its source is ${channel.config.source.type})`);
  const control = channel.replayControl();
  if (!control)
    throw new HttpError(409, `stream ${channel.id} is not running (${channel.state}): a replay is controlled while viewers watch it`);
  return control;
}

/** The first problem with a command, naming the field: `speed: Too big: expected number to be <=1000`. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.join('.');
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (give action, speed or seek)`;
  if (path === 'action') return 'action must be "pause" or "resume"';
  return path ? `${path}: ${issue.message}` : issue.message;
}
