import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { DEMO_ROW_INTERVAL_MS } from '../../compat/demo-format.js';
import type { FrameSource } from '../../compat/frame-reader.js';
import { ReplayFiles, type ReplayFilesOptions } from '../../compat/replay-files.js';
import { ReplayPacer } from '../../compat/replay-pacer.js';
import type { ServerConfig } from '../../config/schema.js';
import type { DataDir } from '../../sources/data-dir.js';
import { SourceError } from '../../sources/errors.js';
import type { StreamHub } from '../../stream/hub.js';
import { SSE_HEADERS } from '../../stream/sse.js';
import { AUTH_CHALLENGE, missingToken } from '../middleware/auth.js';
import { baseHeaders, failWith, guarded, splitUrl } from '../raw-route.js';
import { startEventStream } from '../sse-response.js';

const PATH = '/runPredict';
const NAME = 'predictCSVFileName';
/** The event-stream headers with the original's charset; no `retry:`, ids or heartbeats, as in the original. */
const DEMO_HEADERS = { ...SSE_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8' };
/** Due rows are written at most this late by the shared timer (plus the time to write them). */
const TICK_MS = 10;

export interface RunPredictDeps {
  hub: StreamHub;
  dataDir: DataDir;
  logger: Logger;
  server: () => ServerConfig;
  files?: ReplayFilesOptions;
}

/** What /metrics shows of the original demo's endpoint. */
export interface RunPredictStats {
  /** Replays in progress. */
  viewers: number;
  rowsSent: number;
  bytesSent: number;
  /** Times a replay's socket was full, so that its rows waited for the client. */
  stalls: number;
  /** Times a file was parsed (a shared file once per version). */
  fileParses: number;
  /** Bytes of encoded events kept for shared files. */
  cachedBytes: number;
}

export interface RunPredict {
  /** The node:http handler; false for any other request (which then goes to Koa). */
  route(req: IncomingMessage, res: ServerResponse): boolean;
  stats(): RunPredictStats;
  /** Ends every replay (the daemon is stopping). */
  close(): void;
}

/**
 * `GET /runPredict?predictCSVFileName=<name>`: the original demo's endpoint, byte for byte. Each
 * request replays the named file from its first row at 10 rows/s, then sends `jobfinished`. The name
 * is looked up in the catalogue of the data directory; it is never joined onto a path. Served in
 * front of Koa (like the event-stream route), so a replay holds no Koa context; the file is parsed
 * once for all its replays, and one timer paces them all.
 */
export function createRunPredict(deps: RunPredictDeps): RunPredict {
  const files = new ReplayFiles(deps.files);
  const pacer = new ReplayPacer({ intervalMs: DEMO_ROW_INTERVAL_MS, tickMs: TICK_MS, logger: deps.logger });
  // Requests for the same name at the same moment (a crowd arriving) share one catalogue walk.
  const lookups = new Map<string, Promise<string | undefined>>();
  const lookup = (name: string): Promise<string | undefined> => {
    let pending = lookups.get(name);
    if (pending === undefined) {
      pending = deps.dataDir
        .lookup(name)
        .catch(() => undefined)
        .finally(() => lookups.delete(name));
      lookups.set(name, pending);
    }
    return pending;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> => {
    const settings = deps.server();
    const headers = baseHeaders(req, settings);
    const fail = failWith(res, headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method not allowed', { Allow: 'GET, HEAD' });
    const problem = missingToken(PATH, req.headers.authorization, query.getAll('access_token').at(-1), settings.auth.token);
    if (problem) return fail(401, problem, AUTH_CHALLENGE);
    const names = query.getAll(NAME);
    if (names.length > 1) return fail(400, `query parameter ${NAME} is given more than once`);
    const name = names[0];
    if (!name) return fail(400, `${NAME} is required`);
    if (name.length > 512) return fail(400, `query parameter ${NAME} is too long`);

    const path = await lookup(name);
    if (path === undefined) return fail(404, 'no such CSV file in the data directory');
    // The slot is taken before the file is opened, so a crowd cannot overshoot the limit meanwhile.
    const admission = deps.hub.acquireExtraViewer();
    if (!admission.ok) return fail(503, admission.message, { 'Retry-After': String(admission.retryAfterSeconds) });
    let source: FrameSource;
    try {
      source = await files.open(path, name);
    } catch (error) {
      deps.hub.releaseExtraViewer();
      if (!(error instanceof SourceError)) deps.logger.warn({ err: error, file: name }, 'runPredict could not open the file');
      return fail(422, error instanceof SourceError ? error.message : 'the file cannot be replayed');
    }
    if (req.socket.destroyed) {
      // The client left while the file was opened.
      source.release();
      deps.hub.releaseExtraViewer();
      return;
    }
    startEventStream(res, { ...headers, ...DEMO_HEADERS });
    if (req.method === 'HEAD') {
      source.release();
      deps.hub.releaseExtraViewer();
      res.end();
      return;
    }
    pacer.start(res, source, () => deps.hub.releaseExtraViewer());
  };

  return {
    route(req, res) {
      const { path, search } = splitUrl(req.url);
      if (path !== PATH || req.method === 'OPTIONS') return false; // a CORS preflight: Koa
      guarded(deps.logger, 'runPredict request failed', res, () => serve(req, res, new URLSearchParams(search)));
      return true;
    },
    stats: () => ({
      viewers: pacer.active,
      rowsSent: pacer.rowsSent,
      bytesSent: pacer.bytesSent,
      stalls: pacer.stalls,
      fileParses: files.parses,
      cachedBytes: files.cachedBytes,
    }),
    close: () => pacer.close(),
  };
}
