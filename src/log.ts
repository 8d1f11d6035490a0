import pino, { type Logger, type LevelWithSilent } from 'pino';

export type LogLevel = LevelWithSilent;

/**
 * JSON lines on stdout (or the given stream), or readable lines when stdout is a terminal; secrets
 * in known places are redacted.
 */
export function createLogger(level: LogLevel = 'info', destination?: NodeJS.WritableStream): Logger {
  const pretty = destination === undefined && process.stdout.isTTY === true && process.env.RTG_LOG_FORMAT !== 'json';
  return pino(
    {
      level,
      base: { service: 'realtime-graph' },
      redact: {
        paths: [
          '*.password',
          '*.token',
          '*.sasl',
          'config.source.sasl',
          'config.source.password',
          'source.password',
          'config.source.ssl.key',
          'req.headers.authorization',
          'server.auth.token',
          '*.auth.token',
          '*.auth.operatorToken',
          'server.auth.operatorToken',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ??
      (pretty
        ? pino.transport({
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' },
          })
        : pino.destination({ fd: 1, sync: false })),
  );
}
