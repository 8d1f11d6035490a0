import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// A hand-made recording, one row a minute from 2024-01-01 00:00 UTC (300 rows):
// - value 50, except 5 at minutes 30–34 (a dip in normal operation) and from 170 on until the
//   failure ends; status BROKEN at minutes 200–219, RECOVERING 220–229, then NORMAL.
// The rule `value below 10 for 2m` fires at the third breaching row (data time 2 min after the
// first): at 00:32 (resolves 00:35), and at 02:52 (resolves at 03:40, when the value is back).
// With a 1 h window: 00:32 is a false alarm, 02:52 warns of the 03:20 failure 28 minutes ahead.
function recording(): string {
  const lines = ['timestamp,value,status'];
  for (let m = 0; m < 300; m++) {
    const t = new Date(Date.UTC(2024, 0, 1, 0, m)).toISOString().slice(0, 19).replace('T', ' ');
    const low = (m >= 30 && m < 35) || (m >= 170 && m < 220);
    const status = m >= 200 && m < 220 ? 'BROKEN' : m >= 220 && m < 230 ? 'RECOVERING' : 'NORMAL';
    lines.push(`${t},${low ? 5 : 50},${status}`);
  }
  return `${lines.join('\n')}\n`;
}

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir('rtg-backtest-');
  await dir.write('data/rec.csv', recording());
  const stream = {
    id: 'pump',
    source: { type: 'csv', file: 'rec.csv', rate: 10 },
    columns: ['timestamp', 'value', { column: 'status', type: 'text' }],
    states: { column: 'status' },
    alerts: [{ name: 'low', column: 'value', below: 10, for: '2m' }],
  };
  await dir.write('pump.yaml', stringify({ server: { dataDir: 'data' }, streams: [stream] }));
});
afterAll(() => dir?.remove());

const backtest = (...args: string[]) => runCli(['backtest', dir.path('pump.yaml'), '--window', '1h', ...args]);

describe('realtime-graph backtest', () => {
  it('prints lead times, misses and false alarms as counted by hand', async () => {
    const result = await backtest();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const score = Math.round((1000 * (2 / (1 + Math.exp(5 * (-28 / 60))) - 1 - 0.11 + 1)) / (2 / (1 + Math.exp(-5)) - 1 + 1)) / 10;
    expect(result.stdout).toBe(
      [
        'Backtest of pump on rec.csv: 300 rows, 2024-01-01 00:00 to 2024-01-01 04:59 UTC (0.21 days)',
        '1 failure(s) (start of BROKEN); a warning counts within 1 h before one; score: NAB standard profile (detection 1, false alarm −0.11, miss −1), 0 = never fires, 100 = perfect',
        '',
        'rule  failure 1 (2024-01-01 03:20)  missed  false alarms  per day  firing  score',
        `low                  28 min before     0/1             1     ${((24 * 60) / (299 - 20)).toFixed(2)}  ${(((3 + 48) / 299) * 100).toFixed(1)} %   ${score.toFixed(1)}`,
        '',
        'Rules:',
        '  low: value below 10 for 2m',
        '',
      ].join('\n'),
    );
  });

  it('gives the same figures as JSON', async () => {
    const result = await backtest('--json', '--failure', 'BROKEN', '--failure', 'RECOVERING');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      stream: 'pump',
      file: 'rec.csv',
      rows: 300,
      skipped: 0,
      from: '2024-01-01T00:00:00.000Z',
      to: '2024-01-01T04:59:00.000Z',
      windowMs: 3_600_000,
      failureStates: ['BROKEN', 'RECOVERING'],
      profile: { name: 'standard', tp: 1, fp: 0.11, fn: 1 },
      failures: [{ start: '2024-01-01T03:20:00.000Z', end: '2024-01-01T03:50:00.000Z' }],
    });
    expect(report.rules).toEqual([
      {
        rule: 'low',
        condition: 'value below 10 for 2m',
        alert: { name: 'low', column: 'value', below: 10, for: '2m' },
        spans: [
          { start: '2024-01-01T00:32:00.000Z', end: '2024-01-01T00:35:00.000Z' },
          { start: '2024-01-01T02:52:00.000Z', end: '2024-01-01T03:40:00.000Z' },
        ],
        failures: [{ failureAt: '2024-01-01T03:20:00.000Z', warnedAt: '2024-01-01T02:52:00.000Z', leadMs: 28 * 60_000 }],
        missed: 0,
        falseAlarms: ['2024-01-01T00:32:00.000Z'],
        // one false alarm in 299 − 30 minutes of normal operation
        falseAlarmsPerDay: (24 * 60) / (299 - 30),
        firingMs: (3 + 48) * 60_000,
        firingShare: (3 + 48) / 299,
        score: expect.any(Number),
      },
    ]);
  });

  it('gives the same figures as a Markdown table, false alarms per 7 days of normal operation', async () => {
    const result = await backtest('--markdown');
    expect(result.code).toBe(0);
    const score = Math.round((1000 * (2 / (1 + Math.exp(5 * (-28 / 60))) - 1 - 0.11 + 1)) / (2 / (1 + Math.exp(-5)) - 1 + 1)) / 10;
    expect(result.stdout).toBe(
      [
        '| Rule | Failure 1 (2024-01-01 03:20) | Missed | False alarms | Per 7 days | Firing | Score (standard) |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        `| \`low\` | 28 min before | 0/1 | 1 | ${((7 * 24 * 60) / (299 - 20)).toFixed(2)} | ${(((3 + 48) / 299) * 100).toFixed(1)} % | ${score.toFixed(1)} |`,
        '',
      ].join('\n'),
    );
    expect(await backtest('--markdown', '--json')).toMatchObject({
      code: 2,
      stderr: 'realtime-graph: --json and --markdown: choose one\n',
    });
  });

  it('exits 1 when a failure is warned later than --require-lead, and 0 when every one is early enough', async () => {
    const late = await backtest('--require-lead', '30m');
    expect(late.code).toBe(1);
    expect(late.stderr).toBe('realtime-graph: 1 failure(s) not warned 30 min ahead by low: 2024-01-01T03:20:00.000Z (28 min before)\n');
    expect((await backtest('--require-lead', '28m')).code).toBe(0);
  });

  it('refuses a bad duration, profile or stream with a usage error', async () => {
    expect(await backtest('--window', 'soon')).toMatchObject({
      code: 2,
      stderr: 'realtime-graph: --window needs a duration such as 30m, 6h or 24h, got "soon"\n',
    });
    expect(await backtest('--profile', 'lenient')).toMatchObject({
      code: 2,
      stderr: 'realtime-graph: --profile must be one of standard, reward-low-fp, reward-low-fn\n',
    });
    expect(await backtest('--stream', 'nope')).toMatchObject({ code: 2, stderr: 'realtime-graph: no stream nope (streams: pump)\n' });
  });
});
