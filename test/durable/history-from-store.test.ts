// /history for a range older than the rows memory keeps: the store answers it, every row when few
// enough, else M4 in the database.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type Daemon, startDaemon } from '../../src/main.js';
import type { HistoryData } from '../../src/protocol/events.js';
import { httpGet } from '../helpers/sse-client.js';
import { tempDir } from '../helpers/temp.js';

const T0 = Date.UTC(2024, 0, 1);
const ROWS = 2000;
let dir: Awaited<ReturnType<typeof tempDir>>;
let daemon: Daemon;

async function history(query: string): Promise<HistoryData> {
  const res = await httpGet(`${daemon.url}/api/streams/seq/history?${query}`);
  expect(res.status).toBe(200);
  return JSON.parse(res.body) as HistoryData;
}

beforeAll(async () => {
  dir = await tempDir();
  const lines = ['timestamp,n'];
  for (let i = 0; i < ROWS; i++) lines.push(`${new Date(T0 + i * 1000).toISOString()},${i}`);
  await dir.write('data/seq.csv', `${lines.join('\n')}\n`);
  await dir.write(
    'config.yaml',
    stringify({
      server: { port: 0, dataDir: 'data', store: 'store' },
      streams: [
        {
          id: 'seq',
          source: { type: 'csv', file: 'seq.csv', rate: 'unlimited' },
          columns: ['timestamp', 'n'],
          autostart: true,
          // Memory keeps the newest hundred or so rows; the store keeps them all.
          history: { rows: 10, keep: { rows: 100 } },
        },
      ],
    }),
  );
  daemon = await startDaemon({ config: [dir.path('config.yaml')], logger: pino({ level: 'silent' }), watch: false });
});
afterAll(async () => {
  await daemon.close();
  await dir.remove();
});

describe('/history of a range that has left memory', () => {
  it('memory keeps only the newest rows of the replay', async () => {
    await expect.poll(async () => (await history('points=1000')).to, { timeout: 10_000 }).toBe(T0 + (ROWS - 1) * 1000);
    expect((await history('points=1000')).rows).toBeLessThan(ROWS / 4);
  });

  it('answers every row from the store when the range holds few enough', async () => {
    await expect
      .poll(async () => (await history(`from=${T0}&to=${T0 + (ROWS - 1) * 1000}&points=${ROWS}`)).rows, { timeout: 5000 })
      .toBe(ROWS);
    const all = await history(`from=${T0}&to=${T0 + (ROWS - 1) * 1000}&points=${ROWS}`);
    expect(all.resolution).toBe('full');
    expect(all.series[0]!.y).toEqual([...Array(ROWS).keys()]);
    expect(all.series[0]!.t).toEqual([...Array(ROWS).keys()].map((i) => T0 + i * 1000));
    expect(all.passes).toEqual([{ pass: 0, from: T0, to: T0 + (ROWS - 1) * 1000, rows: ROWS }]);
  });

  it('downsamples a wide range in the database: first, lowest, highest and last per pixel column', async () => {
    const wide = await history(`from=${T0}&to=${T0 + ROWS * 1000}&points=10`);
    expect(wide.resolution).toBe('m4');
    expect(wide.rows).toBe(ROWS);
    // n rises with time: each pixel column of 200 s gives its first and last row.
    expect(wide.series[0]!.y).toEqual([...Array(10).keys()].flatMap((k) => [k * 200, k * 200 + 199]));
  });

  it('leaves a range memory still holds to memory', async () => {
    const recent = await history(`from=${T0 + (ROWS - 20) * 1000}&points=100`);
    expect(recent.series[0]!.y).toEqual([...Array(20).keys()].map((i) => ROWS - 20 + i));
  });
});
