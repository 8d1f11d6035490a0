import { execFileSync } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { connectSse, httpGet } from '../../helpers/sse-client.js';
import { startTestDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { tempDir } from '../../helpers/temp.js';

// Every cell kind a client of the original sees as text: an empty cell, quoted cells (a comma, doubled
// quotes, a line break), non-ASCII text, many decimals, leading spaces, and a short row.
const GOLDEN_CSV = [
  'timestamp,sensor_00,sensor_04,sensor_18,sensor_34,machine_status',
  '2018-04-12 09:55:00,0.1,0.9936126699696886012345,, 7,NORMAL',
  '2018-04-12 09:56:00,0.2,"1,5","say ""hi""",0.50,NORMAL',
  '2018-04-12 09:57:00,0.3,Zürich €,😀,-0.000012345000,BROKEN',
  '2018-04-12 09:58:00,0.4,"two',
  'lines",1e-05',
].join('\n');

// What the original sends for GOLDEN_CSV: csv.DictReader rows, json.dumps of the four columns.
const GOLDEN_BYTES =
  'event: update\ndata: {"timestamp": "2018-04-12 09:55:00", "sensor_04": "0.9936126699696886012345", "sensor_18": "", "sensor_34": " 7"}\n\n' +
  'event: update\ndata: {"timestamp": "2018-04-12 09:56:00", "sensor_04": "1,5", "sensor_18": "say \\"hi\\"", "sensor_34": "0.50"}\n\n' +
  'event: update\ndata: {"timestamp": "2018-04-12 09:57:00", "sensor_04": "Z\\u00fcrich \\u20ac", "sensor_18": "\\ud83d\\ude00", "sensor_34": "-0.000012345000"}\n\n' +
  'event: update\ndata: {"timestamp": "2018-04-12 09:58:00", "sensor_04": "two\\nlines", "sensor_18": "1e-05", "sensor_34": null}\n\n' +
  'event: jobfinished\ndata: none\n\n';

// The original demo's loop, run by Python itself on the same file.
const PYTHON_DEMO = `
import csv, json, sys
with open(sys.argv[1], encoding='utf-8') as f:
    for row in csv.DictReader(f):
        sys.stdout.write('event: update\\ndata: ' + json.dumps({k: row[k] for k in ('timestamp', 'sensor_04', 'sensor_18', 'sensor_34')}) + '\\n\\n')
sys.stdout.write('event: jobfinished\\ndata: none\\n\\n')
`;

function python3Missing(): string | undefined {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'python3 is not on PATH (needed to cross-check the bytes of json.dumps)';
  }
}

let daemon: TestDaemon;
let outside: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  outside = await tempDir('rtg-outside-');
  await outside.write('planted.csv', 'timestamp,sensor_04,sensor_18,sensor_34\nPLANTED-SECRET,1,1,1\n');
  daemon = await startTestDaemon({
    streams: [{ id: 'a', source: { type: 'csv', file: 'golden.csv' }, columns: ['timestamp', 'sensor_04'] }],
    files: {
      'golden.csv': GOLDEN_CSV,
      'nested/other.csv': GOLDEN_CSV,
      'no_columns.csv': 'timestamp,x\n2018-04-12 09:55:00,1\n',
      'changing.csv': 'timestamp,sensor_04,sensor_18,sensor_34\n2024-01-01 00:00:00,1,2,3\n',
      'empty_rows.csv': 'timestamp,sensor_04,sensor_18,sensor_34\n',
    },
  });
  await symlink(outside.path('planted.csv'), `${daemon.dataDir}/link.csv`);
});
afterAll(async () => {
  await daemon?.stop();
  await outside?.remove();
});

async function replay(name: string): Promise<string> {
  const sse = await connectSse(`${daemon.url}/runPredict?predictCSVFileName=${encodeURIComponent(name)}`);
  expect(sse.status).toBe(200);
  await sse.ended;
  return sse.raw();
}

async function fileParses(): Promise<number> {
  const body = (await httpGet(`${daemon.url}/metrics`)).body;
  return Number(/^rtg_runpredict_file_parses_total (\d+)$/m.exec(body)?.[1]);
}

