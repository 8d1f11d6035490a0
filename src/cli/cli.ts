// The `realtime-graph` command (built as dist/cli.js, run by bin/realtime-graph.js): reads the
// command line, runs the command it names (one module each, beside this one) and turns what the
// command throws into a message on standard error and an exit code (2: a usage error, 1: others).
import { parseArgs } from 'node:util';
import { ConfigError, formatProblem } from '../config/errors.js';
import { StartupError } from '../main.js';
import { SourceError } from '../sources/errors.js';
import { print, UsageError } from './command.js';
import { backtest } from './backtest.js';
import { HELP, VERSION } from './help.js';
import { produce } from './produce.js';
import { replay } from './replay.js';
import { schema } from './schema.js';
import { serve } from './serve.js';
import { sources } from './sources.js';
import { validate } from './validate.js';

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
        stream: { type: 'string' },
        file: { type: 'string' },
        failure: { type: 'string', multiple: true },
        window: { type: 'string' },
        profile: { type: 'string' },
        'require-lead': { type: 'string' },
        json: { type: 'boolean' },
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
    case 'serve':
      return serve(rest, values);
    case 'validate':
      return validate(rest, values);
    case 'sources':
      return sources(values);
    case 'produce':
      return produce(rest, values);
    case 'replay':
      return replay(rest, values);
    case 'schema':
      return schema();
    case 'backtest':
      return backtest(rest, values);
    default:
      throw new UsageError(`unknown command ${command} (try --help)`);
  }
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
