import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { connectSse, httpGet } from '../helpers/sse-client.js';
import { pumpCsv } from '../helpers/temp.js';

const TOKEN = 's3cr3t-token-0123456789abcdef';
let daemon: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon({
    server: { auth: { token: TOKEN } },
    streams: [{ id: 's', source: { type: 'csv', file: 'p.csv', rate: 20 }, columns: ['timestamp', 'sensor_04'] }],
    files: { 'p.csv': pumpCsv(20) },
  });
});
afterAll(() => daemon?.stop());

const PROTECTED = ['/api/streams', '/api/streams/s', '/api/streams/s/events', '/runPredict?predictCSVFileName=p.csv', '/metrics'];

describe('optional bearer-token auth', () => {
  it.each(PROTECTED)('%s needs the token', async (path) => {
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: 'Bearer wrong' },
      { Authorization: `Bearer ${TOKEN}x` },
      { Authorization: `Basic ${TOKEN}` },
    ]) {
      const res = await httpGet(`${daemon.url}${path}`, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="realtime-graph"');
      expect(JSON.parse(res.body).error.status).toBe(401);
    }
    const wrongQuery = await httpGet(`${daemon.url}${path}${path.includes('?') ? '&' : '?'}access_token=nope`);
    expect(wrongQuery.status).toBe(401);
  });

  it('accepts the token as a bearer header, or in the query for EventSource', async () => {
    expect((await httpGet(`${daemon.url}/api/streams`, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    const sse = await connectSse(`${daemon.url}/api/streams/s/events?access_token=${TOKEN}`);
    expect(sse.status).toBe(200);
    await sse.until((events) => events.some((e) => e.event === 'update'));
    sse.close();
  });

  it('leaves health checks, the page and the element open', async () => {
    for (const path of ['/healthz', '/readyz', '/', '/realtime-graph.js']) {
      expect((await httpGet(`${daemon.url}${path}`)).status, path).toBe(200);
    }
  });

  it('never writes the token to the logs, though each request is logged (at debug) with its URL', async () => {
    const urls = [
      `/api/streams/s/events?access_token=${TOKEN}&x=%E0%A4%A`,
      `/api/nope?access_token=${TOKEN}`,
      `/api/streams?x=1&access_token=${TOKEN}`,
      `/api/streams?%61ccess_token=${TOKEN}`, // the name percent-encoded
      `/runPredict?predictCSVFileName=p.csv&access_token=${TOKEN}`,
    ];
    for (const url of urls) await httpGet(`${daemon.url}${url}`, { Authorization: `Bearer ${TOKEN}` });
    await expect.poll(() => daemon.logs.filter((l) => l.msg === 'request').length, { timeout: 5000 }).toBeGreaterThanOrEqual(urls.length);
    const logged = daemon.logs.filter((l) => l.msg === 'request').map((l) => l.url);
    expect(logged).toEqual(
      expect.arrayContaining([
        '/api/nope?access_token=[redacted]',
        '/api/streams?x=1&access_token=[redacted]',
        '/api/streams?access_token=[redacted]',
      ]),
    );
    expect(JSON.stringify(daemon.logs)).not.toContain(TOKEN);
  });
});
