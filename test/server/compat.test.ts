import { symlink } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSse, httpGet } from '../helpers/sse-client.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { tempDir } from '../helpers/temp.js';

const DEMO_CSV = [
  'timestamp,sensor_00,sensor_04,sensor_18,sensor_34,machine_status',
  '2018-04-12 09:55:00,0.1,0.9936126699696886,0.24019730457142274,1,NORMAL',
  '2018-04-12 09:56:00,0.2,0.00001,,0.5,NORMAL',
  '2018-04-12 09:57:00,0.3,0,n/a,0.75,BROKEN',
].join('\n');

let daemon: TestDaemon;
let outside: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  outside = await tempDir('rtg-outside-');
  await outside.write('planted.csv', 'timestamp,sensor_04,sensor_18,sensor_34\nPLANTED-SECRET,1,1,1\n');
  daemon = await startTestDaemon({
    streams: [{ id: 'a', source: { type: 'csv', file: 'demo.csv' }, columns: ['timestamp', 'sensor_04'] }],
    files: { 'demo.csv': DEMO_CSV, 'nested/other.csv': DEMO_CSV, 'no_columns.csv': 'timestamp,x\n2018-04-12 09:55:00,1\n' },
  });
  await symlink(outside.path('planted.csv'), `${daemon.dataDir}/link.csv`);
});
afterAll(async () => {
  await daemon?.stop();
  await outside?.remove();
});

describe('GET /runPredict (the original demo endpoint)', () => {
  it('streams the file with the original wire format, byte for byte', async () => {
    const started = Date.now();
    const sse = await connectSse(`${daemon.url}/runPredict?predictCSVFileName=demo.csv`);
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await sse.ended;
    expect(sse.raw()).toBe(
      'event: update\ndata: {"timestamp": "2018-04-12 09:55:00", "sensor_04": 0.9936126699696886, "sensor_18": 0.24019730457142274, "sensor_34": 1.0}\n\n' +
        'event: update\ndata: {"timestamp": "2018-04-12 09:56:00", "sensor_04": 1e-05, "sensor_18": null, "sensor_34": 0.5}\n\n' +
        'event: update\ndata: {"timestamp": "2018-04-12 09:57:00", "sensor_04": 0.0, "sensor_18": null, "sensor_34": 0.75}\n\n' +
        'event: jobfinished\ndata: none\n\n',
    );
    // three rows at 10 rows/s: the last is due 200 ms after the first
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
  });

  it('finds files in subdirectories of the data directory by their catalogue name', async () => {
    const sse = await connectSse(`${daemon.url}/runPredict?predictCSVFileName=nested/other.csv`);
    await sse.ended;
    expect(sse.events.filter((e) => e.event === 'update')).toHaveLength(3);
  });

  it('answers 404 for names that are not in the catalogue, and never reads outside data/', async () => {
    const names = ['../x', '/etc/passwd', '%2e%2e%2fetc%2fpasswd', '..%5c..%5cx', 'demo.csv%00', 'link.csv', `../${outside.root}/planted.csv`];
    for (const name of names) {
      const res = await httpGet(`${daemon.url}/runPredict?predictCSVFileName=${name}`);
      expect(res.status, name).toBe(404);
      expect(JSON.parse(res.body).error.status).toBe(404);
      expect(res.body).not.toContain('PLANTED');
      expect(res.body).not.toContain('root:');
    }
  });

  it('answers 400 without a name or with the name given twice', async () => {
    expect((await httpGet(`${daemon.url}/runPredict`)).status).toBe(400);
    const twice = await httpGet(`${daemon.url}/runPredict?predictCSVFileName=demo.csv&predictCSVFileName=demo.csv`);
    expect(twice.status).toBe(400);
  });

  it('answers 422 naming the column when the file lacks the demo columns', async () => {
    const res = await httpGet(`${daemon.url}/runPredict?predictCSVFileName=no_columns.csv`);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body).error.message).toMatch(/"sensor_04".*no_columns\.csv/);
  });
});
