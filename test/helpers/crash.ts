// What the kill -9 tests share: a fixed free port (a restarted daemon answers where the first one
// did), the daemons they spawned, and a stream's row numbers as viewers and /history see them.
import { createServer } from 'node:net';
import { expect } from 'vitest';
import type { HistoryData } from '../../src/protocol/events.js';
import { type DaemonProcess, spawnDaemon } from './cli.js';
import { httpGet, type SseEvent } from './sse-client.js';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** Daemon processes of one test file, all killed at the end. */
export function daemons() {
  const started: DaemonProcess[] = [];
  return {
    async spawn(config: string, port: number): Promise<DaemonProcess> {
      const daemon = await spawnDaemon(['--config', config, '--port', String(port)]);
      started.push(daemon);
      return daemon;
    },
    async killAll(): Promise<void> {
      for (const d of started) if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill('SIGKILL');
      await Promise.all(started.map((d) => d.exited));
    },
  };
}

/** The `field` value of every row the events carry, in order (`update` rows, and the first column of `batch` events). */
export function rowValues(events: readonly SseEvent[], field: string): number[] {
  const out: number[] = [];
  for (const e of events) {
    if (e.event === 'update') out.push(Number((JSON.parse(e.data) as Record<string, number>)[field]));
    if (e.event === 'batch') out.push(...(JSON.parse(e.data) as { y: number[][] }).y[0]!);
  }
  return out;
}

/** /history of `stream` over [from, to] with a point per row (so every row, at full resolution). */
export async function historyOf(url: string, stream: string, from: number, to: number, points: number): Promise<HistoryData> {
  const res = await httpGet(`${url}/api/streams/${stream}/history?from=${from}&to=${to}&points=${points}`);
  expect(res.status).toBe(200);
  return JSON.parse(res.body) as HistoryData;
}

/** Resolves once the daemon's /readyz answers 200 (its sources are live). */
export async function ready(url: string): Promise<void> {
  await expect.poll(async () => (await httpGet(`${url}/readyz`)).status, { timeout: 30_000 }).toBe(200);
}

/**
 * An outside producer: `send(i)` for i from 0 to count − 1, `rate` a second on a schedule fixed
 * from the start (never drifting), each send finished before the next.
 */
export async function sendAtRate(count: number, rate: number, send: (i: number) => Promise<unknown>): Promise<void> {
  const begin = Date.now();
  for (let i = 0; i < count; i++) {
    const due = begin + (i * 1000) / rate;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    await send(i);
  }
}
