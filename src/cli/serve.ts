// `realtime-graph [serve]`: runs the daemon until a signal stops it.
import { createLogger } from '../log.js';
import { startDaemon, type Daemon } from '../main.js';
import { UsageError } from './command.js';
import { defaultConfigPaths } from './config-paths.js';

export interface ServeFlags {
  config?: string[];
  port?: string;
  host?: string;
  'data-dir'?: string;
  'log-level'?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Starts the daemon; returns -1 (keep running: a signal ends the process). */
export async function serve(args: string[], values: ServeFlags): Promise<number> {
  if (args.length > 0) throw new UsageError(`unexpected argument ${args[0]}`);
  const options = {
    config: values.config ?? defaultConfigPaths(),
    port: parsePort(values.port ?? process.env.RTG_PORT),
    host: values.host ?? process.env.RTG_HOST,
    dataDir: values['data-dir'],
  };
  const level = values['log-level'];
  if (level && !LOG_LEVELS.includes(level)) {
    throw new UsageError(`--log-level must be one of fatal, error, warn, info, debug, trace, silent (got ${level})`);
  }
  // Signals are handled from the first moment: one that arrives during start-up stops the
  // daemon as soon as it is up.
  const signals = handleSignals();
  const logger = level ? createLogger(level as never) : undefined;
  const daemon = await startDaemon({ ...options, logger });
  signals.attach(daemon);
  return -1; // keep running
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`port must be 0 to 65535 (got ${text})`);
  return port;
}

/** SIGTERM and SIGINT stop the daemon (a second one exits at once), SIGHUP reloads its config. */
function handleSignals(): { attach(daemon: Daemon): void } {
  let daemon: Daemon | undefined;
  let pending: NodeJS.Signals | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (!daemon) {
      pending ??= signal;
      return;
    }
    const running = daemon;
    if (stopping) {
      running.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    running.logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      running.logger.error('shutdown deadline passed: exiting');
      process.exit(1);
    }, running.config.server.shutdownTimeoutMs);
    deadline.unref();
    running.close().then(
      () => process.exit(0),
      (error) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', () => {
    if (!daemon) return;
    daemon.logger.info('SIGHUP: reloading the config');
    void daemon.reload();
  });
  return {
    attach(started: Daemon) {
      daemon = started;
      // A daemon keeps serving after a stray rejection (it is logged, and tests fail on the log
      // line), but after an uncaught exception its state is unknown: log it and exit for the
      // service manager to restart it.
      process.on('unhandledRejection', (reason) => started.logger.error({ err: reason }, 'unhandled rejection'));
      process.on('uncaughtException', (error) => {
        started.logger.fatal({ err: error }, 'uncaught exception');
        process.exit(1);
      });
      if (pending) stop(pending);
    },
  };
}
