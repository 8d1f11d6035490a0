import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSse, httpGet } from '../helpers/sse-client.js';
import { dataEvents } from '../helpers/sse-events.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { pumpCsv } from '../helpers/temp.js';

const columns = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'];
let daemon: TestDaemon;

beforeAll(async () => {
  daemon = await startTestDaemon({
    server: { heartbeatMs: 300, retryMs: 1500 },
    streams: [
      { id: 'short', title: 'Short replay', source: { type: 'csv', file: 'short.csv', rate: 40 }, columns },
      { id: 'slow', source: { type: 'csv', file: 'long.csv', rate: 20 }, columns, history: 5 },
      { id: 'fast', source: { type: 'csv', file: 'long.csv', rate: 'unlimited' }, columns, buffer: { events: 5000 } },
      {
        id: 'idle',
        source: { type: 'csv', file: 'long.csv', rate: 20 },
        columns: ['timestamp', 'sensor_04'],
        idleStopMs: 200,
      },
    ],
    files: { 'short.csv': pumpCsv(12), 'long.csv': pumpCsv(3000) },
  });
});
afterAll(() => daemon?.stop());

const seqOf = (id: string) => Number(id.split('.')[1]);
const runOf = (id: string) => id.split('.')[0];

describe('GET /api/streams', () => {
  it('lists every stream with its id, title, columns and source type', async () => {
    const res = await httpGet(`${daemon.url}/api/streams`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(res.body);
    expect(body.streams.map((s: { id: string }) => s.id)).toEqual(['short', 'slow', 'fast', 'idle']);
    expect(body.streams[0]).toMatchObject({
      id: 'short',
      title: 'Short replay',
      source: 'csv',
      time: 'timestamp',
      columns: [
        { name: 'sensor_04', type: 'number', axis: 'y' },
        { name: 'sensor_18', type: 'number', axis: 'y' },
        { name: 'sensor_34', type: 'number', axis: 'y' },
      ],
    });
    expect(body.streams[1].title).toBe('slow'); // defaults to the id
  });

  it('answers an unknown stream with a JSON 404', async () => {
    for (const path of ['/api/streams/nope', '/api/streams/nope/events', '/api/streams/..%2F..%2Fetc%2Fpasswd/events']) {
      const res = await httpGet(`${daemon.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(JSON.parse(res.body)).toEqual({ error: { status: 404, message: 'no such stream' } });
    }
  });
});

describe('GET /api/streams/:id/events', () => {
  it('sends SSE headers, a retry, the meta event, then every row as an update with an id, then jobfinished', async () => {
    const sse = await connectSse(`${daemon.url}/api/streams/short/events`);
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream');
    expect(sse.headers['cache-control']).toBe('no-cache');
    expect(sse.headers['x-accel-buffering']).toBe('no');
    expect(sse.headers['content-encoding']).toBeUndefined();
    await sse.ended;
    expect(sse.raw().startsWith('retry: 1500\n\n')).toBe(true);

    const names = sse.events.map((e) => e.event);
    expect(names[0]).toBe('meta');
    expect(names.at(-1)).toBe('jobfinished');
    const updates = sse.events.filter((e) => e.event === 'update');
    expect(updates).toHaveLength(12);
    const first = JSON.parse(updates[0]!.data);
    expect(first).toEqual({ timestamp: '2024-01-01T00:00:00.000Z', sensor_04: 0, sensor_18: 0.03, sensor_34: 0.06 });
    expect(JSON.parse(updates[11]!.data).timestamp).toBe('2024-01-01T00:11:00.000Z');
    expect(JSON.parse(sse.events.at(-1)!.data)).toMatchObject({ rows: 12 });

    // every event has an id <run>.<seq>, one run, seqs strictly increasing without gaps
    const withData = sse.events.slice(1);
    for (const e of withData) expect(e.id).toMatch(/^[0-9a-f]{8}\.\d+(\.\d+)?$/);
    expect(new Set(withData.map((e) => runOf(e.id))).size).toBe(1);
    const seqs = withData.map((e) => seqOf(e.id));
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it('answers 204 to a client that already has the end of a finished run', async () => {
    const sse = await connectSse(`${daemon.url}/api/streams/short/events`);
    await sse.ended;
    const lastId = sse.events.at(-1)!.id;
    const again = await httpGet(`${daemon.url}/api/streams/short/events`, { 'Last-Event-ID': lastId });
    expect(again.status).toBe(204);
  });

  it('shares one upstream read between viewers; a joining viewer first gets the recent rows', async () => {
    const channel = daemon.hub.get('slow')!;
    const runsBefore = channel.stats.runs;
    const first = await connectSse(`${daemon.url}/api/streams/slow/events`);
    await first.until((events) => dataEvents(events).length >= 12);
    const second = await connectSse(`${daemon.url}/api/streams/slow/events`);
    await second.until((events) => dataEvents(events).length >= 12);
    first.close();
    second.close();

    expect(channel.stats.runs).toBe(runsBefore + 1);
    const firstRows = dataEvents(first.events);
    const secondRows = dataEvents(second.events);
    // history: 5 → the joiner starts with one batch holding the 5 most recent rows, under the id of
    // the newest event it covers, which the first viewer got too
    const snapshot = secondRows[0]!;
    expect(snapshot.event).toBe('batch');
    const joinedAt = firstRows.findIndex((e) => e.id === snapshot.id);
    expect(joinedAt).toBeGreaterThanOrEqual(4);
    const recent = firstRows.slice(joinedAt - 4, joinedAt + 1).map((e) => JSON.parse(e.data).timestamp);
    expect(JSON.parse(snapshot.data).t).toEqual(recent);
    // after that the two viewers see the same events with the same ids and bytes
    const after = firstRows.slice(joinedAt + 1);
    const overlap = Math.min(after.length, secondRows.length - 1);
    expect(overlap).toBeGreaterThan(3);
    expect(secondRows.slice(1, 1 + overlap)).toEqual(after.slice(0, overlap));
    // and the source read each row once, not once per viewer
    const highestSeq = Math.max(...[...first.events, ...second.events].filter((e) => e.id).map((e) => seqOf(e.id)));
    expect(channel.stats.rowsRead).toBeLessThanOrEqual(highestSeq + 2);
  });

  it('batches an unpaced stream into columnar events and delivers every row once, in order', async () => {
    const sse = await connectSse(`${daemon.url}/api/streams/fast/events`);
    await sse.ended;
    // the file (100 KB) is parsed in one step and arrives at once: three full batches (batch.maxRows 1000)
    expect(dataEvents(sse.events).map((e) => [e.event, JSON.parse(e.data).t.length])).toEqual([
      ['batch', 1000],
      ['batch', 1000],
      ['batch', 1000],
    ]);
    const times: string[] = [];
    for (const e of dataEvents(sse.events)) {
      const data = JSON.parse(e.data);
      if (e.event === 'batch') {
        expect(data.y).toHaveLength(3);
        for (const column of data.y) expect(column).toHaveLength(data.t.length);
        times.push(...data.t);
      } else {
        times.push(data.timestamp);
      }
    }
    expect(times).toHaveLength(3000);
    expect(new Set(times).size).toBe(3000);
    expect(times[0]).toBe('2024-01-01T00:00:00.000Z');
    expect(times[2999]).toBe(new Date(Date.UTC(2024, 0, 1, 0, 2999)).toISOString());
  });

  it('sends a comment heartbeat while a stream is quiet', async () => {
    const sse = await connectSse(`${daemon.url}/api/streams/slow/events`);
    await expect.poll(() => sse.raw(), { timeout: 3000 }).toMatch(/\n: heartbeat\n\n/); // heartbeatMs: 300
    sse.close();
  });

  it('stops reading a stream nobody watches, after idleStopMs', async () => {
    const channel = daemon.hub.get('idle')!;
    const sse = await connectSse(`${daemon.url}/api/streams/idle/events`);
    await sse.until((events) => dataEvents(events).length >= 2);
    expect(channel.state).toBe('running');
    sse.close();
    await expect.poll(() => channel.state, { timeout: 3000 }).toBe('idle');
    const read = channel.stats.rowsRead;
    // Showing that nothing happens takes a wait: 300 ms is six rows of this stream.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(channel.stats.rowsRead).toBe(read);
  });
});
