import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historySchema } from '../../../src/protocol/schemas.js';
import type { HistoryData } from '../../../src/protocol/events.js';
import { startTestDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { connectSse, httpGet } from '../../helpers/sse-client.js';
import { dataRows } from '../../helpers/sse-events.js';
import { pumpCsv } from '../../helpers/temp.js';

const TOKEN = 'history-token-0123456789abcdef';
const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const columns = ['timestamp', 'sensor_04'];
/** sensor_04 of pumpCsv row i (minute i). */
const valueAt = (i: number) => ((i * 7) % 100) / 100;

/** A pump broken from minute 10 to 389 (x 1 instead of 10): the rule `low` fires at minute 12. */
function watchCsv(): string {
  const lines = ['timestamp,x,machine_status'];
  for (let i = 0; i < 400; i++) {
    const broken = i >= 10 && i < 390;
    lines.push(
      `${new Date(T0 + i * MINUTE).toISOString().slice(0, 19).replace('T', ' ')},${broken ? 1 : 10},${broken ? 'BROKEN' : 'NORMAL'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
const at = (i: number) => new Date(T0 + i * MINUTE).toISOString();

let daemon: TestDaemon;
let secured: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon({
    streams: [
      { id: 'day', autostart: true, source: { type: 'csv', file: 'long.csv', rate: 'unlimited' }, columns },
      {
        id: 'small',
        autostart: true,
        source: { type: 'csv', file: 'long.csv', rate: 'unlimited' },
        columns,
        history: { rows: 5, keep: { rows: 100 } },
      },
      { id: 'loop', source: { type: 'csv', file: 'short.csv', rate: 200, loop: true }, columns },
      { id: 'live', source: { type: 'csv', file: 'mid.csv', rate: 100 }, columns, history: 5 },
      {
        id: 'watch',
        autostart: true,
        source: { type: 'csv', file: 'watch.csv', rate: 'unlimited' },
        columns: ['timestamp', 'x', { column: 'machine_status', type: 'text' }],
        states: { column: 'machine_status' },
        alerts: [{ name: 'low', column: 'x', below: 5, for: 3, resolve: 8 }],
      },
    ],
    files: { 'long.csv': pumpCsv(3000), 'short.csv': pumpCsv(10), 'mid.csv': pumpCsv(300), 'watch.csv': watchCsv() },
  });
  secured = await startTestDaemon({
    server: { auth: { token: TOKEN }, cors: { origins: ['https://dash.example.com'] } },
    streams: [{ id: 's', autostart: true, source: { type: 'csv', file: 'p.csv', rate: 'unlimited' }, columns }],
    files: { 'p.csv': pumpCsv(20) },
  });
});
afterAll(async () => {
  await daemon?.stop();
  await secured?.stop();
});

async function history(path: string, headers: Record<string, string> = {}) {
  const res = await httpGet(`${daemon.url}${path}`, headers);
  return { ...res, json: res.status === 200 ? (historySchema.parse(JSON.parse(res.body)) as HistoryData) : JSON.parse(res.body || 'null') };
}

const finished = (id: string) =>
  expect.poll(async () => JSON.parse((await httpGet(`${daemon.url}/api/streams/${id}`)).body).state, { timeout: 10_000 }).toBe('finished');

/** M4 by brute force: per bucket, the indexes of first, min, max and last, each once, in order. */
function referenceM4(times: number[], values: number[], from: number, to: number, points: number) {
  const pixel = (to - from) / points;
  const buckets = new Map<number, number[]>();
  times.forEach((t, k) => {
    if (t < from || t > to) return;
    const key = Math.min(points - 1, Math.floor((t - from) / pixel));
    buckets.set(key, [...(buckets.get(key) ?? []), k]);
  });
  const kept: number[] = [];
  for (const rows of buckets.values()) {
    const low = rows.reduce((a, k) => (values[k]! < values[a]! ? k : a));
    const high = rows.reduce((a, k) => (values[k]! > values[a]! ? k : a));
    kept.push(...new Set([rows[0]!, ...[low, high].sort((a, b) => a - b), rows.at(-1)!]));
  }
  return { t: kept.map((k) => times[k]!), y: kept.map((k) => values[k]!) };
}

describe('GET /api/streams/:id/history', () => {
  it('answers a range downsampled with M4: the exact points of a brute-force reference, at most 4 per pixel column', async () => {
    await finished('day');
    const from = T0 + 100 * MINUTE;
    const to = T0 + 2900 * MINUTE;
    const res = await history(`/api/streams/day/history?from=${from}&to=${new Date(to).toISOString()}&points=50`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const times = Array.from({ length: 3000 }, (_, i) => T0 + i * MINUTE);
    const values = times.map((_, i) => valueAt(i));
    expect(res.json).toMatchObject({
      stream: 'day',
      pass: 0,
      from,
      to,
      points: 50,
      resolution: 'm4',
      rows: 2801,
      live: false,
      states: [],
      alerts: [],
    });
    expect(res.json.series).toEqual([referenceM4(times, values, from, to, 50)]);
    expect(res.json.series[0].t.length).toBeLessThanOrEqual(4 * 50);
    expect(res.json.passes).toEqual([{ pass: 0, from: T0, to: T0 + 2999 * MINUTE, rows: 3000 }]);
  });

  it('answers every row when the range holds no more than 2·points rows', async () => {
    await finished('day');
    const res = await history(`/api/streams/day/history?from=${T0 + 10 * MINUTE}&to=${T0 + 19 * MINUTE}&points=5`);
    expect(res.json.resolution).toBe('full');
    expect(res.json.series[0]).toEqual({
      t: Array.from({ length: 10 }, (_, i) => T0 + (10 + i) * MINUTE),
      y: Array.from({ length: 10 }, (_, i) => valueAt(10 + i)),
    });
  });

  it('gives a settled range a long-lived cache and an ETag, and answers 304 to it', async () => {
    await finished('day');
    const path = `/api/streams/day/history?from=${T0}&to=${T0 + 100 * MINUTE}&points=10`;
    const first = await history(path);
    expect(first.headers['cache-control']).toBe('private, max-age=86400');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await httpGet(`${daemon.url}${path}`, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('keeps no more rows than history.keep.rows, and reports rows and bytes kept in /metrics', async () => {
    await finished('small');
    const res = await history('/api/streams/small/history?points=1000');
    expect(res.json.rows).toBeLessThanOrEqual(100);
    expect(res.json.rows).toBeGreaterThanOrEqual(100 - 64);
    // The newest rows, in order, up to the last one of the file.
    const kept = res.json.rows;
    expect(res.json.series[0].y).toEqual(Array.from({ length: kept }, (_, i) => valueAt(3000 - kept + i)));
    const metrics = (await httpGet(`${daemon.url}/metrics`)).body;
    expect(metrics).toContain(`rtg_history_rows{stream="small"} ${kept}`);
    expect(metrics).toContain('rtg_history_rows{stream="day"} 3000');
    expect(metrics).toMatch(/rtg_history_bytes\{stream="day"\} (\d+)/);
    const bytes = Number(/rtg_history_bytes\{stream="day"\} (\d+)/.exec(metrics)![1]);
    expect(bytes).toBeGreaterThanOrEqual(3000 * 16);
    expect(bytes).toBeLessThanOrEqual(3000 * 16 * 2);
  });

  it('tells the passes of a looping replay apart, answering the newest by default and any kept one by pass', async () => {
    const viewer = await connectSse(`${daemon.url}/api/streams/loop/events`);
    try {
      await viewer.until((events) => events.some((e) => e.event === 'looped' && JSON.parse(e.data).pass === 2));
      const res = await history('/api/streams/loop/history?points=100&pass=1');
      expect(res.json.pass).toBe(1);
      expect(res.json.series[0].y).toEqual(Array.from({ length: 10 }, (_, i) => valueAt(i)));
      expect(res.json.passes.slice(0, 2)).toEqual([
        { pass: 0, from: T0, to: T0 + 9 * MINUTE, rows: 10 },
        { pass: 1, from: T0, to: T0 + 9 * MINUTE, rows: 10 },
      ]);
      // Without pass: the newest pass kept (rows keep coming, so each answer names its own). A
      // pass is listed from its first row on, which may come just after its `looped` event.
      const newest = async () => (await history('/api/streams/loop/history?points=100')).json;
      await expect.poll(async () => (await newest()).pass, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      const answer = await newest();
      expect(answer.pass).toBe(answer.passes.at(-1).pass);
    } finally {
      viewer.close();
    }
  });

  it('joins a live viewer without a duplicate or a hole: history before its first row, then its rows, is the whole file', async () => {
    // The first viewer starts the run; a second joins once history holds rows the joiner never gets.
    const starter = await connectSse(`${daemon.url}/api/streams/live/events`);
    try {
      await expect.poll(async () => (await history('/api/streams/live/history')).json.rows, { timeout: 10_000 }).toBeGreaterThan(50);
      const edge = await history('/api/streams/live/history');
      expect(edge.json.live).toBe(true); // rows still come into a range that reaches the newest row
      expect(edge.headers['cache-control']).toBe('private, no-cache');
      const joiner = await connectSse(`${daemon.url}/api/streams/live/events`);
      const events = await joiner.until((e) => e.some((x) => x.event === 'jobfinished'), 15_000);
      const live = dataRows(events, columns).map((r) => ({ t: Date.parse(String(r.timestamp)), y: r.sensor_04 }));
      const seam = live[0]!.t;
      const past = await history(`/api/streams/live/history?to=${seam}&points=50000`);
      expect(past.json.resolution).toBe('full');
      const before = past.json.series[0].t
        .map((t: number, k: number) => ({ t, y: past.json.series[0].y[k] }))
        .filter((p: { t: number }) => p.t < seam);
      const joined = [...before, ...live];
      expect(joined).toEqual(Array.from({ length: 300 }, (_, i) => ({ t: T0 + i * MINUTE, y: valueAt(i) })));
      expect(before.length).toBeGreaterThan(0);
    } finally {
      starter.close();
    }
  });

  it('starts a new history with a new run', async () => {
    await finished('live');
    const before = await history('/api/streams/live/history');
    const viewer = await connectSse(`${daemon.url}/api/streams/live/events`); // a finished stream starts again
    try {
      await viewer.until((e) => e.some((x) => x.event === 'started'));
      const after = await history('/api/streams/live/history?points=1000');
      expect(after.json.run).not.toBe(before.json.run);
      expect(after.json.rows).toBeLessThan(300);
    } finally {
      viewer.close();
    }
  });

  it('gives the states and alerts beside the rows: the ones in effect at from, then the changes in the range', async () => {
    await finished('watch');
    const whole = await history(`/api/streams/watch/history?from=${T0}&to=${T0 + 399 * MINUTE}`);
    expect(whole.json.states).toEqual([
      { value: 'NORMAL', at: at(0) },
      { value: 'BROKEN', at: at(10) },
      { value: 'NORMAL', at: at(390) },
    ]);
    expect(whole.json.alerts).toEqual([
      { rule: 'low', state: 'firing', at: at(12), value: 1 },
      { rule: 'low', state: 'resolved', at: at(390), value: 10 },
    ]);
    const during = await history(`/api/streams/watch/history?from=${T0 + 100 * MINUTE}&to=${T0 + 200 * MINUTE}`);
    expect(during.json.states).toEqual([{ value: 'BROKEN', at: at(10) }]);
    expect(during.json.alerts).toEqual([{ rule: 'low', state: 'firing', at: at(12), value: 1 }]);
    const before = await history(`/api/streams/watch/history?from=${T0}&to=${T0 + 5 * MINUTE}`);
    expect(before.json).toMatchObject({ states: [{ value: 'NORMAL', at: at(0) }], alerts: [] });
  });

  describe('bad input', () => {
    it.each([
      ['from=10&to=5', 'query parameter from is after to'],
      ['from=yesterday', 'query parameter from is not a time (epoch milliseconds or ISO-8601)'],
      ['to=2024-13-45T00:00:00Z', 'query parameter to is not a time (epoch milliseconds or ISO-8601)'],
      ['points=0', 'query parameter points must be a whole number from 1 to 50000'],
      ['points=50001', 'query parameter points must be a whole number from 1 to 50000'],
      ['points=1.5', 'query parameter points must be a whole number from 1 to 50000'],
      ['points=1&points=2', 'query parameter points is given more than once'],
      ['pass=-1', 'query parameter pass must be a whole number'],
    ])('%s → 400 naming the parameter', async (query, message) => {
      const res = await history(`/api/streams/day/history?${query}`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: { status: 400, message } });
    });

    it('an unknown stream → 404', async () => {
      const res = await history('/api/streams/nope/history');
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: { status: 404, message: 'no such stream' } });
    });
  });

  describe('token and CORS, as for the event stream', () => {
    it('needs the token: bearer header or access_token', async () => {
      const url = `${secured.url}/api/streams/s/history`;
      for (const headers of [{}, { Authorization: 'Bearer wrong' }] as Record<string, string>[]) {
        const res = await httpGet(url, headers);
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="realtime-graph"');
      }
      expect((await httpGet(`${url}?access_token=nope`)).status).toBe(401);
      expect((await httpGet(url, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      expect((await httpGet(`${url}?access_token=${TOKEN}`)).status).toBe(200);
    });

    it('grants an allowed origin, and nothing to another', async () => {
      const url = `${secured.url}/api/streams/s/history`;
      const allowed = await httpGet(url, { Authorization: `Bearer ${TOKEN}`, Origin: 'https://dash.example.com' });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://dash.example.com');
      expect(allowed.headers.vary).toMatch(/Origin/);
      const other = await httpGet(url, { Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example.com' });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
