import { rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { STREAM_EVENTS, type StreamEventName } from '../../src/protocol/events.js';
import { eventSchemas, streamInfoSchema } from '../../src/protocol/schemas.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { connectSse, httpGet, type SseConnection } from '../helpers/sse-client.js';
import { pumpCsv } from '../helpers/temp.js';

// Every kind of event a running daemon sends, read off real connections and checked against the
// protocol module that the element is built on.
const columns = ['timestamp', 'sensor_04', { column: 'sensor_18', axis: 'y2' }];
const streams = [
  { id: 'paced', source: { type: 'csv', file: 'p.csv', rate: 50 }, columns, progressEveryMs: 100 },
  {
    id: 'unpaced',
    source: { type: 'csv', file: 'p.csv', rate: 'unlimited' },
    columns,
    thresholds: [{ value: 0.5, label: 'half' }],
    stages: [{ type: 'rolling', column: 'sensor_04', window: 5, stats: ['mean', 'max'] }],
    // a code column as the state, and a rule that fires and resolves on the file's sawtooth
    states: { column: 'sensor_18', unshaded: ['0'] },
    alerts: [{ name: 'high', column: 'sensor_04_max', above: 0.9, resolve: 0.5 }],
  },
  { id: 'looping', source: { type: 'csv', file: 'short.csv', rate: 100, loop: true }, columns },
  { id: 'broken', source: { type: 'csv', file: 'vanishing.csv', rate: 'unlimited' }, columns },
  // Nothing listens on port 1: a real Kafka source that reports its connection state.
  { id: 'kafka', source: { type: 'kafka', brokers: ['127.0.0.1:1'], topic: 't', connectionTimeoutMs: 200 }, columns },
];

let daemon: TestDaemon;
const OPERATOR = 'events-test-operator-token';
const connections: SseConnection[] = [];
const open = async (id: string, headers: Record<string, string> = {}) => {
  const sse = await connectSse(`${daemon.url}/api/streams/${id}/events`, headers);
  connections.push(sse);
  return sse;
};

beforeAll(async () => {
  daemon = await startTestDaemon({
    server: { auth: { operatorToken: OPERATOR } },
    streams,
    files: { 'p.csv': pumpCsv(60), 'short.csv': pumpCsv(5), 'vanishing.csv': pumpCsv(5) },
  });
  await rm(`${daemon.dataDir}/vanishing.csv`); // after the start-up check: the read fails
});
afterAll(async () => {
  for (const c of connections) c.close();
  await daemon?.stop();
});

describe('the event stream protocol', () => {
  it('every event a running daemon sends is one of STREAM_EVENTS and matches its schema; each kind is seen', async () => {
    const paced = await open('paced');
    // An operator's speed change: a `replay` event (the replay still ends, twice as fast). Sent
    // once the replay runs and before the other streams open: it takes about a second, which a
    // loaded machine can spend opening four more streams.
    await paced.until((events) => events.some((e) => e.event === 'update' || e.event === 'batch'));
    const command = await fetch(`${daemon.url}/api/streams/paced/replay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OPERATOR}` },
      body: JSON.stringify({ speed: 2 }),
    });
    expect(command.status).toBe(200);
    const unpaced = await open('unpaced');
    const looping = await open('looping');
    const broken = await open('broken');
    const kafka = await open('kafka');
    await paced.ended;
    await unpaced.ended;
    await broken.ended;
    await looping.until((events) => events.some((e) => e.event === 'looped'));
    await kafka.until((events) => events.some((e) => e.event === 'status' && JSON.parse(e.data).state === 'reconnecting'), 20_000);
    const reset = await open('looping', { 'Last-Event-ID': 'not-one-of-ours' });
    await reset.until((events) => events.some((e) => e.event === 'reset'));

    // A reload that removes a stream: its viewers get `end`, every viewer gets `streams`.
    await writeFile(
      daemon.configFile,
      stringify({ server: { port: 0, host: '127.0.0.1', dataDir: '../data' }, streams: streams.filter((s) => s.id !== 'looping') }),
    );
    const result = await daemon.reload();
    expect(result.ok).toBe(true);
    await looping.ended;
    await kafka.until((events) => events.some((e) => e.event === 'streams'));

    const seen = new Set<string>();
    for (const sse of connections) {
      for (const event of sse.events) {
        expect(STREAM_EVENTS, `event name ${event.event}`).toContain(event.event);
        const schema = eventSchemas[event.event as StreamEventName];
        const parsed = schema.safeParse(JSON.parse(event.data));
        expect(parsed.success, `${event.event} ${event.data.slice(0, 200)}: ${parsed.error?.message}`).toBe(true);
        seen.add(event.event);
      }
    }
    expect([...seen].sort()).toEqual([...STREAM_EVENTS].sort());
  });

  it('/api/streams entries match the stream info schema', async () => {
    const body = JSON.parse((await httpGet(`${daemon.url}/api/streams`)).body) as { streams: unknown[] };
    expect(body.streams.length).toBeGreaterThanOrEqual(4);
    for (const info of body.streams) expect(streamInfoSchema.safeParse(info).error).toBeUndefined();
  });
});

describe('docs/http-api.md', () => {
  it('documents exactly the events of the protocol module', async () => {
    const { readFile } = await import('node:fs/promises');
    const page = await readFile('docs/http-api.md', 'utf8');
    const start = page.indexOf('## Events of `/api/streams/:id/events`');
    const section = page.slice(start, page.indexOf('\n## ', start + 1));
    const documented = [...section.matchAll(/^\| `([a-z]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...STREAM_EVENTS].sort());
  });
});
