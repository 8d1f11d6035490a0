// The load generator: a separate process that opens many SSE viewers over raw sockets and
// measures what they receive. Driven by its parent over IPC (see load-protocol.ts).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LatencyHistogram } from './histogram.js';
import type { Distribution, FileTimeline, LoadReport, OpenCommand, OpenResult, WorkerCommand, WorkerMessage } from './load-protocol.js';
import { wallClock } from './clock.js';
import { EventCache, SseConnection, type ConnectionHandler } from './sse-connection.js';
import type { EventInfo } from './sse-wire.js';
import { percentile } from './stats.js';

const send = (message: WorkerMessage) => process.send?.(message);

const cache = new EventCache();
let connections: SseConnection[] = [];
let timeline: FileTimeline = { rowTime0: 0, rowStepMs: 60_000 };
let windowFrom = Number.POSITIVE_INFINITY;
let windowTo = Number.NEGATIVE_INFINITY;
let lateness = new LatencyHistogram();
let cpuAtWindow = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 5 });

/** The open in progress: connections still to start, in flight, and settled. */
interface Ramp {
  command: OpenCommand;
  startedAt: number;
  next: number;
  inFlight: number;
  /** The connections this open started (earlier opens' stay connected). */
  connections: SseConnection[];
  members: Set<SseConnection>;
  settled: Set<SseConnection>;
  pendingMeta: Set<SseConnection>;
  timer: NodeJS.Timeout;
  done: boolean;
}
let ramp: Ramp | undefined;

const handler: ConnectionHandler = {
  onEvent(connection, info, at) {
    switch (info.event) {
      case 'meta':
        if (Number.isNaN(connection.metaAt)) connection.metaAt = at;
        setSchedule(connection, info);
        metaReached(connection);
        if (ramp?.command.until === 'meta') settle(connection);
        return;
      case 'started':
        setSchedule(connection, info);
        connection.lastRow = Number.NEGATIVE_INFINITY; // a new run counts rows from 0 again
        return;
      case 'update':
      case 'batch':
        if (connection.legacy && Number.isNaN(connection.metaAt)) legacyStarted(connection);
        connection.rows += info.rows;
        if (Number.isNaN(connection.firstRowAt)) {
          connection.firstRowAt = at;
          if (ramp?.command.until === 'first-row') settle(connection);
        }
        if (connection.legacy) recordLegacyRow(connection, at);
        else measure(connection, info, at);
        return;
      case 'jobfinished':
        connection.finishedAt = at;
        if (ramp?.command.until === 'jobfinished') settle(connection);
        return;
      default:
        return;
    }
  },
  onClose(connection) {
    metaReached(connection);
    settle(connection);
  },
};

/** A legacy connection's first row: it is connected (its schedule is known only at the report). */
function legacyStarted(connection: SseConnection): void {
  connection.metaAt = connection.headAt;
  connection.runStartedAt = connection.headAt;
  connection.rowIntervalMs = ramp?.command.legacy?.rowIntervalMs ?? Number.NaN;
  metaReached(connection);
  if (ramp?.command.until === 'meta') settle(connection);
}

function setSchedule(connection: SseConnection, info: EventInfo): void {
  if (info.startedAt !== undefined) connection.runStartedAt = info.startedAt;
  if (info.rate !== undefined) connection.rowIntervalMs = info.rate ? 1000 / info.rate : Number.NaN;
}

/** Lateness of each row due inside the window, after this viewer connected: receive time − due time. */
function measure(connection: SseConnection, info: EventInfo, at: number): void {
  if (Number.isNaN(connection.rowIntervalMs)) return;
  const first = rowIndexOf(info);
  if (Number.isNaN(first)) return;
  const from = Math.max(windowFrom, connection.metaAt);
  for (let i = 0; i < info.rows; i++) {
    const row = first + i;
    if (row <= connection.lastRow) continue;
    connection.lastRow = row;
    const due = connection.runStartedAt + row * connection.rowIntervalMs;
    if (due < from || due > windowTo) continue;
    lateness.add(at - due);
    connection.measuredRows++;
  }
}

