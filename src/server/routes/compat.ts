import { once } from 'node:events';
import Router from '@koa/router';
import type { Logger } from 'pino';
import { csvConfigSchema, csvSource } from '../../sources/csv.js';
import type { DataDir } from '../../sources/data-dir.js';
import { rowsOf, SourceError } from '../../sources/types.js';
import { toNumberOrNull } from '../../pipeline/values.js';
import { HttpError } from '../http-error.js';
import { pythonJsonObject } from '../python-json.js';
import { singleQuery } from '../query.js';
import { openEventStream } from '../sse-response.js';

/** The columns and pace of the original Flask demo. */
const DEMO_COLUMNS = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'] as const;
const DEMO_RATE = 10;

export interface CompatOptions {
  dataDir: DataDir;
  logger: Logger;
  /** Asked before each replay starts; false answers 503. Released when the replay ends. */
  acquire(): boolean;
  release(): void;
}

/**
 * `GET /runPredict?predictCSVFileName=<name>`: the original demo's endpoint, byte for byte. Each
 * request replays the named file from its first row at 10 rows/s, then sends `jobfinished`. The name
 * is looked up in the catalogue of the data directory; it is never joined onto a path.
 */
export function compatRoutes(options: CompatOptions): Router {
  const router = new Router();
  router.get('/runPredict', async (ctx) => {
    const name = singleQuery(ctx, 'predictCSVFileName', 512);
    if (!name) throw new HttpError(400, 'predictCSVFileName is required');
    const entry = (await options.dataDir.catalogue()).find((e) => e.name === name);
    if (!entry) throw new HttpError(404, 'no such CSV file in the data directory');

    const config = csvConfigSchema.parse({ file: entry.name, rate: DEMO_RATE });
    const source = csvSource.create(config, {
      streamId: 'runPredict',
      timeField: 'timestamp',
      dataDir: options.dataDir,
      logger: options.logger,
      fields: DEMO_COLUMNS,
      notify: () => {},
    });
    try {
      await source.check?.();
    } catch (error) {
      throw new HttpError(422, error instanceof SourceError ? error.message : 'the file cannot be replayed');
    }
    if (!options.acquire()) throw new HttpError(503, 'too many viewers on this server', { 'Retry-After': '5' });

    openEventStream(ctx, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
      Connection: 'close',
    });
    const res = ctx.res;
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    try {
      for await (const item of source.read(abort.signal)) {
        for (const row of rowsOf(item)) {
          const data = pythonJsonObject({
            timestamp: typeof row.timestamp === 'string' ? row.timestamp : null,
            sensor_04: toNumberOrNull(row.sensor_04),
            sensor_18: toNumberOrNull(row.sensor_18),
            sensor_34: toNumberOrNull(row.sensor_34),
          });
          // Each request has its own replay, so waiting for a slow client delays only that client.
          if (!res.write(`event: update\ndata: ${data}\n\n`)) await once(res, 'drain', { signal: abort.signal });
        }
      }
      if (!abort.signal.aborted) res.end('event: jobfinished\ndata: none\n\n');
    } catch (error) {
      if (!abort.signal.aborted) {
        options.logger.warn({ err: error, file: entry.name }, 'runPredict replay failed');
        res.end();
      }
    } finally {
      options.release();
    }
  });
  return router;
}
