import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { damagedCsv } from '../helpers/damaged-csv.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

const damaged = damagedCsv();
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir('rtg-validate-');
  await dir.write('data/damaged.csv', damaged.bytes);
  await dir.write('data/clean.csv', pumpCsv(30));
  const stream = (id: string, file: string) => ({ id, source: { type: 'csv', file }, columns: ['timestamp', 'sensor_04'] });
  await dir.write('ok.yaml', stringify({ server: { dataDir: 'data' }, streams: [stream('a', 'clean.csv'), stream('b', 'clean.csv')] }));
  await dir.write('bad.yaml', stringify({ server: { dataDir: 'data' }, streams: [stream('c', 'clean.csv'), stream('d', 'damaged.csv')] }));
  const dashboards = [
    { id: 'd1', title: 'D', panels: [{ type: 'state', stream: 'a' }] },
    { id: 'd2', title: 'E', panels: [{ type: 'chart', stream: 'b' }] },
  ];
  await dir.write(
    'dashboards.yaml',
    stringify({ server: { dataDir: 'data' }, streams: [stream('a', 'clean.csv'), stream('b', 'clean.csv')], dashboards }),
  );
  await dir.write('missing.yaml', stringify({ server: { dataDir: 'data' }, streams: [stream('e', 'nope.csv')] }));
});
afterAll(() => dir?.remove());

describe('realtime-graph validate --data', () => {
  it('reads each file once, however many streams replay it, and exits 0 when every record is good', async () => {
    const result = await runCli(['validate', '--data', dir.path('ok.yaml')]);
    expect(result.stdout).toBe(`ok: 2 stream(s) in ${dir.path('ok.yaml')}\nclean.csv (streams a, b): 30 records, 30 good\n`);
    expect(result.code).toBe(0);
  });

  it('counts the records of a damaged file by kind, with the first lines of each, and exits 1 when records would be skipped', async () => {
    const result = await runCli(['validate', '--data', dir.path('bad.yaml')]);
    const { lines } = damaged;
    expect(result.stdout).toBe(
      `ok: 2 stream(s) in ${dir.path('bad.yaml')}\n` +
        'clean.csv (stream c): 30 records, 30 good\n' +
        `damaged.csv (stream d): 301 records, 296 good,\n` +
        `  2 ragged (kept, with gaps): lines ${lines.ragged.join(', ')}\n` +
        `  1 invalid UTF-8 (kept, as U+FFFD): line ${lines.invalidUtf8[0]}\n` +
        `  1 oversized (skipped): line ${lines.oversized[0]}\n` +
        `  1 unterminated quote at the end (skipped): line ${lines.unterminated[0]}\n`,
    );
    expect(result.code).toBe(1);
  });

  it('says which file cannot be replayed, and exits 1', async () => {
    const result = await runCli(['validate', '--data', dir.path('missing.yaml')]);
    expect(result.stdout).toContain('nope.csv (stream e): file nope.csv does not exist in the data directory');
    expect(result.code).toBe(1);
  });

  it('without --data, reads no data file', async () => {
    const result = await runCli(['validate', dir.path('missing.yaml')]);
    expect(result).toMatchObject({ code: 0, stdout: `ok: 1 stream(s) in ${dir.path('missing.yaml')}\n` });
  });

  it('counts the dashboards too', async () => {
    const result = await runCli(['validate', dir.path('dashboards.yaml')]);
    expect(result).toMatchObject({ code: 0, stdout: `ok: 2 stream(s) and 2 dashboard(s) in ${dir.path('dashboards.yaml')}\n` });
  });
});
