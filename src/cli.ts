import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, formatProblem } from './config/errors.js';
import { loadConfig } from './config/load.js';
import { createLogger } from './log.js';
import { startDaemon, StartupError, type Daemon } from './main.js';
import { bundledConfig } from './paths.js';
import { DataDir } from './sources/data-dir.js';
import { defaultPlugins } from './plugins.js';
import { SourceError } from './sources/errors.js';
import type { ReplayFlags } from './replay-client.js';

declare const __RTG_VERSION__: string;
const VERSION = typeof __RTG_VERSION__ === 'string' ? __RTG_VERSION__ : '0.0.0-dev';

const HELP = `realtime-graph ${VERSION}: streams time-series data to live charts over Server-Sent Events

Usage:
  realtime-graph [serve] [options]      run the daemon (the default command)
  realtime-graph validate <config>...   check config files or directories; exit 1 on errors
      [--data]                          also read each CSV file they replay and count its records
                                        by kind (good, ragged, invalid UTF-8, oversized,
                                        unterminated), with the first lines of each; exit 1 when
                                        a file cannot be replayed or records would be skipped
  realtime-graph sources [--markdown]   list source types and every config field: type, default,
                                        meaning (--markdown: docs/sources.md)
  realtime-graph schema                 print the JSON Schema of config files
  realtime-graph produce <file.csv> --topic <topic> [--rate N | --speed S] [--loop]
                                        publish a CSV file to a Kafka topic at a pace
  realtime-graph produce <file.csv> --mqtt <url> --topic <topic> [--qos Q] [--retain] …
                                        … or to an MQTT broker
  realtime-graph replay <stream> [--pause | --resume] [--speed S] [--seek ROW|TIME] [--server URL]
                                        control a file replay on a running daemon, for every
                                        viewer; with no command, show its state

Options for serve:
  -c, --config <path>     config file or directory (repeatable; default: $RTG_CONFIG,
                          else ./config/default.yaml, else the bundled demo config)
  -p, --port <n>          port (default: $RTG_PORT, else the config's, else 5001)
      --host <addr>       address to bind (default: $RTG_HOST, else the config's, else 127.0.0.1)
      --data-dir <path>   directory of CSV files (default: the config's server.dataDir, else ./data)
      --log-level <lvl>   fatal, error, warn, info, debug, trace or silent
  -h, --help              show this help
  -v, --version           show the version

Options for produce:
      --topic <name>      topic to publish to (created if the broker allows it)
      --brokers <list>    host:port,… (default: $KAFKA_BROKERS, else 127.0.0.1:19092)
      --rate <n>          rows per second (default 10), or "unlimited"
      --speed <s>         instead of --rate: replay at the file's timestamps, s times faster
      --timestamp-column <name>  with --speed (default: timestamp)
      --loop              start again at the end of the file
      --format <f>        json (an object per row, the default) or csv (the line as it is)
      --mqtt <url>        publish to this MQTT broker (mqtt://host:1883, mqtts://, ws://, wss://)
                          instead of Kafka; a --topic with {column} (plant/pump1/{column})
                          publishes one message per sensor per row: the value as text, or
                          with --format json { "timestamp", "value" }
      --qos <q>           MQTT QoS 0, 1 (the default) or 2
      --retain            MQTT: the broker keeps the last message of each topic for new subscribers

Options for replay:
      --pause, --resume   stop the replay where it is, or play on from there
      --speed <s>         a factor on the configured pace, 0.1 to 1000 (10 plays ten times faster)
      --seek <row|time>   jump to a row (a whole number, 0 = the first) or to a data time
                          (2024-03-11T09:00: UTC unless it names a zone)
      --server <url>      the daemon (default: $RTG_SERVER, else http://127.0.0.1:5001)
      --token <token>     the operator token (default: $RTG_OPERATOR_TOKEN; prefer the variable:
                          a flag is visible to other users in the process list)
`;

class UsageError extends Error {}

