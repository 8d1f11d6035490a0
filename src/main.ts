import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ConfigError, formatProblem, type ConfigProblem } from './config/errors.js';
import { changedDashboards } from './config/dashboards.js';
import { loadConfig, type LoadedConfig } from './config/load.js';
import type { ServerConfig } from './config/schema.js';
import { watchConfig } from './config/watch.js';
import { createLogger } from './log.js';
import { publicDir as defaultPublicDir } from './paths.js';
import { createApp } from './server/app.js';
import { eventStreamRoute } from './server/event-stream-route.js';
import { logRequest } from './server/request-log.js';
import { createRunPredict } from './server/routes/compat.js';
import { createMetrics, type DaemonCounters } from './server/metrics.js';
import { DataDir } from './sources/data-dir.js';
import { defaultRegistry, type SourceRegistry } from './sources/registry.js';
import { defaultPlugins } from './plugins.js';
import { SourceError } from './sources/errors.js';
import { sameStream, StreamHub, type SourceProblem, type StreamChanges } from './stream/hub.js';
import { StoreError } from './store/errors.js';
import { defaultStoreDir, openDaemonStore } from './store/open-daemon-store.js';
import { StoreUpkeep } from './stream/store-upkeep.js';

export interface DaemonOptions {
  /** Config files or directories. */
  config: string[];
  /** Overrides of the config's server settings. */
  port?: number;
  host?: string;
  dataDir?: string;
  /** The store's directory, or false for memory only (overrides server.store). */
  store?: string | false;
  logger?: Logger;
  publicDir?: string;
  registry?: SourceRegistry;
  /** Reload when config files change (default true). SIGHUP reloads either way. */
  watch?: boolean;
}

export interface Daemon {
  server: Server;
  hub: StreamHub;
  config: LoadedConfig;
  logger: Logger;
  /** e.g. http://127.0.0.1:5001 */
  url: string;
  /** Prometheus metrics of this daemon. */
  metrics: Registry;
  /** Reads the config again and applies it; an invalid config is logged and the running one stays. */
  reload(): Promise<ReloadResult>;
  /** Drains viewers (each gets a final event with a jittered retry), stops sources, closes the server. */
  close(): Promise<void>;
}

export type ReloadResult = { ok: true; changes: StreamChanges } | { ok: false; problems: readonly ConfigProblem[] };

