// Messages between the benchmark (parent) and a load worker process, over Node's IPC channel.
import type { HistogramSnapshot } from './histogram.js';

/** The schedule of a replayed file: row k has the time rowTime0 + k × rowStepMs. */
export interface FileTimeline {
  rowTime0: number;
  rowStepMs: number;
}

export interface OpenCommand extends FileTimeline {
  type: 'open';
  /** Full URL of an SSE endpoint on 127.0.0.1. */
  url: string;
  count: number;
  /** Connections opened at once (not yet answered with `meta`). */
  concurrency: number;
  /** Resolve the open when every connection got this far (or failed), or when rampTimeoutMs passed. */
  until: 'meta' | 'first-row' | 'jobfinished';
  rampTimeoutMs: number;
  /** Source addresses to spread connections over (127.0.0.x); default: let the kernel choose. */
  sourceAddresses?: string[];
  /**
   * The original demo's endpoint (`/runPredict`): events carry no `id:` and there is no `meta`.
   * Each connection has its own replay from the first row: its first `update` counts as connected,
   * and its row i is due at its start + i × rowIntervalMs, the start being the earliest that any of
   * its rows implies (arrival − i × rowIntervalMs): the server's start is not visible to the client.
   */
  legacy?: { rowIntervalMs: number };
}

/** Rows due inside [from, to] (epoch ms) are measured: lateness and delivery. */
export interface WindowCommand {
  type: 'window';
  from: number;
  to: number;
}

export type WorkerCommand = OpenCommand | WindowCommand | { type: 'report' } | { type: 'close' };

export interface Distribution {
  p50: number;
  p99: number;
  max: number;
  min: number;
  count: number;
}

export interface OpenResult {
  requested: number;
  /** Connections that received `meta` (the daemon accepted and attached them). */
  connected: number;
  /** Connections that reached `until`. */
  reached: number;
  failures: Record<string, number>;
  /** From the first connect() to the last connection reaching `meta`, in ms. */
  rampMs: number;
  /** Per connection, connect() to `meta`, in ms. */
  connectMs: Distribution;
  /** Epoch ms of the first `update`/`batch` row received on any connection. */
  firstRowAt: number | null;
  /** Per connection, connect() to `jobfinished` (until: jobfinished). */
  finishMs: Distribution;
  /** Rows received per connection (median), for until: jobfinished. */
  rowsPerConnection: number;
}

export interface LoadReport {
  connections: number;
  /** Connections the server closed, or that failed, before the report. */
  closedEarly: number;
  rowsExpected: number;
  rowsDelivered: number;
  /** rowsDelivered / rowsExpected × 100 (100 when nothing was expected). */
  deliveredPct: number;
  /** Lowest delivered % of a single connection. */
  worstConnectionPct: number;
  lateness: HistogramSnapshot;
  rowsReceived: number;
  eventsReceived: number;
  bytesReceived: number;
  /** The worker's own CPU time during the window (ms) and event-loop delay p99 (ms): is the client saturated? */
  workerCpuMs: number;
  workerLoopDelayP99Ms: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'opened'; result: OpenResult }
  | { type: 'report'; result: LoadReport }
  | { type: 'closed' }
  | { type: 'error'; message: string };
