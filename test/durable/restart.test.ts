// A graceful stop and a start on the same store: the run goes on (mid-replay), or, once it has
// finished, its history is still served and starting it again makes a new run.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type Daemon, startDaemon } from '../../src/main.js';
import type { HistoryData } from '../../src/protocol/events.js';
import { connectSse, httpGet } from '../helpers/sse-client.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.UTC(2024, 0, 1);
const ROWS = 600;
let dir: Awaited<ReturnType<typeof tempDir>>;
let daemon: Daemon | undefined;

async function start(rate: number | 'unlimited'): Promise<Daemon> {
  await dir.write(
    'config.yaml',
    stringify({
      server: { port: 0, dataDir: 'data', store: 'store' },
      streams: [{ id: 'seq', source: { type: 'csv', file: 'seq.csv', rate }, columns: ['timestamp', 'n'], autostart: true }],
    }),
  );
  daemon = await startDaemon({ config: [dir.path('config.yaml')], logger: pino({ level: 'silent' }), watch: false });
  return daemon;
}

async function history(d: Daemon): Promise<HistoryData> {
  return JSON.parse((await httpGet(`${d.url}/api/streams/seq/history?points=${ROWS}`)).body) as HistoryData;
}

beforeEach(async () => {
  dir = await tempDir();
  const lines = ['timestamp,n'];
  for (let i = 0; i < ROWS; i++) lines.push(`${new Date(T0 + i * 1000).toISOString()},${i}`);
  await dir.write('data/seq.csv', `${lines.join('\n')}\n`);
});
afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
  await dir.remove();
});

describe('a graceful restart with a store', () => {
  it('continues a replay where it stopped: the same run, every row once', async () => {
    const first = await start(200);
    await expect.poll(async () => (await history(first)).rows, { timeout: 10_000 }).toBeGreaterThanOrEqual(100);
    const run = (await history(first)).run;
    await first.close();
    const stopped = await history(first).catch(() => undefined);
    expect(stopped).toBeUndefined(); // it no longer answers
    const second = await start(200);
    await expect.poll(async () => (await history(second)).rows, { timeout: 15_000 }).toBe(ROWS);
    const after = await history(second);
    expect(after.run).toBe(run);
    expect(after.series[0]!.y).toEqual([...Array(ROWS).keys()]);
    expect(after.series[0]!.t).toEqual([...Array(ROWS).keys()].map((i) => T0 + i * 1000));
  });

  it('serves a finished run after the restart, and a returning viewer that has everything gets 204', async () => {
    const first = await start('unlimited');
    const viewer = await connectSse(`${first.url}/api/streams/seq/events`);
    await viewer.until((events) => events.some((e) => e.event === 'jobfinished'), 10_000);
    const lastId = viewer.events.at(-1)!.id;
    const before = await history(first);
    expect(before.rows).toBe(ROWS);
    await first.close();

    const second = await start('unlimited');
    const after = await history(second);
    expect(after.run).toBe(before.run);
    expect(after.series[0]!.y).toEqual([...Array(ROWS).keys()]);
    expect((await httpGet(`${second.url}/api/streams/seq/events`, { 'Last-Event-ID': lastId })).status).toBe(204);
  });
});
