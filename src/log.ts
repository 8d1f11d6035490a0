import pino, { type Logger, type LevelWithSilent } from 'pino';

export type LogLevel = LevelWithSilent;

/** JSON lines on stdout (or the given stream); secrets in known places are redacted. */
export function createLogger(level: LogLevel = 'info', destination?: NodeJS.WritableStream): Logger {
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
          'config.source.ssl.key',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