/** The command line, or a UsageError that says what is wrong with it. */
function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c', multiple: true },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        topic: { type: 'string' },
        brokers: { type: 'string' },
        rate: { type: 'string' },
        speed: { type: 'string' },
        'timestamp-column': { type: 'string' },
        loop: { type: 'boolean' },
        format: { type: 'string' },
        data: { type: 'boolean' },
        markdown: { type: 'boolean' },
        mqtt: { type: 'string' },
        qos: { type: 'string' },
        retain: { type: 'boolean' },
        pause: { type: 'boolean' },
        resume: { type: 'boolean' },
        seek: { type: 'string' },
        server: { type: 'string' },
        token: { type: 'string' },
      },
    });
  } catch (error) {
    // node:util's messages go on to explain `--`; the first sentence is the useful part.
    const first = (error as Error).message.split('\n')[0]!.split('. ')[0]!;
    throw new UsageError(`${first.charAt(0).toLowerCase()}${first.slice(1)} (try --help)`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) return print(HELP);
  if (values.version) return print(`${VERSION}\n`);
  const [command = 'serve', ...rest] = positionals;

  switch (command) {
    case 'serve': {
      if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
      return serve({
        config: values.config ?? defaultConfigPaths(),
        port: parsePort(values.port ?? process.env.RTG_PORT),
        host: values.host ?? process.env.RTG_HOST,
        dataDir: values['data-dir'],
        logLevel: values['log-level'],
      });
    }
    case 'validate': {
      const paths = rest.length > 0 ? rest : (values.config ?? defaultConfigPaths());
      const config = await loadConfig(paths, defaultPlugins());
      print(`ok: ${config.streams.length} stream(s) in ${config.files.join(', ')}\n`);
      if (!values.data) return 0;
      const { scanConfiguredFiles, formatScans } = await import('./scan-data.js');
      const dataDir = await DataDir.open(values['data-dir'] ?? config.dataDir ?? 'data');
      const report = formatScans(await scanConfiguredFiles(config, dataDir));
      print(report.text);
      return report.failed ? 1 : 0;
    }
    case 'sources': {
      const { sourcesMarkdown, sourcesText } = await import('./sources/describe.js');
      const { sources, stages } = defaultPlugins();
      const { stagesMarkdown, stagesText } = await import('./pipeline/stage-docs.js');
      return print(
        values.markdown
          ? sourcesMarkdown(sources.list(), stagesMarkdown(stages))
          : `${sourcesText(sources.list())}\n\n${stagesText(stages)}\n`,
      );
    }
    case 'produce':
      return produce(rest, values);
    case 'replay':
      return replay(rest, values);
    case 'schema': {
      const { configJsonSchema } = await import('./config/json-schema.js');
      return print(`${JSON.stringify(configJsonSchema(defaultPlugins()), null, 2)}\n`);
    }
    default:
      throw new UsageError(`unknown command ${command} (try --help)`);
  }
}

interface ServeOptions {
  config: string[];
  port?: number;
  host?: string;
  dataDir?: string;
  logLevel?: string;
}

