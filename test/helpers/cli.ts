import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/realtime-graph.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built command line to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile('node', [CLI, ...args], { timeout: 30_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

export interface DaemonProcess {
  child: ChildProcess;
  url: string;
  /** Parsed log lines so far. */
  logs: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `realtime-graph serve` in its own process and waits until it listens. */
export function spawnDaemon(args: string[], env: NodeJS.ProcessEnv = {}): Promise<DaemonProcess> {
  const child = spawn('node', [CLI, 'serve', '--port', '0', ...args], {
    env: { ...process.env, RTG_LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === 'realtime-graph listening') resolve({ child, url: entry.url as string, logs, exited });
        } catch {
          // not a log line
        }
      }
    });
    void exited.then(({ code }) => reject(new Error(`the daemon exited (${code}) before listening: ${stderr}`)));
  });
}

/** Log lines that mean the daemon hit a bug: an unhandled rejection or an uncaught exception. */
export function crashLogs(logs: Record<string, unknown>[]): Record<string, unknown>[] {
  return logs.filter((l) => l.msg === 'unhandled rejection' || l.msg === 'uncaught exception' || (l.level as number) >= 60);
}
