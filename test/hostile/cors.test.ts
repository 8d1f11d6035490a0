import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeOrigin } from '../../src/server/middleware/cors.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { httpGet } from '../helpers/sse-client.js';
import { pumpCsv } from '../helpers/temp.js';
import { request } from 'node:http';

let daemon: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon({
    server: { cors: { origins: ['https://dash.example.com', 'http://localhost:8080'] } },
    streams: [{ id: 's', source: { type: 'csv', file: 'p.csv' }, columns: ['timestamp', 'sensor_04'] }],
    files: { 'p.csv': pumpCsv(3) },
  });
});
afterAll(() => daemon?.stop());

function preflight(origin: string) {
  return new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(`${daemon.url}/api/streams/s/events`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'last-event-id' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('CORS', () => {
  it('echoes an allowed origin exactly, with Vary: Origin, on the API, the element and the event stream', async () => {
    for (const path of ['/api/streams', '/realtime-graph.js']) {
      const res = await httpGet(`${daemon.url}${path}`, { Origin: 'https://dash.example.com' });
      expect(res.status, path).toBe(200);
      expect(res.headers['access-control-allow-origin'], path).toBe('https://dash.example.com');
      expect(res.headers.vary, path).toMatch(/Origin/);
      expect(res.headers['access-control-allow-credentials'], path).toBeUndefined();
    }
    const pre = await preflight('http://localhost:8080');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:8080');
    expect(String(pre.headers['access-control-allow-headers'])).toMatch(/Last-Event-ID/);
  });

  it.each([
    'https://evil.example.com',
    'null',
    'https://dash.example.com.evil.com',
    'http://dash.example.com',
    'https://dash.example.com:8443',
    'https://DASH.example.com@evil.com',
  ])('grants nothing to %s', async (origin) => {
    const res = await httpGet(`${daemon.url}/api/streams`, { Origin: origin });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/);
    const pre = await preflight(origin);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('normalizes origins strictly', () => {
    expect(normalizeOrigin('https://Dash.Example.com')).toBe('https://dash.example.com');
    expect(normalizeOrigin('https://dash.example.com/')).toBe('https://dash.example.com');
    for (const bad of ['null', 'file:///x', 'https://a.com/path', 'https://user@a.com', 'javascript:alert(1)', 'x'.repeat(400)]) {
      expect(normalizeOrigin(bad), bad).toBeUndefined();
    }
  });
});
