// The reference server: the least a Node.js SSE server must do to deliver the same events. It is
// bare node:http (no Koa, no config, no CSV, no queue limits, no resume buffer): rows are made up
// in memory on the same schedule and with the same wire format as the daemon. Benchmarks run it
// in the same run as the daemon, so a ratio shows what the daemon adds over the floor of this
// machine and of Node's HTTP stack.
//
//   node reference-server.mjs '{"rate":10,"history":120,"batchTickMs":0}'
//
// It logs one JSON line {"msg":"reference listening","url":…} when ready; SIGTERM ends it.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReferenceOptions {
  /** Rows per second. */
  rate: number;
  /** Recent events sent to a viewer when it connects. */
  history: number;
  /** 0: one `update` event per row; otherwise one `batch` event per tick with the rows due. */
  batchTickMs: number;
  /** Time of row 0 (epoch ms) and the step between rows, as in the generated pump file. */
  rowTime0: number;
  rowStepMs: number;
}

const DEFAULTS: ReferenceOptions = {
  rate: 10,
  history: 120,
  batchTickMs: 0,
  rowTime0: Date.parse('2024-01-01T00:00:00Z'),
  rowStepMs: 60_000,
};
const options: ReferenceOptions = { ...DEFAULTS, ...(JSON.parse(process.argv[2] ?? '{}') as Partial<ReferenceOptions>) };
const SERIES = 3;
const run = 'ref';
const viewers = new Set<ServerResponse>();
const recent: Buffer[] = [];
let seq = 0;
let origin = 0;
let startedAt = 0;
let nextRow = 0;

function value(row: number, series: number): number {
  return Math.round((Math.sin(row / 50 + series) + 1) * 500_000) / 1_000_000;
}

function publish(event: string, data: string): void {
  const frame = Buffer.from(`id: ${run}.${++seq}\nevent: ${event}\ndata: ${data}\n\n`, 'utf8');
  recent.push(frame);
  if (recent.length > options.history) recent.shift();
  for (const viewer of viewers) viewer.write(frame);
}

function rowTime(row: number): string {
  return new Date(options.rowTime0 + row * options.rowStepMs).toISOString();
}

/** Emits every row due by now, then sleeps until the next one (or the next tick). */
function tick(): void {
  const interval = 1000 / options.rate;
  const due = Math.floor((performance.now() - origin) / interval);
  if (options.batchTickMs === 0) {
    for (; nextRow <= due; nextRow++) {
      const values = Array.from({ length: SERIES }, (_, s) => `"sensor_${s}":${value(nextRow, s)}`).join(',');
      publish('update', `{"timestamp":"${rowTime(nextRow)}",${values}}`);
    }
    setTimeout(tick, Math.max(0, origin + nextRow * interval - performance.now()));
  } else {
    const rows: number[] = [];
    for (; nextRow <= due; nextRow++) rows.push(nextRow);
    if (rows.length === 1) {
      const values = Array.from({ length: SERIES }, (_, s) => `"sensor_${s}":${value(rows[0]!, s)}`).join(',');
      publish('update', `{"timestamp":"${rowTime(rows[0]!)}",${values}}`);
    } else if (rows.length > 1) {
      const t = rows.map((r) => `"${rowTime(r)}"`).join(',');
      const y = Array.from({ length: SERIES }, (_, s) => `[${rows.map((r) => value(r, s)).join(',')}]`).join(',');
      publish('batch', `{"t":[${t}],"y":[${y}]}`);
    }
    setTimeout(tick, options.batchTickMs);
  }
}

function meta(): string {
  return JSON.stringify({
    id: 'reference',
    time: 'timestamp',
    columns: Array.from({ length: SERIES }, (_, s) => ({ name: `sensor_${s}`, type: 'number', axis: 'y' })),
    run,
    startedAt: new Date(startedAt).toISOString(),
    rate: options.rate,
  });
}

const server = createServer((req, res) => {
  if (req.url !== '/events') {
    res.writeHead(404).end();
    return;
  }
  req.socket.setNoDelay(true);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
  const head = Buffer.from(`retry: 2000\n\nid: ${run}.${seq}\nevent: meta\ndata: ${meta()}\n\n`, 'utf8');
  res.write(Buffer.concat([head, ...recent]));
  viewers.add(res);
  res.on('close', () => viewers.delete(res));
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  startedAt = Date.now();
  origin = performance.now();
  publish('started', JSON.stringify({ run, startedAt: new Date(startedAt).toISOString(), rate: options.rate }));
  tick();
  process.stdout.write(`${JSON.stringify({ msg: 'reference listening', url: `http://127.0.0.1:${port}` })}\n`);
});

process.on('SIGTERM', () => {
  for (const viewer of viewers) viewer.destroy();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});
