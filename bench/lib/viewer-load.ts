// One measured run of viewers against a server: connect N viewers (load worker in its own
// process), let them settle, measure the rows due in a window, report delivery and lateness.
import { latenessOf, LoadClient, type Lateness } from './load-client.js';
import type { LoadReport, OpenResult } from './load-protocol.js';
import { delay } from './process.js';
import { largeFileTimeline } from './pump-file.js';
import type { RunningServer } from './server-process.js';
import { wallClock } from './clock.js';

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
}

export interface ViewerRunResult {
  open: OpenResult;
  report: LoadReport;
  lateness: Lateness;
  /** Server CPU time during window + grace, as a share of one core. */
  serverCpuShare: number;
  /** Worker CPU time in the same span, as a share of one core. */
  workerCpuShare: number;
}

export async function measureViewers(options: ViewerRunOptions): Promise<ViewerRunResult> {
  const client = await LoadClient.start();
  let server: RunningServer | undefined;
  try {
    server = await options.start();
    await delay(options.preRollMs);
    const open = await client.open({
      url: `${server.url}${options.path}`,
      count: options.viewers,
      until: 'meta',
      rampTimeoutMs: options.rampTimeoutMs ?? 30_000,
      ...largeFileTimeline(),
    });
    await delay(options.settleMs);
    const cpuBefore = server.cpuMs();
    const started = performance.now();
    const from = wallClock();
    client.window(from, from + options.windowMs);
    await delay(options.windowMs + options.graceMs);
    const report = await client.report();
    const elapsed = performance.now() - started;
    return {
      open,
      report,
      lateness: latenessOf(report),
      serverCpuShare: (server.cpuMs() - cpuBefore) / elapsed,
      workerCpuShare: report.workerCpuMs / elapsed,
    };
  } finally {
    await client.close(); // viewers leave first, so the server's shutdown does not wait for them
    await server?.stop();
  }
}
