// One measured run of viewers against a server: connect N viewers (load worker in its own
// process), let them settle, measure the rows due in a window, report delivery and lateness.
import { latenessOf, LoadClient, type Lateness } from './load-client.js';
import type { LoadReport, OpenCommand, OpenResult } from './load-protocol.js';
import { delay } from './process.js';
import { settledRss } from './rss.js';
import { largeFileTimeline } from './pump-file.js';
import type { RunningServer } from './server-process.js';
import { wallClock } from './clock.js';

/** How long before the measured window the load worker is told about it. */
const WINDOW_LEAD_MS = 250;

export interface ViewerRunOptions {
  start: () => Promise<RunningServer>;
  /** Path of the SSE endpoint on the server. */
  path: string;
  viewers: number;
  /** Wait after the server listens before connecting (so the stream has recent rows). */
  preRollMs: number;
  /** Wait after all viewers connected before the measured window. */
  settleMs: number;
  /** Length of the measured window: rows due inside it are measured. */
  windowMs: number;
  /** Wait after the window before reading the report: a row later than this counts as not delivered. */
  graceMs: number;
  rampTimeoutMs?: number;
  /** The original demo's endpoint (see OpenCommand.legacy). */
  legacy?: OpenCommand['legacy'];
  /** Also sample the server's RSS: before the viewers, with them, and this long after they left. */
  memory?: { afterLeaveMs: number };
}

/** RSS of the server (bytes): idle before the viewers, with them connected, and after they left. */
export interface RssSamples {
  idle: number;
  loaded: number;
  afterLeave: number;
}

export interface ViewerRunResult {
  open: OpenResult;
  report: LoadReport;
  lateness: Lateness;
  /** Server CPU time during window + grace, as a share of one core. */
  serverCpuShare: number;
  /** Worker CPU time in the same span, as a share of one core. */
  workerCpuShare: number;
  rss?: RssSamples;
}

export async function measureViewers(options: ViewerRunOptions): Promise<ViewerRunResult> {
  const client = await LoadClient.start();
  let server: RunningServer | undefined;
  try {
    server = await options.start();
    await delay(options.preRollMs);
    const idle = options.memory ? await settledRss(server.pid) : Number.NaN;
    const open = await client.open({
      url: `${server.url}${options.path}`,
      count: options.viewers,
      until: 'meta',
      rampTimeoutMs: options.rampTimeoutMs ?? 30_000,
      ...largeFileTimeline(),
      ...(options.legacy ? { legacy: options.legacy } : {}),
    });
    // The worker is told of the window a little before it opens (within the settle time), so that no
    // row due at its start arrives before the worker knows of it (the message waits while it is busy).
    const lead = Math.min(WINDOW_LEAD_MS, options.settleMs);
    await delay(options.settleMs - lead);
    const cpuBefore = server.cpuMs();
    const started = performance.now();
    const from = wallClock() + lead;
    client.window(from, from + options.windowMs);
    await delay(lead + options.windowMs + options.graceMs);
    const report = await client.report();
    const elapsed = performance.now() - started;
    const serverCpuShare = (server.cpuMs() - cpuBefore) / elapsed;
    let rss: RssSamples | undefined;
    if (options.memory) {
      const loaded = await settledRss(server.pid, 0);
      await client.close();
      rss = { idle, loaded, afterLeave: await settledRss(server.pid, options.memory.afterLeaveMs) };
    }
    return {
      ...(rss ? { rss } : {}),
      open,
      report,
      lateness: latenessOf(report),
      serverCpuShare,
      workerCpuShare: report.workerCpuMs / elapsed,
    };
  } finally {
    await client.close(); // viewers leave first, so the server's shutdown does not wait for them
    await server?.stop();
  }
}
