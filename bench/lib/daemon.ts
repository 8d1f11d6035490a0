// Runs the daemon under test in its own process, as a user would:
//   node bin/realtime-graph.js serve --config <file> --port 0 --log-level info
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { daemonBin, dataDir } from './paths.js';
import { startServerProcess, type RunningServer } from './server-process.js';

export type RunningDaemon = RunningServer;

export interface DaemonOptions {
  /** A config object (written to a temp YAML file) or the path of an existing config file. */
  config: object | string;
  /** Passed as --data-dir; defaults to the repository's data/ for config objects. */
  dataDir?: string;
  startTimeoutMs?: number;
  /** `node` flags before the script, e.g. --cpu-prof (for diagnosis). */
  nodeFlags?: string[];
  onLog?: (line: Record<string, unknown> | string) => void;
}

/** The log line (pino JSON, `msg`) that carries the daemon's URL. */
export const LISTENING_MESSAGE = 'realtime-graph listening';

/**
 * The daemon's entry point: bin/realtime-graph.js, or $RTG_BENCH_DAEMON (the path of another build's
 * CLI, e.g. a prototype compiled outside src/) to measure a candidate change against the same suite.
 */
export function daemonEntry(): string {
  return process.env.RTG_BENCH_DAEMON || daemonBin;
}

/** Starts the daemon and resolves once it is listening; its URL, PID, RSS and a stop(). */
export function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  let tempDir: string | undefined;
  let configPath: string;
  if (typeof options.config === 'string') {
    configPath = options.config;
  } else {
    tempDir = mkdtempSync(join(tmpdir(), 'rtg-bench-config-'));
    configPath = join(tempDir, 'config.yaml');
    writeFileSync(configPath, stringify(memoryOnlyUnlessSaid(options.config)));
  }
  const args = [...(options.nodeFlags ?? []), daemonEntry(), 'serve', '--config', configPath, '--port', '0', '--log-level', 'info'];
  const dir = options.dataDir ?? (typeof options.config === 'string' ? undefined : dataDir);
  if (dir) args.push('--data-dir', dir);
  return startServerProcess({
    args,
    readyMessage: LISTENING_MESSAGE,
    startTimeoutMs: options.startTimeoutMs,
    onLog: options.onLog,
    cleanup: () => {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  });
}

/**
 * The benchmarks from before the store measure the daemon memory only, as they did, so that their
 * ratios compare like with like; the store's own benchmarks (store.ts) set `server.store`.
 */
function memoryOnlyUnlessSaid(config: object): object {
  const server = (config as { server?: Record<string, unknown> }).server ?? {};
  return 'store' in server ? config : { ...config, server: { ...server, store: false } };
}
