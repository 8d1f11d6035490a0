import { symlink } from 'node:fs/promises';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDir } from '../../src/sources/data-dir.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

const SECRET = 'PLANTED-SECRET-4f1d';
let daemon: TestDaemon;
let outside: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  outside = await tempDir('rtg-outside-');
  await outside.write('planted.csv', `timestamp,sensor_04,sensor_18,sensor_34\n${SECRET},1,1,1\n`);
  daemon = await startTestDaemon({
    streams: [{ id: 'ok', source: { type: 'csv', file: 'p.csv' }, columns: ['timestamp', 'sensor_04'] }],
    files: { 'p.csv': pumpCsv(5) },
  });
  // a symlink inside data/ that points outside it
  await symlink(outside.path('planted.csv'), `${daemon.dataDir}/escape.csv`);
  await symlink(outside.root, `${daemon.dataDir}/outside-dir`);
});
afterAll(async () => {
  await daemon?.stop();
  await outside?.remove();
});

/** A GET sent exactly as written (no normalization of `..` or `//`), returning status and body. */
function rawGet(path: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(daemon.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const HOSTILE_NAMES = [
  '../x',
  '../../../../etc/passwd',
  '/etc/passwd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%252e%252e%252f',
  '..%5c..%5cwindows',
  '..\\..\\x',
  'p.csv%00',
  '%00',
  'escape.csv',
  'outside-dir/planted.csv',
  `../${'x'.repeat(10)}/planted.csv`,
  '//',
  '%2f%2f',
  'x'.repeat(10_000),
];

function expectRefused(res: { status: number; type: string; body: string }, what: string) {
  expect([400, 403, 404], what).toContain(res.status);
  expect(res.type, what).toMatch(/^application\/json/);
  expect(JSON.parse(res.body).error.status, what).toBe(res.status);
  expect(res.body, what).not.toContain(SECRET);
  expect(res.body, what).not.toMatch(/root:|at .*\.(js|ts):\d+/);
}

describe('hostile names', () => {
  it.each(HOSTILE_NAMES)('stream id %s → 400/404 JSON, nothing outside data/', async (name) => {
    for (const path of [`/api/streams/${name}`, `/api/streams/${name}/events`]) expectRefused(await rawGet(path), path);
  });

  it.each(HOSTILE_NAMES)('predictCSVFileName %s → 400/404 JSON, nothing outside data/', async (name) => {
    expectRefused(await rawGet(`/runPredict?predictCSVFileName=${name}`), name.slice(0, 40));
  });

  it.each([
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '//etc/passwd',
    '/realtime-graph.js%00.html',
    '/chunks/../../../package.json',
    `/${'a'.repeat(10_000)}`,
  ])('static path %s → refused, never a file outside the public directory', async (path) => {
    expectRefused(await rawGet(path), path);
  });

  it('a repeated query key is a 400, not an array to trip over', async () => {
    expectRefused(await rawGet('/runPredict?predictCSVFileName=p.csv&predictCSVFileName=p.csv'), 'repeated');
    expectRefused(await rawGet('/api/streams/ok/events?lastEventId=a&lastEventId=b'), 'repeated lastEventId');
  });

  it('malformed percent-encoding is refused cleanly', async () => {
    for (const path of ['/api/streams/%E0%A4%A/events', '/api/streams/%/events', '/runPredict?predictCSVFileName=%E0%A4%A']) {
      const res = await rawGet(path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body).not.toContain(SECRET);
    }
  });

  it('the catalogue never lists a link that leaves data/', async () => {
    const dataDir = await DataDir.open(daemon.dataDir);
    expect((await dataDir.catalogue()).map((e) => e.name)).toEqual(['p.csv']);
  });
});