/** A start-up failure with a one-line, user-facing message (no stack trace). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The composition root: config → sources → hub → HTTP server. */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const registry = options.registry ?? defaultRegistry();
  const plugins = defaultPlugins(registry);
  let config = await loadConfig(options.config, plugins);
  const logger = options.logger ?? createLogger(config.server.logLevel ?? 'info');
  // Where the daemon listens and reads files is fixed at start-up; the rest of `server` reloads.
  const fixed = {
    port: options.port ?? config.server.port,
    host: options.host ?? config.server.host,
    dataDir: options.dataDir ?? config.dataDir ?? 'data',
  };
  const withFixed = (server: ServerConfig): ServerConfig => ({ ...server, port: fixed.port, host: fixed.host });

  let dataDir: DataDir;
  try {
    dataDir = await DataDir.open(fixed.dataDir);
  } catch (error) {
    throw new StartupError(error instanceof SourceError ? error.message : String(error));
  }

  const storeDir = options.store ?? config.store ?? defaultStoreDir(options.config);
  let opened: Awaited<ReturnType<typeof openDaemonStore>>;
  try {
    opened = storeDir === false ? {} : await openDaemonStore(storeDir, logger);
  } catch (error) {
    throw new StartupError(error instanceof StoreError ? error.message : String(error));
  }
  const { store, failure: storeFailure } = opened;
  const hub = new StreamHub({ registry, dataDir, logger, server: withFixed(config.server), store, storeFailure });
  const problems = await hub.check(config.streams);
  if (problems.length > 0) {
    await store?.close();
    throw new ConfigError(problems.map(asConfigProblem));
  }
  hub.load(config.streams, await hub.openDurable(config.streams));
  const upkeep = store ? new StoreUpkeep(store, hub, logger) : undefined;

  const counters: DaemonCounters = { reloads: { ok: 0, failed: 0 } };
  const runPredict = createRunPredict({ hub, dataDir, logger, server: () => hub.settings });
  const metrics = createMetrics(hub, counters, runPredict.stats);
  const app = createApp({
    hub,
    logger,
    metrics,
    publicDir: options.publicDir ?? defaultPublicDir,
    server: () => hub.settings,
    dashboards: () => config.dashboards,
  });
  const koa = app.callback();
  const eventStreams = eventStreamRoute({ hub, logger, server: () => hub.settings });
  const http = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    logRequest(logger, req, res);
    if (!eventStreams(req, res) && !runPredict.route(req, res)) void koa(req, res);
  });
  await listen(http, fixed.port, fixed.host);
  hub.start();

  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const dashboards = config.dashboards.map((d) => `${url}/dashboards/${encodeURIComponent(d.id)}`);
  logger.info({ url, streams: config.streams.map((s) => s.id), dashboards, files: config.files }, 'realtime-graph listening');

  let reloading: Promise<ReloadResult> | undefined;
  const reload = async (): Promise<ReloadResult> => {
    // Reloads run one at a time; a change during a reload is picked up by the next one.
    while (reloading) await reloading.catch(() => undefined);
    reloading = (async (): Promise<ReloadResult> => {
      try {
        const next = await loadConfig(options.config, plugins);
        const touched = next.streams.filter((s) => {
          const running = hub.get(s.id);
          return !running || !sameStream(s, running.config);
        });
        const sourceProblems = await hub.check(touched);
        if (sourceProblems.length > 0) throw new ConfigError(sourceProblems.map(asConfigProblem));
        for (const key of ['port', 'host'] as const) {
          if (next.server[key] !== config.server[key]) logger.warn({ [key]: next.server[key] }, `server.${key} changes after a restart`);
        }
        if (next.dataDir !== config.dataDir) logger.warn('server.dataDir changes after a restart');
        const changes: StreamChanges = await hub.apply(withFixed(next.server), next.streams);
        const dashboards = changedDashboards(config.dashboards, next.dashboards);
        config = next;
        if (dashboards.length > 0) {
          changes.dashboards = dashboards;
          // Open dashboards fetch their definition again (see <realtime-dashboard>).
          hub.announce({ added: [], removed: [], changed: [], dashboards });
        }
        counters.reloads.ok++;
        logger.info({ ...changes, files: next.files }, 'config reloaded');
        return { ok: true, changes };
      } catch (error) {
        counters.reloads.failed++;
        const problems = error instanceof ConfigError ? error.problems : [{ file: '', path: '', message: String(error) }];
        logger.error({ problems: problems.map(formatProblem) }, 'config reload rejected; the running config stays');
        return { ok: false, problems };
      }
    })();
    try {
      return await reloading;
    } finally {
      reloading = undefined;
    }
  };
  const stopWatching = options.watch === false ? () => {} : await watchConfig(options.config, () => void reload(), logger);
  const statsEvery = config.server.logStatsEveryMs;
  const statsTimer =
    statsEvery > 0 ? setInterval(() => logger.info({ viewers: hub.viewerCount, streams: hub.summary() }, 'stats'), statsEvery) : undefined;
  statsTimer?.unref();

  let closing: Promise<void> | undefined;
  return {
    server: http,
    hub,
    metrics,
    get config() {
      return config;
    },
    logger,
    url,
    reload,
    close: () =>
      (closing ??= (async () => {
        stopWatching();
        if (statsTimer) clearInterval(statsTimer);
        hub.draining = true; // /readyz answers 503 and new viewers are refused from here on
        const drain = hub.settings.drainDelayMs;
        if (drain > 0) {
          logger.info({ drainDelayMs: drain }, 'draining');
          await new Promise((resolve) => setTimeout(resolve, drain));
        }
        await hub.close();
        upkeep?.stop();
        // Every run has stopped and checkpointed: the last commits, then the file is closed.
        await store?.close();
        runPredict.close();
        // Ended event streams close their connections; idle keep-alive connections are closed
        // now, and anything still open after a grace period (a request in flight) is cut.
        const closed = new Promise<void>((done) => http.close(() => done()));
        http.closeIdleConnections();
        const grace = setTimeout(() => http.closeAllConnections(), 2000);
        await closed;
        clearTimeout(grace);
        logger.info('realtime-graph stopped');
      })()),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') reject(new StartupError(`port ${port} on ${host} is already in use`));
      else if (error.code === 'EACCES') reject(new StartupError(`no permission to listen on port ${port}`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(new StartupError(`cannot listen on host ${host}`));
      } else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    // A deep accept queue, so that thousands of viewers reconnecting at once (after a restart)
    // are not dropped and left to SYN retries (the kernel caps it at net.core.somaxconn).
    server.listen({ port, host, backlog: 4096 });
  });
}

/** A source's failed check, as a config problem naming the file and the stream. */
function asConfigProblem({ stream, message }: SourceProblem): ConfigProblem {
  return { file: stream.file, path: `stream "${stream.id}" (source)`, message };
}
