import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError } from './config/errors.js';
import { loadConfig, type LoadedConfig } from './config/load.js';
import { createLogger } from './log.js';
import { publicDir as defaultPublicDir } from './paths.js';
import { createApp } from './server/app.js';
import { DataDir } from './sources/data-dir.js';
import { defaultRegistry, type SourceRegistry } from './sources/registry.js';
import { SourceError } from './sources/types.js';
import { StreamHub } from './stream/hub.js';

export interface DaemonOptions {
  /** Config files or directories. */
  config: string[];
  /** Overrides of the config's server settings. */
  port?: number;
  host?: string;
  dataDir?: string;
  logger?: Logger;
  publicDir?: string;
  registry?: SourceRegistry;
}

export interface Daemon {
  server: Server;
  hub: StreamHub;
  config: LoadedConfig;
  logger: Logger;
  /** e.g. http://127.0.0.1:5001 */
  url: string;
  /** Drains viewers (each gets a final event with a jittered retry), stops sources, closes the server. */
  close(): Promise<void>;
}

/** A start-up failure with a one-line, user-facing message (no stack trace). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The composition root: config → sources → hub → HTTP server. */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const registry = options.registry ?? defaultRegistry();
  const config = await loadConfig(options.config, registry);
  const logger = options.logger ?? createLogger(config.server.logLevel ?? 'info');
  const server = { ...config.server, port: options.port ?? config.server.port, host: options.host ?? config.server.host };

  let dataDir: DataDir;
  try {
    dataDir = await DataDir.open(options.dataDir ?? config.dataDir ?? 'data');
  } catch (error) {
    throw new StartupError(error instanceof SourceError ? error.message : String(error));
  }

  const hub = new StreamHub({ registry, dataDir, logger, server });
  hub.load(config.streams);
  const problems = await hub.check();
  if (problems.length > 0) throw new ConfigError(problems);

  const app = createApp({ hub, dataDir, logger, publicDir: options.publicDir ?? defaultPublicDir, server: () => hub.settings });
  const http = createServer({ keepAliveTimeout: 65_000 }, app.callback());
  await listen(http, server.port, server.host);
  hub.start();

  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, streams: config.streams.map((s) => s.id), files: config.files }, 'realtime-graph listening');

  let closing: Promise<void> | undefined;
  return {
    server: http,
    hub,
    config,
    logger,
    url,
    close: () =>
      (closing ??= (async () => {
        const jitter = Math.floor(Math.random() * server.retryMs);
        await hub.close('shutdown', server.retryMs + jitter);
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
    server.listen(port, host);
  });
}
