import inject from 'light-my-request';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { createApp } from '../../src/server/app.js';
import { createMetrics } from '../../src/server/metrics.js';
import { DataDir } from '../../src/sources/data-dir.js';
import { defaultPlugins } from '../../src/plugins.js';
import { defaultRegistry } from '../../src/sources/registry.js';
import { StreamHub } from '../../src/stream/hub.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

// The Koa application through app.callback(), without a socket: routes that need no connection
// of their own (the event streams are tested over loopback elsewhere).
const ORIGIN = 'http://dash.example.com';
let dir: Awaited<ReturnType<typeof tempDir>>;
let hub: StreamHub;
let handler: ReturnType<ReturnType<typeof createApp>['callback']>;

beforeAll(async () => {
  dir = await tempDir('rtg-app-');
  await dir.write('data/p.csv', pumpCsv(10));
  await dir.write('public/index.html', '<!doctype html><title>t</title>');
  await dir.write('public/realtime-graph.js', 'export {};');
  await dir.write('public/chunks/plotly.min-HPNBQUIK.js', 'export {};');
  await dir.write('public/chunks/notes.js', 'export {};');
  const file = await dir.write(
    'config.yaml',
    stringify({
      server: { dataDir: 'data', cors: { origins: [ORIGIN] } },
      streams: [{ id: 'pump', title: 'Pump', source: { type: 'csv', file: 'p.csv' }, columns: ['timestamp', 'sensor_04'] }],
    }),
  );
  const registry = defaultRegistry();
  const config = await loadConfig([file], defaultPlugins(registry));
  const logger = pino({ level: 'silent' });
  hub = new StreamHub({ registry, dataDir: await DataDir.open(dir.path('data')), logger, server: config.server });
  hub.load(config.streams);
  const metrics = createMetrics(hub, { reloads: { ok: 0, failed: 0 } });
  handler = createApp({ hub, logger, metrics, publicDir: dir.path('public'), server: () => hub.settings, dashboards: () => [] }).callback();
});
afterAll(async () => {
  await hub?.close?.();
  await dir?.remove();
});

const get = (url: string, headers: Record<string, string> = {}) => inject(handler, { method: 'GET', url, headers });

describe('the Koa application', () => {
  describe('static files', () => {
    it('lets a browser keep a chunk named by its content, and revalidate everything else', async () => {
      const chunk = await get('/chunks/plotly.min-HPNBQUIK.js');
      expect(chunk.statusCode).toBe(200);
      expect(chunk.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      for (const path of ['/realtime-graph.js', '/chunks/notes.js', '/']) {
        const res = await get(path);
        expect(res.statusCode, path).toBe(200);
        expect(res.headers['cache-control'], path).toBe('max-age=0');
      }
    });
  });

  describe('GET /api/streams', () => {
    it('lists the streams with their columns', async () => {
      const res = await get('/api/streams');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        streams: [
          {
            id: 'pump',
            title: 'Pump',
            source: 'csv',
            time: 'timestamp',
            columns: [{ name: 'sensor_04', type: 'number', axis: 'y' }],
            thresholds: [],
            states: null,
            keepMs: 86_400_000,
            alerts: [],
            state: 'idle',
            status: null,
            viewers: 0,
          },
        ],
      });
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('describes one stream, and answers an unknown one with the JSON error shape', async () => {
      expect((await get('/api/streams/pump')).json()).toMatchObject({ id: 'pump', title: 'Pump' });
      const missing = await get('/api/streams/nope');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ error: { status: 404, message: 'no such stream' } });
    });
  });

  describe('health', () => {
    it('answers /healthz, and /readyz with each stream', async () => {
      expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
      const ready = await get('/readyz');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({
        status: 'ready',
        streams: [{ id: 'pump', ready: true, state: 'idle', status: null }],
        store: { ok: true, memoryOnly: true },
      });
    });

    it('serves Prometheus text on /metrics', async () => {
      const res = await get('/metrics');
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.body).toContain('rtg_viewers{stream="pump"} 0');
    });
  });

  describe('every answer', () => {
    it.each(['/api/streams', '/api/streams/nope', '/nope', '/'])(
      '%s carries the shared headers and the CORS grant of a listed origin',
      async (url) => {
        const res = await get(url, { Origin: ORIGIN });
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(String(res.headers.vary)).toMatch(/\bOrigin\b/);
        expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
        const other = await get(url, { Origin: 'http://evil.example.com' });
        expect(other.headers['access-control-allow-origin']).toBeUndefined();
      },
    );

    it('answers a preflight from a listed origin, and gives nothing to another', async () => {
      const preflight = (origin: string) =>
        inject(handler, {
          method: 'OPTIONS',
          url: '/api/streams/pump/events',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' },
        });
      const granted = await preflight(ORIGIN);
      expect(granted.statusCode).toBe(204);
      expect(granted.headers['access-control-allow-methods']).toBe('GET, HEAD, POST, OPTIONS'); // POST: replay control
      expect(granted.headers['access-control-allow-headers']).toBe('Last-Event-ID, Authorization, Cache-Control, Content-Type');
      const refused = await preflight('http://evil.example.com');
      expect(refused.statusCode).toBe(204);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect(refused.headers['access-control-allow-methods']).toBeUndefined();
    });

    it('answers a malformed URL with the JSON error shape, without internals', async () => {
      const res = await get('/api/streams/%E0%A4%A');
      expect(res.json()).toEqual({ error: { status: 404, message: 'no such stream' } });
      expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
    });
  });
});
