// A server under test in its own process: spawned, awaited until it logs that it is listening
// (a JSON line with `msg` and `url` on stdout), measured (RSS, CPU) and stopped by PID.
import type { ChildProcess } from 'node:child_process';
import { eachLine, readCpuMs, readRss, spawnTracked, stopProcess } from './process.js';
import { repoRoot } from './paths.js';

export interface ServerProcessOptions {
  /** Arguments of `node` (flags, script, script arguments). */
  args: string[];
  /** The `msg` of the log line that carries the URL. */
  readyMessage: string;
  startTimeoutMs?: number;
  /** Called with every stdout/stderr line (JSON lines already parsed). */
  onLog?: (line: Record<string, unknown> | string) => void;
  /** Called after the process has exited, e.g. to remove its temp files. */
  cleanup?: () => void;
}

export interface RunningServer {
  url: string;
  pid: number;
  /** performance.now() just before spawn, and when the ready line was read. */
  spawnedAt: number;
  listeningAt: number;
  /** Milliseconds from spawn to the ready line. */
  listenMs: number;
  /** Resident set size in bytes, from /proc/<pid>/status. */
  rss(): number;
  /** CPU time used so far (user + system), ms. */
  cpuMs(): number;
  /** SIGTERM, wait for exit, SIGKILL after 10 s; returns the milliseconds it took. */
  stop(): Promise<number>;
  /** The last log lines (for error messages). */
  recentLogs(): string[];
  process: ChildProcess;
}

export async function startServerProcess(options: ServerProcessOptions): Promise<RunningServer> {
  const timeoutMs = options.startTimeoutMs ?? 15_000;
  const spawnedAt = performance.now();
  const child = spawnTracked(process.execPath, options.args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 50) recent.shift();
  };
  let cleaned = false;
  const cleanup = () => {
    if (!cleaned) options.cleanup?.();
    cleaned = true;
  };
  child.once('exit', cleanup);

  const ready = new Promise<{ url: string; at: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "${options.readyMessage}" within ${timeoutMs} ms:\n${recent.join('\n')}`)),
      timeoutMs,
    );
    eachLine(child.stdout!, (line) => {
      const at = performance.now();
      remember(line);
      let parsed: Record<string, unknown> | undefined;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // not a JSON log line
      }
      options.onLog?.(parsed ?? line);
      if (parsed?.msg === options.readyMessage && typeof parsed.url === 'string') {
        clearTimeout(timer);
        resolve({ url: parsed.url, at });
      }
    });
    eachLine(child.stderr!, (line) => {
      remember(line);
      options.onLog?.(line);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${signal ?? code}) before "${options.readyMessage}":\n${recent.join('\n')}`));
    });
  });

  let result: { url: string; at: number };
  try {
    result = await ready;
  } catch (error) {
    await stopProcess(child, 2000);
    cleanup();
    throw error;
  }
  const pid = child.pid!;
  return {
    url: result.url,
    pid,
    spawnedAt,
    listeningAt: result.at,
    listenMs: result.at - spawnedAt,
    rss: () => readRss(pid),
    cpuMs: () => readCpuMs(pid),
    stop: async () => {
      const ms = await stopProcess(child, 10_000);
      cleanup();
      return ms;
    },
    recentLogs: () => [...recent],
    process: child,
  };
}
