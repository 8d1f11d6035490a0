import Koa from 'koa';
import type { Registry } from 'prom-client';
import serve from 'koa-static';
import type { Logger } from 'pino';
import type { StreamHub } from '../stream/hub.js';
import type { DashboardConfig } from '../config/dashboards.js';
import type { ServerConfig } from '../config/schema.js';
import { bearerAuth } from './middleware/auth.js';
import { corsPreflight } from './middleware/cors.js';
import { errorHandler } from './middleware/errors.js';
import { sharedHeadersMiddleware } from './middleware/security.js';
import { backtestRoutes } from './routes/backtest.js';
import { dashboardRoutes } from './routes/dashboards.js';
import { healthRoutes } from './routes/health.js';
import { historyRoutes } from './routes/history.js';
import { replayRoutes } from './routes/replay.js';
import { streamRoutes } from './routes/streams.js';

export interface AppDeps {
  hub: StreamHub;
  logger: Logger;
  /** The built browser files (index.html, realtime-graph.js). */
  publicDir: string;
  /** The current server settings (they can change on reload). */
  server: () => ServerConfig;
  metrics: Registry;
  /** The current dashboards (they can change on reload). */
  dashboards: () => readonly DashboardConfig[];
}

/** The HTTP application, without a listening socket (tests drive it through `app.callback()`). */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.silent = true; // errors are logged by errorHandler, never printed by Koa
  app.use(errorHandler(deps.logger));
  app.use(sharedHeadersMiddleware(() => deps.server().cors));
  app.use(corsPreflight());
  app.use(bearerAuth(() => deps.server().auth.token));

  const routers = [
    healthRoutes(deps.hub, deps.metrics),
    streamRoutes(deps.hub),
    replayRoutes(deps.hub, () => deps.server().auth.operatorToken, deps.logger),
    historyRoutes(deps.hub),
    backtestRoutes(deps.hub),
    dashboardRoutes(deps.dashboards, deps.publicDir),
  ];
  for (const router of routers) app.use(router.routes()).use(router.allowedMethods());

  app.use(
    serve(deps.publicDir, {
      index: 'index.html',
      gzip: true,
      brotli: true,
      maxage: 0,
      hidden: false,
      defer: false,
      setHeaders: (res, path) => {
        if (isHashedChunk(path)) res.setHeader('Cache-Control', `public, max-age=${YEAR_S}, immutable`);
      },
    }),
  );
  return app;
}

const YEAR_S = 365 * 24 * 3600;

/**
 * The bundle's chunks (`chunks/<name>-<hash>.js`, scripts/build.mjs) are named by their content,
 * so a browser may keep them without asking again (Plotly alone is 4.8 MB). Everything else is
 * revalidated on every load (max-age=0): the entry script and the pages keep their names.
 */
export function isHashedChunk(path: string): boolean {
  return /[\\/]chunks[\\/][^\\/]+-[A-Z0-9]{8}\.js$/.test(path);
}
