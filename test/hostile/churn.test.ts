import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { pumpCsv } from '../helpers/temp.js';

let daemon: TestDaemon;

beforeAll(async () => {
  daemon = await startTestDaemon({
    streams: [
      { id: 's', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns: ['timestamp', 'sensor_04'], idleStopMs: 60_000 },
    ],
    files: { 'p.csv': pumpCsv(200) },
  });
});
afterAll(() => daemon?.stop());

const openFds = () => readdirSync('/proc/self/fd').length;
const handles = () => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const connections = () => new Promise<number>((resolve, reject) => daemon.server.getConnections((e, n) => (e ? reject(e) : resolve(n))));

/** Opens the event stream, waits for its first bytes, then aborts the request. */
function connectAndAbort(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve() : reject(error)));
    req.end();
  });
}

describe('connection churn', () => {
  it('leaves no sockets, handles, timers or listeners behind after 2,000 connect/abort cycles', async () => {
    const url = `${daemon.url}/api/streams/s/events`;
    await connectAndAbort(url); // warm up: the stream is running from here on
    await expect.poll(() => daemon.hub.viewerCount).toBe(0);
    const before = { fds: openFds(), handles: handles(), timers: timers(), connections: await connections() };
    const channel = daemon.hub.get('s')!;

    const deadline = Date.now() + 60_000;
    for (let done = 0; done < 2000 && Date.now() < deadline; done += 50) {
      await Promise.all(Array.from({ length: 50 }, () => connectAndAbort(url)));
    }
    await expect.poll(() => daemon.hub.viewerCount, { timeout: 5000 }).toBe(0);
    await expect.poll(connections, { timeout: 5000 }).toBe(before.connections);
    expect(channel.viewerCount).toBe(0);
    expect(channel.stats.runs).toBe(1); // the same run served every cycle
    // sockets and timers of the viewers are gone (a little slack for the test's own handles)
    await expect.poll(openFds, { timeout: 5000 }).toBeLessThanOrEqual(before.fds + 2);
    await expect.poll(handles, { timeout: 5000 }).toBeLessThanOrEqual(before.handles + 2);
    await expect.poll(timers, { timeout: 5000 }).toBeLessThanOrEqual(before.timers + 2);
    expect(daemon.server.listenerCount('request')).toBe(1);
    expect(daemon.server.listenerCount('connection')).toBeLessThanOrEqual(1);
  });
});