async function serve(options: ServeOptions): Promise<number> {
  const level = options.logLevel;
  if (level && !['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) {
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

interface ProduceFlags {
  topic?: string;
  brokers?: string;
  rate?: string;
  speed?: string;
  'timestamp-column'?: string;
  loop?: boolean;
  format?: string;
  mqtt?: string;
  qos?: string;
  retain?: boolean;
}

async function produce(files: string[], values: ProduceFlags): Promise<number> {
  if (files.length !== 1) throw new UsageError('produce takes one CSV file');
  if (!values.topic) throw new UsageError('produce needs --topic');
  if (!existsSync(files[0]!)) throw new UsageError(`no such file: ${files[0]}`);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv (got ${format})`);
  const rate = values.rate === undefined || values.rate === 'unlimited' ? values.rate : positiveNumber('--rate', values.rate);
  const speed = values.speed === undefined ? undefined : positiveNumber('--speed', values.speed);
  if (rate !== undefined && speed !== undefined) throw new UsageError('use either --rate or --speed');
  if (values.mqtt !== undefined) return produceToMqtt(files[0]!, values, { format, rate: rate as number | 'unlimited' | undefined, speed });
  if (values.qos !== undefined || values.retain) throw new UsageError('--qos and --retain need --mqtt');
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').filter(Boolean);
  const { logger, signal } = producerRun();
  const { produceCsv } = await import('./produce.js');
  const sent = await produceCsv({
    file: files[0]!,
    topic: values.topic,
    brokers,
    rate: rate as number | 'unlimited' | undefined,
    speed,
    timestampColumn: values['timestamp-column'],
    loop: values.loop ?? false,
    format,
    logger,
    signal,
  });
  logger.info({ topic: values.topic, sent }, 'produced');
  return 0;
}

/** A producer's logger, and a signal that a first SIGINT or SIGTERM aborts (the producer then stops cleanly). */
function producerRun(): { logger: ReturnType<typeof createLogger>; signal: AbortSignal } {
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  return { logger: createLogger('info'), signal: abort.signal };
}

async function produceToMqtt(
  file: string,
  values: ProduceFlags,
  parsed: { format: 'json' | 'csv'; rate?: number | 'unlimited'; speed?: number },
): Promise<number> {
  const url = values.mqtt!;
  if (!/^(mqtt|mqtts|ws|wss):\/\/[^\s/]+/.test(url))
    throw new UsageError(`--mqtt must be an mqtt://, mqtts://, ws:// or wss:// URL (got ${url})`);
  const qos = Number(values.qos ?? 1);
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new UsageError(`--qos must be 0, 1 or 2 (got ${values.qos})`);
  const perSensor = values.topic!.includes('{column}');
  if (perSensor && parsed.format === 'csv') throw new UsageError('--format csv publishes whole rows: use a --topic without {column}');
  if (!perSensor && /[+#]/.test(values.topic!)) throw new UsageError(`--topic must not contain + or # (got ${values.topic})`);
  const { logger, signal } = producerRun();
  const { produceMqtt } = await import('./produce-mqtt.js');
  const sent = await produceMqtt({
    file,
    url,
    topic: values.topic!,
    format: perSensor && values.format === undefined ? 'number' : parsed.format,
    qos,
    retain: values.retain ?? false,
    rate: parsed.rate,
    speed: parsed.speed,
    timestampColumn: values['timestamp-column'],
    loop: values.loop ?? false,
    logger,
    signal,
  });
  logger.info({ broker: new URL(url).host, topic: values.topic, sent }, 'produced');
  return 0;
}

function positiveNumber(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number (got ${text})`);
  return n;
}

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

async function replay(args: string[], values: ReplayFlags & { server?: string; token?: string }): Promise<number> {
  const { describeReplay, replayCommandOf, sendReplay } = await import('./replay-client.js');
  if (args.length !== 1) throw new UsageError('replay takes one stream id');
  const token = values.token ?? process.env.RTG_OPERATOR_TOKEN;
  if (!token) throw new UsageError('replay needs the operator token: set RTG_OPERATOR_TOKEN (or --token)');
  let command: ReturnType<typeof replayCommandOf>;
  try {
    command = replayCommandOf(values);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const server = values.server ?? process.env.RTG_SERVER ?? 'http://127.0.0.1:5001';
  return print(`${describeReplay(args[0]!, await sendReplay(server, args[0]!, command, token))}\n`);
}

function defaultConfigPaths(): string[] {
  const fromEnv = process.env.RTG_CONFIG;
  if (fromEnv) return fromEnv.split(',').filter(Boolean);
  return [existsSync('config/default.yaml') ? 'config/default.yaml' : bundledConfig];
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`port must be 0 to 65535 (got ${text})`);
  return port;
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      const problems = error.problems.map(formatProblem);
      process.stderr.write(
        problems.length === 1
          ? `realtime-graph: invalid config: ${problems[0]}\n`
          : `realtime-graph: invalid config (${problems.length} problems):\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
      );
    } else if (error instanceof UsageError || error instanceof StartupError || error instanceof SourceError) {
      process.stderr.write(`realtime-graph: ${error.message}\n`);
    } else {
      process.stderr.write(`realtime-graph: ${(error as Error)?.message ?? String(error)}\n`);
    }
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
