import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSse, httpGet, type SseConnection } from '../helpers/sse-client.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { pumpCsv } from '../helpers/temp.js';

let daemon: TestDaemon;
const stream = (id: string) => ({ id, source: { type: 'csv', file: 'p.csv', rate: 5, loop: true }, columns: ['timestamp', 'sensor_04'] });

beforeAll(async () => {
  daemon = await startTestDaemon({
    server: { maxViewers: 5, maxViewersPerStream: 3 },
    streams: [stream('a'), stream('b')],
    files: { 'p.csv': pumpCsv(50) },
  });
});
afterAll(() => daemon?.stop());

async function open(id: string, n: number): Promise<SseConnection[]> {
  const out: SseConnection[] = [];
  for (let i = 0; i < n; i++) {
    const sse = await connectSse(`${daemon.url}/api/streams/${id}/events`);
    expect(sse.status).toBe(200);
    await sse.until((events) => events.length > 0);
    out.push(sse);
  }
  return out;
}

describe('viewer limits', () => {
  it('answers 503 with Retry-After above the per-stream limit', async () => {
    const viewers = await open('a', 3);
    const refused = await httpGet(`${daemon.url}/api/streams/a/events`);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(refused.body)).toEqual({ error: { status: 503, message: 'too many viewers on this stream' } });
    // another stream still has room
    const other = await connectSse(`${daemon.url}/api/streams/b/events`);
    expect(other.status).toBe(200);
    other.close();
    for (const v of viewers) v.close();
    await expect.poll(() => daemon.hub.viewerCount).toBe(0);
  });

  it('answers 503 above the per-daemon limit, and counts return to zero after a flood', async () => {
    const viewers = [...(await open('a', 3)), ...(await open('b', 2))];
    const flood = await Promise.all(Array.from({ length: 50 }, () => httpGet(`${daemon.url}/api/streams/b/events`)));
    expect(flood.every((r) => r.status === 503)).toBe(true);
    expect(JSON.parse(flood[0]!.body).error.message).toBe('too many viewers on this server');
    expect(daemon.hub.viewerCount).toBe(5);
    for (const v of viewers) v.close();
    await expect.poll(() => daemon.hub.viewerCount).toBe(0);
    await expect.poll(() => daemon.hub.get('a')!.viewerCount + daemon.hub.get('b')!.viewerCount).toBe(0);
    // and the limits admit viewers again
    const again = await open('a', 1);
    again[0]!.close();
  });
});
