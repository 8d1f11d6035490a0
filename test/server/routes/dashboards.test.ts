import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startTestDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { connectSse, httpGet } from '../../helpers/sse-client.js';
import { pumpCsv } from '../../helpers/temp.js';

const TOKEN = 'dashboard-test-token-0123';
const streams = [
  { id: 'p1', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns: ['timestamp', { column: 'sensor_04', unit: 'A' }] },
];
const plant = (title: string) => ({ id: 'plant', title, panels: [{ type: 'value', stream: 'p1', column: 'sensor_04', w: 3, h: 2 }] });
const expected = (title: string) => ({
  id: 'plant',
  title,
  columns: 12,
  rowHeight: 80,
  panels: [{ type: 'value', stream: 'p1', column: 'sensor_04', w: 3, h: 2, sparklineMs: 300_000, colors: [] }],
});

let daemon: TestDaemon | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

const start = (server: Record<string, unknown> = {}) =>
  startTestDaemon({ server: { store: false, ...server }, streams, dashboards: [plant('Plant')], files: { 'p.csv': pumpCsv(50) } });

describe('dashboard routes', () => {
  it('lists the definitions, gives one by id, and serves the page of a known id only', async () => {
    daemon = await start();
    const list = await httpGet(`${daemon.url}/api/dashboards`);
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toEqual({ dashboards: [expected('Plant')] });
    expect(JSON.parse((await httpGet(`${daemon.url}/api/dashboards/plant`)).body)).toEqual(expected('Plant'));
    const missing = await httpGet(`${daemon.url}/api/dashboards/nope`);
    expect([missing.status, JSON.parse(missing.body)]).toEqual([404, { error: { status: 404, message: 'no such dashboard' } }]);
    const page = await httpGet(`${daemon.url}/dashboards/plant`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<realtime-dashboard url-state></realtime-dashboard>');
    expect((await httpGet(`${daemon.url}/dashboards/nope`)).status).toBe(404);
    // The start-up log line gives the pages' addresses.
    expect(daemon.logs.find((l) => l.msg === 'realtime-graph listening')?.dashboards).toEqual([`${daemon.url}/dashboards/plant`]);
  });

  it('keeps the definitions behind the token, the page open, and grants listed origins as the other routes do', async () => {
    daemon = await start({ auth: { token: TOKEN }, cors: { origins: ['http://embed.test'] } });
    const refused = await httpGet(`${daemon.url}/api/dashboards`, { Origin: 'http://embed.test' });
    expect(refused.status).toBe(401);
    const allowed = await httpGet(`${daemon.url}/api/dashboards?access_token=${TOKEN}`, { Origin: 'http://embed.test' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://embed.test');
    const other = await httpGet(`${daemon.url}/api/dashboards/plant`, {
      Authorization: `Bearer ${TOKEN}`,
      Origin: 'http://elsewhere.test',
    });
    expect(other.status).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect((await httpGet(`${daemon.url}/dashboards/plant`)).status).toBe(200);
  });

  it('reloads an edited dashboard, tells open streams which one changed, and keeps it when an edit is invalid', async () => {
    daemon = await start();
    const viewer = await connectSse(`${daemon.url}/api/streams/p1/events`);
    await viewer.until((events) => events.some((e) => e.event === 'update'));
    await writeFile(
      daemon.configFile,
      stringify({ server: { port: 0, dataDir: '../data', store: false }, streams, dashboards: [plant('Renamed')] }),
    );
    const result = await daemon.reload();
    expect(result).toEqual({ ok: true, changes: { added: [], removed: [], changed: [], dashboards: ['plant'] } });
    expect(JSON.parse((await httpGet(`${daemon.url}/api/dashboards/plant`)).body)).toEqual(expected('Renamed'));
    await viewer.until((events) => events.some((e) => e.event === 'streams'));
    expect(viewer.events.filter((e) => e.event === 'streams').map((e) => JSON.parse(e.data))).toEqual([
      { added: [], removed: [], changed: [], dashboards: ['plant'] },
    ]);
    expect(viewer.events.map((e) => e.event)).not.toContain('end'); // the stream itself did not change

    const broken = { ...plant('Broken'), panels: [{ type: 'value', stream: 'p1', column: 'nope' }] };
    await writeFile(daemon.configFile, stringify({ server: { port: 0, dataDir: '../data', store: false }, streams, dashboards: [broken] }));
    const rejected = await daemon.reload();
    expect(rejected.ok).toBe(false);
    expect(rejected.ok ? [] : rejected.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'dashboards[0] (id "plant").panels[0].column: stream "p1" has no column "nope" (columns: sensor_04)',
    ]);
    expect(JSON.parse((await httpGet(`${daemon.url}/api/dashboards/plant`)).body)).toEqual(expected('Renamed'));
    viewer.close();
  });

  it('sends the unit of a column in the stream description', async () => {
    daemon = await start();
    const info = JSON.parse((await httpGet(`${daemon.url}/api/streams/p1`)).body);
    expect(info.columns).toEqual([{ name: 'sensor_04', type: 'number', axis: 'y', unit: 'A' }]);
  });
});
