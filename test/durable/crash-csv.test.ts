// kill -9 of a real daemon in the middle of a CSV replay, and a restart at once: the stored
// history holds every row exactly once (by row number), the derived signal equals that of an
// uninterrupted run, and a viewer left connected misses nothing and gets nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { HistoryData } from '../../src/protocol/events.js';
import { crashLogs } from '../helpers/cli.js';
import { daemons, freePort, historyOf, rowValues } from '../helpers/crash.js';
import { connectSse, type SseConnection, type SseEvent } from '../helpers/sse-client.js';
import { tempDir } from '../helpers/temp.js';

const ROWS = 3000;
const T0 = Date.UTC(2024, 0, 1);
let dir: Awaited<ReturnType<typeof tempDir>>;

/** Row i: one second after row i-1, `n` = i, `v` a wave (so the z-score moves). */
function sequenceCsv(rows: number): string {
  const lines = ['timestamp,n,v'];
  for (let i = 0; i < rows; i++)
    lines.push(`${new Date(T0 + i * 1000).toISOString()},${i},${(Math.sin(i / 37) * 10 + (i % 7)).toFixed(3)}`);
  return `${lines.join('\n')}\n`;
}

function config(store: string, rate: number | 'unlimited') {
  return stringify({
    server: { dataDir: 'data', store },
    streams: [
      {
        id: 'seq',
        source: { type: 'csv', file: 'seq.csv', rate },
        columns: ['timestamp', 'n', 'v'],
        stages: [{ type: 'zscore', column: 'v', window: '90s', as: 'vz' }],
        // The z-score of the wave goes above 1.2 for a while every few minutes of data.
        alerts: [{ name: 'wave-high', column: 'vz', above: 1.2, for: '5s', resolve: 0.5 }],
        autostart: true,
        history: { rows: 200 },
      },
    ],
  });
}

const processes = daemons();
const spawn = (file: string, port: number) => processes.spawn(dir.path(file), port);
/** The `n` of every row the events carry, in order. */
const rowNumbers = (events: readonly SseEvent[]) => rowValues(events, 'n');
const fullHistory = (url: string) => historyOf(url, 'seq', T0, T0 + ROWS * 1000, ROWS);

beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/seq.csv', sequenceCsv(ROWS));
  await dir.write('crash.yaml', config('store-crash', 400));
  await dir.write('reference.yaml', config('store-reference', 'unlimited'));
});
afterAll(async () => {
  await processes.killAll();
  await dir.remove();
});

describe('kill -9 during a CSV replay, and a restart', () => {
  it('stores every row once, continues the derived signal, and the viewer misses nothing', async () => {
    const port = await freePort();
    const first = await spawn('crash.yaml', port);
    const viewer: SseConnection = await connectSse(`${first.url}/api/streams/seq/events`);
    await viewer.until((events) => rowNumbers(events).length >= 800, 20_000);
    first.child.kill('SIGKILL');
    await first.exited;
    await viewer.ended;
    const seen = rowNumbers(viewer.events);
    const lastId = viewer.events.at(-1)!.id;

    const second = await spawn('crash.yaml', port);
    const back = await connectSse(`${second.url}/api/streams/seq/events`, { 'Last-Event-ID': lastId });
    await back.until((events) => events.some((e) => e.event === 'jobfinished'), 30_000);
    expect(back.events.filter((e) => e.event === 'reset')).toEqual([]);
    expect([...seen, ...rowNumbers(back.events)]).toEqual([...Array(ROWS).keys()]);

    const stored = await fullHistory(second.url);
    expect(stored.resolution).toBe('full');
    expect(stored.series[0]!.y).toEqual([...Array(ROWS).keys()]);
    expect(stored.series[0]!.t).toEqual([...Array(ROWS).keys()].map((i) => T0 + i * 1000));

    const reference = await spawn('reference.yaml', await freePort());
    await expect.poll(async () => (await fullHistory(reference.url)).rows, { timeout: 20_000 }).toBe(ROWS);
    const expected = (await fullHistory(reference.url)).series[2]!.y as number[];
    const sig6 = (values: (number | string | null)[]) => values.map((x) => (typeof x === 'number' ? Number(x.toPrecision(6)) : x));
    expect(sig6(stored.series[2]!.y)).toEqual(sig6(expected));
    // The alert transitions are those of the uninterrupted run: none lost, none twice.
    const transitions = (h: HistoryData) => h.alerts.map((x) => `${x.state} ${x.at}`);
    const referenceAlerts = transitions(await fullHistory(reference.url));
    expect(referenceAlerts.length).toBeGreaterThanOrEqual(4);
    expect(transitions(stored)).toEqual(referenceAlerts);
    const viewerAlerts = [...viewer.events, ...back.events].filter((e) => e.event === 'alert').map((e) => JSON.parse(e.data));
    expect(viewerAlerts.map((x: { state: string; at: string }) => `${x.state} ${Date.parse(x.at)}`)).toEqual(
      referenceAlerts.map((x) => {
        const [state, at] = x.split(' ');
        return `${state} ${Date.parse(at!)}`;
      }),
    );

    for (const d of [second, reference]) {
      d.child.kill('SIGTERM');
      expect((await d.exited).code).toBe(0);
      expect(crashLogs(d.logs)).toEqual([]);
    }
  }, 90_000);
});