/**
 * A legacy connection has its own replay, whose start the client cannot see: its rows are numbered
 * by arrival, and its schedule is anchored at the earliest start any of its rows implies (so no row
 * is early, and a late head or first row does not excuse the rows after it).
 */
function recordLegacyRow(connection: SseConnection, at: number): void {
  const row = connection.rows - 1;
  connection.legacyStart = Math.min(connection.legacyStart, at - row * connection.rowIntervalMs);
  if (Number.isFinite(windowFrom)) connection.legacyArrivals.push(row, at);
}

/** Measures the rows a legacy connection received in the window, against its anchored schedule. */
function measureLegacy(connection: SseConnection): void {
  if (!connection.legacy || Number.isNaN(connection.metaAt)) return;
  connection.runStartedAt = connection.legacyStart;
  const from = Math.max(windowFrom, connection.metaAt);
  const arrivals = connection.legacyArrivals;
  for (let i = 0; i < arrivals.length; i += 2) {
    const due = connection.legacyStart + arrivals[i]! * connection.rowIntervalMs;
    if (due < from || due > windowTo) continue;
    lateness.add(arrivals[i + 1]! - due);
    connection.measuredRows++;
  }
  connection.legacyArrivals = [];
}

/** Index in the replayed file of the first row an event carries (from its time), or NaN. */
function rowIndexOf(info: EventInfo): number {
  if (info.firstRowTime === undefined || Number.isNaN(info.firstRowTime)) return Number.NaN;
  return Math.round((info.firstRowTime - timeline.rowTime0) / timeline.rowStepMs);
}

/** Rows due inside the window after the viewer's `meta`: what it should have received. */
function expectedRows(connection: SseConnection): number {
  if (Number.isNaN(connection.metaAt) || Number.isNaN(connection.rowIntervalMs)) return 0;
  const from = Math.max(windowFrom, connection.metaAt);
  if (from > windowTo) return 0;
  const first = Math.ceil((from - connection.runStartedAt) / connection.rowIntervalMs);
  const last = Math.floor((windowTo - connection.runStartedAt) / connection.rowIntervalMs);
  return Math.max(0, last - Math.max(0, first) + 1);
}

function open(command: OpenCommand): void {
  timeline = { rowTime0: command.rowTime0, rowStepMs: command.rowStepMs };
  const timer = setTimeout(() => finishRamp(), command.rampTimeoutMs);
  ramp = {
    command,
    startedAt: wallClock(),
    next: 0,
    inFlight: 0,
    connections: [],
    members: new Set(),
    settled: new Set(),
    pendingMeta: new Set(),
    timer,
    done: false,
  };
  launchMore();
}

function launchMore(): void {
  if (!ramp || ramp.done) return;
  const { command } = ramp;
  const url = new URL(command.url);
  const target = { host: url.hostname, port: Number(url.port), path: `${url.pathname}${url.search}` };
  while (ramp.inFlight < command.concurrency && ramp.next < command.count) {
    const addresses = command.sourceAddresses;
    const local = addresses && addresses.length > 0 ? addresses[ramp.next % addresses.length] : undefined;
    ramp.next++;
    ramp.inFlight++;
    const connection = new SseConnection(target, cache, handler, local, command.legacy !== undefined);
    ramp.pendingMeta.add(connection);
    ramp.connections.push(connection);
    ramp.members.add(connection);
    connections.push(connection);
  }
}

/** A connection got its `meta` or closed: it no longer counts against the ramp's concurrency. */
function metaReached(connection: SseConnection): void {
  if (!ramp?.pendingMeta.delete(connection)) return;
  ramp.inFlight--;
  launchMore();
}

function settle(connection: SseConnection): void {
  if (!ramp || ramp.done || !ramp.members.has(connection) || ramp.settled.has(connection)) return;
  ramp.settled.add(connection);
  if (ramp.settled.size >= ramp.command.count) finishRamp();
}

