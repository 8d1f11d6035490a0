import type { Socket } from 'node:net';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSse, type SseEvent } from '../helpers/sse-client.js';
import { dataCount } from '../helpers/sse-events.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { pumpCsv } from '../helpers/temp.js';

let daemon: TestDaemon;
const serverSockets = new Set<Socket>();

beforeAll(async () => {
  daemon = await startTestDaemon({
    server: { retryMs: 200 },
    streams: [
      // 40 rows/s: one `update` per row, looping so the stream never ends during a test
      { id: 'rows', source: { type: 'csv', file: 'p.csv', rate: 40, loop: true }, columns: ['timestamp', 'sensor_04'], history: 5 },
      // 2,000 rows/s: batched events
      { id: 'batched', source: { type: 'csv', file: 'p.csv', rate: 2000, loop: true }, columns: ['timestamp', 'sensor_04'] },
      // a tiny buffer, so a viewer that is away too long cannot be resumed
      {
        id: 'small-buffer',
        source: { type: 'csv', file: 'p.csv', rate: 200, loop: true },
        columns: ['timestamp', 'sensor_04'],
        buffer: { events: 16 },
        history: 3,
      },
    ],
    files: { 'p.csv': pumpCsv(500) },
  });
  daemon.server.on('connection', (socket) => {
    serverSockets.add(socket);
    socket.on('close', () => serverSockets.delete(socket));
  });
});
afterAll(() => daemon?.stop());

/** Rows in arrival order as [pass, timestamp] keys, from update and batch events. */
function rowKeys(events: SseEvent[]): string[] {
  const keys: string[] = [];
  let pass = 0;
  for (const e of events) {
    if (e.event === 'looped') pass = JSON.parse(e.data).pass;
    if (e.event === 'update') keys.push(`${pass}/${JSON.parse(e.data).timestamp}`);
    if (e.event === 'batch') for (const t of JSON.parse(e.data).t) keys.push(`${pass}/${t}`);
  }
  return keys;
}

const seqs = (events: SseEvent[]) =>
  events.filter((e) => e.id && e.event !== 'meta' && e.event !== 'reset').map((e) => Number(e.id.split('.')[1]));

/** Every event seq from the first to the last exactly once, in order. */
function expectContiguous(all: number[]) {
  expect(all.length).toBeGreaterThan(0);
  expect(all).toEqual(all.map((_, i) => all[0]! + i));
}

describe('resuming with Last-Event-ID', () => {
  it.each([1, 7, 23])('continues exactly after a disconnect following %i data events: no gap, no duplicate', async (cut) => {
    const first = await connectSse(`${daemon.url}/api/streams/rows/events`);
    await first.until((events) => dataCount(events) >= cut);
    first.close();
    const lastId = first.events.at(-1)!.id;
    // events keep flowing meanwhile: wait for a few more to be published
    const channel = daemon.hub.get('rows')!;
    const published = channel.stats.events;
    await expect.poll(() => channel.stats.events, { timeout: 5000 }).toBeGreaterThanOrEqual(published + 5);

    const second = await connectSse(`${daemon.url}/api/streams/rows/events`, { 'Last-Event-ID': lastId });
    await second.until((events) => dataCount(events) >= 10);
    second.close();
    expect(second.events.map((e) => e.event)).not.toContain('reset');
    expect(second.events[0]!.event).toBe('meta');
    expect(second.events[0]!.id).toBe(lastId); // meta carries the id the replay continues from

    expectContiguous([...seqs(first.events), ...seqs(second.events)]);
    // the rows themselves have no gap either (the viewer resumed past the history window)
    const joined = rowKeys([...first.events, ...second.events]);
    expect(new Set(joined).size).toBe(joined.length);
  });

  it('resumes batched streams the same way', async () => {
    const first = await connectSse(`${daemon.url}/api/streams/batched/events`);
    await first.until((events) => dataCount(events) >= 5);
    first.close();
    const second = await connectSse(`${daemon.url}/api/streams/batched/events`, { 'Last-Event-ID': first.events.at(-1)!.id });
    await second.until((events) => dataCount(events) >= 5);
    second.close();
    expectContiguous([...seqs(first.events), ...seqs(second.events)]);
    const joined = rowKeys([...first.events, ...second.events]);
    expect(new Set(joined).size).toBe(joined.length);
  });

  it('accepts the last event id in the query too (for clients that cannot set headers)', async () => {
    const first = await connectSse(`${daemon.url}/api/streams/rows/events`);
    await first.until((events) => dataCount(events) >= 3);
    first.close();
    const id = first.events.at(-1)!.id;
    const second = await connectSse(`${daemon.url}/api/streams/rows/events?lastEventId=${encodeURIComponent(id)}`);
    await second.until((events) => dataCount(events) >= 3);
    second.close();
    expectContiguous([...seqs(first.events), ...seqs(second.events)]);
  });

  it('survives server-side drops with a spec-following EventSource, which resumes by itself', async () => {
    const received: { id: string; type: string }[] = [];
    const source = new EventSource(`${daemon.url}/api/streams/rows/events`);
    let opens = 0;
    source.onopen = () => opens++;
    for (const type of ['update', 'started', 'progress', 'looped']) {
      source.addEventListener(type, (e) => received.push({ id: (e as MessageEvent).lastEventId, type }));
    }
    try {
      for (let drop = 0; drop < 3; drop++) {
        const before = received.length;
        await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(before + 5);
        for (const socket of serverSockets) socket.destroy(); // the network drops every connection
      }
      await expect.poll(() => opens, { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
      const before = received.length;
      await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(before + 5);
    } finally {
      source.close();
    }
    expectContiguous(received.map((r) => Number(r.id.split('.')[1])));
  }, 60_000); // each poll ends as soon as it holds; the room is for a loaded machine
});

describe('ids that cannot be resumed', () => {
  it('sends reset when the missed events have left the ring buffer', async () => {
    const first = await connectSse(`${daemon.url}/api/streams/small-buffer/events`);
    await first.until((events) => dataCount(events) >= 2);
    first.close();
    // wait until the ring buffer (16 events) has moved well past the last event the viewer saw
    const channel = daemon.hub.get('small-buffer')!;
    const published = channel.stats.events;
    await expect.poll(() => channel.stats.events, { timeout: 5000 }).toBeGreaterThan(published + 32);
    const second = await connectSse(`${daemon.url}/api/streams/small-buffer/events`, { 'Last-Event-ID': first.events.at(-1)!.id });
    await second.until((events) => dataCount(events) >= 3);
    second.close();
    expect(second.events[0]!.event).toBe('reset');
    expect(JSON.parse(second.events[0]!.data).reason).toBe('the missed events are no longer kept');
    // then the recent window: history 3 rows, which are the newest the server has
    expect(dataCount(second.events)).toBeGreaterThanOrEqual(3);
  });
});
