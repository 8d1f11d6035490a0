import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { connectSse, httpGet, type SseConnection } from '../../helpers/sse-client.js';
import { pumpCsv } from '../../helpers/temp.js';

// Replays of /runPredict are viewers too: counted in /metrics and against server.maxViewers.
let daemon: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon({
    server: { maxViewers: 2 },
    streams: [{ id: 's', source: { type: 'csv', file: 'long.csv' }, columns: ['timestamp', 'sensor_04'] }],
    files: { 'long.csv': pumpCsv(600), 'short.csv': pumpCsv(3) }, // long.csv: a 60 s replay, longer than the test
  });
});
afterAll(() => daemon?.stop());

const LEGACY = '/runPredict?predictCSVFileName=long.csv';

async function metric(name: string): Promise<number> {
  const body = (await httpGet(`${daemon.url}/metrics`)).body;
  const match = new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(body);
  return match ? Number(match[1]) : Number.NaN;
}

async function firstRow(path: string): Promise<SseConnection> {
  const sse = await connectSse(`${daemon.url}${path}`);
  expect(sse.status).toBe(200);
  await sse.until((events) => events.some((e) => e.event === 'update'));
  return sse;
}

describe('/runPredict replays as viewers', () => {
  it('appear in /metrics while they run, with the rows and bytes they were sent and the events kept', async () => {
    expect(await metric('rtg_runpredict_viewers')).toBe(0);
    expect(await metric('rtg_runpredict_cached_bytes')).toBe(0);
    const sse = await connectSse(`${daemon.url}/runPredict?predictCSVFileName=short.csv`);
    await sse.ended;
    const updates = sse.raw().replace('event: jobfinished\ndata: none\n\n', '');
    expect(sse.events.map((e) => e.event)).toEqual(['update', 'update', 'update', 'jobfinished']);
    expect(await metric('rtg_runpredict_rows_sent_total')).toBe(3);
    expect(await metric('rtg_runpredict_bytes_sent_total')).toBe(updates.length);
    expect(await metric('rtg_runpredict_cached_bytes')).toBe(updates.length); // the file's three events, kept once

    const replay = await firstRow(LEGACY);
    expect(await metric('rtg_runpredict_viewers')).toBe(1);
    replay.close();
    await expect.poll(() => metric('rtg_runpredict_viewers')).toBe(0);
  });

  it('count against server.maxViewers with stream viewers: a full daemon answers 503 with Retry-After', async () => {
    const refusedBefore = await metric('rtg_connections_refused_total{reason="daemon-full"}');
    const replay = await firstRow(LEGACY);
    const viewer = await firstRow('/api/streams/s/events');

    for (const path of [LEGACY, '/api/streams/s/events']) {
      const refused = await httpGet(`${daemon.url}${path}`);
      expect(refused.status, path).toBe(503);
      expect(refused.headers['retry-after'], path).toBe('5');
      expect(JSON.parse(refused.body)).toEqual({ error: { status: 503, message: 'too many viewers on this server' } });
    }
    expect(await metric('rtg_connections_refused_total{reason="daemon-full"}')).toBe(refusedBefore + 2);

    // A replay that ends frees its place.
    replay.close();
    await expect.poll(() => metric('rtg_runpredict_viewers')).toBe(0);
    const next = await firstRow(LEGACY);
    next.close();
    viewer.close();
  });
});