function finishRamp(): void {
  if (!ramp || ramp.done) return;
  ramp.done = true;
  clearTimeout(ramp.timer);
  const { command } = ramp;
  const opened = ramp.connections;
  const failures: Record<string, number> = {};
  const count = (reason: string) => (failures[reason] = (failures[reason] ?? 0) + 1);
  for (let i = ramp.connections.length; i < command.count; i++) count('not started (ramp timeout)');
  const reachedUntil = (c: SseConnection) =>
    command.until === 'meta'
      ? !Number.isNaN(c.metaAt)
      : command.until === 'first-row'
        ? !Number.isNaN(c.firstRowAt)
        : !Number.isNaN(c.finishedAt);
  let reached = 0;
  for (const c of opened) {
    if (reachedUntil(c)) reached++;
    else count(c.failure ?? (c.closed ? 'closed by the server' : `no ${command.until} before the ramp timeout (${stage(c)})`));
  }
  const connected = opened.filter((c) => !Number.isNaN(c.metaAt));
  const result: OpenResult = {
    requested: command.count,
    connected: connected.length,
    reached,
    failures,
    rampMs: connected.length === 0 ? Number.NaN : largest(connected.map((c) => c.metaAt)) - ramp.startedAt,
    connectMs: distribution(connected.map((c) => c.metaAt - c.connectAt)),
    firstRowAt: firstOf(opened.map((c) => c.firstRowAt)),
    finishMs: distribution(opened.filter((c) => !Number.isNaN(c.finishedAt)).map((c) => c.finishedAt - c.connectAt)),
    rowsPerConnection: percentile(
      opened.map((c) => c.rows),
      50,
    ),
  };
  send({ type: 'opened', result });
}

/** How far a connection that is still waiting got. */
function stage(c: SseConnection): string {
  if (Number.isNaN(c.tcpAt)) return 'TCP connect pending';
  if (c.status === 0) return 'no response head';
  return 'no meta';
}

function firstOf(times: number[]): number | null {
  const valid = times.filter((t) => !Number.isNaN(t));
  return valid.length === 0 ? null : valid.reduce((a, b) => Math.min(a, b));
}

function largest(values: number[]): number {
  return values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
}

function distribution(values: number[]): Distribution {
  return {
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length ? largest(values) : Number.NaN,
    min: values.length ? values.reduce((a, b) => Math.min(a, b)) : Number.NaN,
    count: values.length,
  };
}

function startWindow(from: number, to: number): void {
  windowFrom = from;
  windowTo = to;
  lateness = new LatencyHistogram();
  for (const c of connections) {
    c.measuredRows = 0;
    c.legacyArrivals = [];
  }
  cpuAtWindow = process.cpuUsage();
  loopDelay.reset();
  loopDelay.enable();
}

function report(): LoadReport {
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuAtWindow);
  let expected = 0;
  let delivered = 0;
  let worst = 100;
  for (const c of connections) measureLegacy(c);
  for (const c of connections) {
    const e = expectedRows(c);
    expected += e;
    delivered += Math.min(e, c.measuredRows);
    if (e > 0) worst = Math.min(worst, (100 * Math.min(e, c.measuredRows)) / e);
  }
  return {
    connections: connections.length,
    closedEarly: connections.filter((c) => c.closed || c.failure).length,
    rowsExpected: expected,
    rowsDelivered: delivered,
    deliveredPct: expected === 0 ? 100 : (100 * delivered) / expected,
    worstConnectionPct: worst,
    lateness: lateness.snapshot(),
    rowsReceived: connections.reduce((n, c) => n + c.rows, 0),
    eventsReceived: connections.reduce((n, c) => n + c.events, 0),
    bytesReceived: connections.reduce((n, c) => n + c.bytes, 0),
    workerCpuMs: (cpu.user + cpu.system) / 1000,
    workerLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

function closeAll(): void {
  for (const c of connections) c.destroy();
  connections = [];
  send({ type: 'closed' });
  setTimeout(() => process.exit(0), 50);
}

process.on('message', (command: WorkerCommand) => {
  try {
    switch (command.type) {
      case 'open':
        return open(command);
      case 'window':
        return startWindow(command.from, command.to);
      case 'report':
        return void send({ type: 'report', result: report() });
      case 'close':
        return closeAll();
    }
  } catch (error) {
    send({ type: 'error', message: (error as Error).stack ?? String(error) });
  }
});
process.on('disconnect', () => process.exit(0)); // the parent is gone: never linger
send({ type: 'ready' });
