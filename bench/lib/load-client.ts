// The parent's side of a load worker: spawns it (its own process), sends commands, awaits answers.
import type { ChildProcess } from 'node:child_process';
import { LatencyHistogram } from './histogram.js';
import type { LoadReport, OpenCommand, OpenResult, WorkerCommand, WorkerMessage } from './load-protocol.js';
import { spawnTracked, stopProcess, waitForExit } from './process.js';
import { bundledScript } from './scripts.js';

export type OpenOptions = Omit<OpenCommand, 'type' | 'concurrency' | 'rampTimeoutMs'> &
  Partial<Pick<OpenCommand, 'concurrency' | 'rampTimeoutMs'>>;

/** Lateness percentiles computed from a report's histogram. */
export interface Lateness {
  p50: number;
  p99: number;
  max: number;
  min: number;
  count: number;
}

export function latenessOf(report: LoadReport): Lateness {
  const histogram = LatencyHistogram.fromSnapshot(report.lateness);
  return {
    p50: histogram.percentile(50),
    p99: histogram.percentile(99),
    max: histogram.count ? histogram.maxValue : Number.NaN,
    min: histogram.count ? histogram.minValue : Number.NaN,
    count: histogram.count,
  };
}

export class LoadClient {
  private waiting: { type: WorkerMessage['type']; resolve: (m: WorkerMessage) => void; reject: (e: Error) => void }[] = [];

  private constructor(readonly process: ChildProcess) {
    process.on('message', (message: WorkerMessage) => {
      if (message.type === 'error') {
        for (const w of this.waiting.splice(0)) w.reject(new Error(`load worker: ${message.message}`));
        return;
      }
      const index = this.waiting.findIndex((w) => w.type === message.type);
      if (index !== -1) this.waiting.splice(index, 1)[0]!.resolve(message);
    });
    process.once('exit', (code, signal) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`load worker exited (${signal ?? code})`));
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** Spawns a worker (with optional node flags, e.g. --cpu-prof) and waits until it is ready for commands. */
  static async start(nodeFlags: string[] = []): Promise<LoadClient> {
    const script = await bundledScript('load-worker');
    const child = spawnTracked(process.execPath, [...nodeFlags, script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const client = new LoadClient(child);
    await client.expect('ready', 10_000);
    return client;
  }

  /** Opens the viewers; resolves when all reached `until` (or failed), or at the ramp timeout. */
  async open(options: OpenOptions): Promise<OpenResult> {
    const command: OpenCommand = { type: 'open', concurrency: 256, rampTimeoutMs: 30_000, ...options };
    const answer = this.expect('opened', command.rampTimeoutMs + 10_000);
    this.send(command);
    return ((await answer) as Extract<WorkerMessage, { type: 'opened' }>).result;
  }

  /** Measures rows due in [from, to] (epoch ms). */
  window(from: number, to: number): void {
    this.send({ type: 'window', from, to });
  }

  async report(): Promise<LoadReport> {
    const answer = this.expect('report', 30_000);
    this.send({ type: 'report' });
    return ((await answer) as Extract<WorkerMessage, { type: 'report' }>).result;
  }

  /** Closes every connection and ends the worker (killed if it does not exit in 10 s). */
  async close(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    try {
      const closed = this.expect('closed', 10_000);
      this.send({ type: 'close' });
      await closed;
      await Promise.race([waitForExit(this.process), new Promise((r) => setTimeout(r, 5000))]);
    } catch {
      // fall through to the kill below
    }
    await stopProcess(this.process, 2000);
  }

  private send(command: WorkerCommand): void {
    this.process.send(command);
  }

  private expect(type: WorkerMessage['type'], timeoutMs: number): Promise<WorkerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w.resolve !== done);
        reject(new Error(`load worker: no ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (message: WorkerMessage) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiting.push({
        type,
        resolve: done,
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }
}