describe('GET /runPredict (the original demo endpoint)', () => {
  it('sends each cell as the text in the file, escaped and separated as json.dumps does, then jobfinished', async () => {
    const started = Date.now();
    const sse = await connectSse(`${daemon.url}/runPredict?predictCSVFileName=golden.csv`);
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(sse.headers['cache-control']).toBe('no-cache');
    await sse.ended;
    expect(sse.raw()).toBe(GOLDEN_BYTES);
    // four rows at 10 rows/s, then jobfinished: due 400 ms after the first row
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('finds files in subdirectories of the data directory by their catalogue name', async () => {
    expect(await replay('nested/other.csv')).toBe(GOLDEN_BYTES);
  });

  it('replays a file with a header and no rows as jobfinished alone', async () => {
    expect(await replay('empty_rows.csv')).toBe('event: jobfinished\ndata: none\n\n');
  });

  it('answers 404 for names that are not in the catalogue, and never reads outside data/', async () => {
    const names = [
      '../x',
      '/etc/passwd',
      '%2e%2e%2fetc%2fpasswd',
      '..%5c..%5cx',
      'golden.csv%00',
      'link.csv',
      `../${outside.root}/planted.csv`,
    ];
    for (const name of names) {
      const res = await httpGet(`${daemon.url}/runPredict?predictCSVFileName=${name}`);
      expect(res.status, name).toBe(404);
      expect(JSON.parse(res.body).error.status).toBe(404);
      expect(res.body).not.toContain('PLANTED');
      expect(res.body).not.toContain('root:');
    }
  });

  it('answers 400 without a name or with the name given twice, 405 to other methods', async () => {
    expect((await httpGet(`${daemon.url}/runPredict`)).status).toBe(400);
    const twice = await httpGet(`${daemon.url}/runPredict?predictCSVFileName=golden.csv&predictCSVFileName=golden.csv`);
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.body)).toEqual({
      error: { status: 400, message: 'query parameter predictCSVFileName is given more than once' },
    });
    const post = await fetch(`${daemon.url}/runPredict?predictCSVFileName=golden.csv`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers HEAD with the headers alone', async () => {
    const head = await fetch(`${daemon.url}/runPredict?predictCSVFileName=golden.csv`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await head.text()).toBe('');
  });

  it('answers 422 naming the column when the file lacks the demo columns', async () => {
    const res = await httpGet(`${daemon.url}/runPredict?predictCSVFileName=no_columns.csv`);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body).error.message).toMatch(/"sensor_04".*no_columns\.csv/);
  });
});

describe('GET /runPredict shares one parse of a file', () => {
  it('parses an unchanged file once for all its requests, and again after it changed', async () => {
    const path = `${daemon.dataDir}/changing.csv`;
    const before = await fileParses();
    const first = 'event: update\ndata: {"timestamp": "2024-01-01 00:00:00", "sensor_04": "1", "sensor_18": "2", "sensor_34": "3"}\n\n';
    expect(await replay('changing.csv')).toBe(`${first}event: jobfinished\ndata: none\n\n`);
    expect(await Promise.all([replay('changing.csv'), replay('changing.csv')])).toEqual([
      `${first}event: jobfinished\ndata: none\n\n`,
      `${first}event: jobfinished\ndata: none\n\n`,
    ]);
    expect(await fileParses()).toBe(before + 1);

    await writeFile(path, 'timestamp,sensor_04,sensor_18,sensor_34\n2024-01-01 00:01:00,4,5,6.5\n');
    expect(await replay('changing.csv')).toBe(
      'event: update\ndata: {"timestamp": "2024-01-01 00:01:00", "sensor_04": "4", "sensor_18": "5", "sensor_34": "6.5"}\n\n' +
        'event: jobfinished\ndata: none\n\n',
    );
    expect(await fileParses()).toBe(before + 2);
  });
});

describeIfAvailable('GET /runPredict against Python itself', python3Missing(), () => {
  it('sends exactly the bytes that csv.DictReader + json.dumps produce for the same file', async () => {
    const python = execFileSync('python3', ['-c', PYTHON_DEMO, `${daemon.dataDir}/golden.csv`], { encoding: 'utf8' });
    expect(python).toBe(GOLDEN_BYTES);
    expect(await replay('golden.csv')).toBe(python);
  });
});
