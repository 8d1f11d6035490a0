// A config edit with a store: an edit that leaves the source, columns and stages alone keeps the
// run, its place in the file and its history; one that changes them starts a new history.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type Daemon, startDaemon } from '../../src/main.js';
import type { HistoryData } from '../../src/protocol/events.js';
import { connectSse, httpGet } from '../helpers/sse-client.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.UTC(2024, 0, 1);
let dir: Awaited<ReturnType<typeof tempDir>>;
let daemon: Daemon;
let logs: Record<string, unknown>[];

const stream = (extra: Record<string, unknown> = {}) => ({
  id: 'seq',
  source: { type: 'csv', file: 'seq.csv', rate: 100 },
  columns: ['timestamp', 'n'],
  autostart: true,
  alerts: [{ name: 'high', column: 'n', above: 100_000 }],
  ...extra,
});

beforeEach(async () => {
  dir = await tempDir();
  const lines = ['timestamp,n'];
  for (let i = 0; i < 5000; i++) lines.push(`${new Date(T0 + i * 1000).toISOString()},${i}`);
  await dir.write('data/seq.csv', `${lines.join('\n')}\n`);
  await dir.write('config/00-server.yaml', stringify({ server: { port: 0, dataDir: '../data', store: '../store', retryMs: 300 } }));
  await dir.write('config/seq.yaml', stringify({ streams: [stream()] }));
  logs = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  daemon = await startDaemon({ config: [dir.path('config')], logger: pino({ level: 'info' }, sink), watch: false });
});
afterEach(async () => {
  await daemon.close();
  await dir.remove();
});

async function history(): Promise<HistoryData> {
  return JSON.parse((await httpGet(`${daemon.url}/api/streams/seq/history?points=20000`)).body) as HistoryData;
}

describe('a reload with a store', () => {
  it('keeps the run, its place and its history when only an alert threshold changes', async () => {
    await expect.poll(async () => (await history()).rows, { timeout: 10_000 }).toBeGreaterThanOrEqual(150);
    const before = await history();
    await dir.write('config/seq.yaml', stringify({ streams: [stream({ alerts: [{ name: 'high', column: 'n', above: 50 }] })] }));
    const result = await daemon.reload();
    expect(result).toMatchObject({ ok: true, changes: { changed: ['seq'] } });
    await expect.poll(async () => (await history()).rows, { timeout: 10_000 }).toBeGreaterThan(before.rows + 20);
    const after = await history();
    expect(after.run).toBe(before.run);
    // Every row once, in order, from the file's first: the replay went on where it was.
    expect(after.series[0]!.y).toEqual([...Array(after.rows).keys()]);
    // The new threshold applies from the reload on: the rule fires (the rows already passed it).
    expect(after.alerts.map((a) => [a.rule, a.state])).toEqual([['high', 'firing']]);
    const viewer = await connectSse(`${daemon.url}/api/streams/seq/events`);
    await viewer.until((events) => events.some((e) => e.event === 'meta'));
    expect(JSON.parse(viewer.events.find((e) => e.event === 'meta')!.data).run).toBe(before.run);
    viewer.close();
  });

  it('starts a new history, and says so, when the columns change', async () => {
    await expect.poll(async () => (await history()).rows, { timeout: 10_000 }).toBeGreaterThanOrEqual(100);
    const before = await history();
    await dir.write(
      'config/seq.yaml',
      stringify({ streams: [stream({ columns: ['timestamp', 'n', { column: 'n', as: 'm' }], alerts: [] })] }),
    );
    expect(await daemon.reload()).toMatchObject({ ok: true, changes: { changed: ['seq'] } });
    await expect.poll(async () => (await history()).rows, { timeout: 10_000 }).toBeGreaterThan(0);
    const after = await history();
    expect(after.run).not.toBe(before.run);
    expect(after.series[0]!.y.slice(0, 3)).toEqual([0, 1, 2]);
    expect(logs.map((l) => l.msg)).toContain('seq: source, columns or stages changed: a new history starts');
  });
});
