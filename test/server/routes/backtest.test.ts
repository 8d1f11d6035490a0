import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestReport } from '../../../src/protocol/backtest.js';
import { builtinSources, SourceRegistry } from '../../../src/sources/registry.js';
import { startTestDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { scriptedPlugin } from '../../helpers/scripted-source.js';
import { httpGet } from '../../helpers/sse-client.js';

const TOKEN = 'backtest-token-0123456789abcdef';
const MINUTE = 60_000;
/** 2024-01-01 hh:mm UTC as the report writes it. */
const at = (hh: number, mm: number) => new Date(Date.UTC(2024, 0, 1, hh, mm)).toISOString();

// A hand-made recording: 240 rows, one a minute from 2024-01-01 00:00 UTC.
// - status BROKEN at minutes 180–189 (03:00–03:10), NORMAL otherwise: one failure, at 03:00.
// - x is 50, but 5 at minutes 20–24 (a dip in normal operation) and 150–199 (from 02:30 until 03:20).
// - y is 0, but 10 at minutes 100–109 (01:40–01:50) and 170–175 (02:50–02:56).
// Rule `low` (x below 10 for 2m) fires at the third breaching row, 2 min of data time after the
// first: at 00:22 (resolves 00:25, x back at 50) and at 02:32 (resolves 03:20).
// Rule `spike` (y above 5) fires at the first breaching row: 01:40 (resolves 01:50) and 02:50 (resolves 02:56).
// With a 1 h window the failure's warnings count from 02:00: `low` warns at 02:32 (28 min ahead) and
// falsely at 00:22 (no failure within an hour); `spike` warns at 02:50 (10 min) and falsely at 01:40.
function recording(): string {
  const lines = ['timestamp,x,y,status'];
  for (let m = 0; m < 240; m++) {
    const t = new Date(Date.UTC(2024, 0, 1, 0, m)).toISOString().slice(0, 19).replace('T', ' ');
    const x = (m >= 20 && m < 25) || (m >= 150 && m < 200) ? 5 : 50;
    const y = (m >= 100 && m < 110) || (m >= 170 && m < 176) ? 10 : 0;
    lines.push(`${t},${x},${y},${m >= 180 && m < 190 ? 'BROKEN' : 'NORMAL'}`);
  }
  return `${lines.join('\n')}\n`;
}

const columns = ['timestamp', 'x', 'y', { column: 'status', type: 'text' }];
const watch = {
  id: 'watch',
  source: { type: 'csv', file: 'rec.csv', rate: 10 },
  columns,
  states: { column: 'status' },
  alerts: [
    { name: 'low', column: 'x', below: 10, for: '2m' },
    { name: 'spike', column: 'y', above: 5 },
  ],
};

let daemon: TestDaemon;
let secured: TestDaemon;
beforeAll(async () => {
  const scripted = scriptedPlugin();
  daemon = await startTestDaemon({
    registry: new SourceRegistry([...builtinSources, scripted.plugin]),
    streams: [
      watch,
      { ...watch, id: 'stateless', states: undefined },
      { ...watch, id: 'quiet', alerts: [] },
      { ...watch, id: 'later', source: { type: 'csv', file: 'later.csv', rate: 10 } },
      { ...watch, id: 'feed', source: { type: 'scripted' } },
    ],
    files: { 'rec.csv': recording(), 'later.csv': recording() },
  });
  secured = await startTestDaemon({
    server: { auth: { token: TOKEN }, cors: { origins: ['https://dash.example.com'] } },
    streams: [watch],
    files: { 'rec.csv': recording() },
  });
});
afterAll(async () => {
  await daemon?.stop();
  await secured?.stop();
});

async function backtest(query: string, base = daemon.url, headers: Record<string, string> = {}) {
  const res = await httpGet(`${base}/api/streams/${query}`, headers);
  return { ...res, json: JSON.parse(res.body) };
}

describe('GET /api/streams/:id/backtest', () => {
  it('reports the spans, lead times and false alarms counted by hand', async () => {
    const res = await backtest('watch/backtest?window=1h');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const report = res.json as BacktestReport;
    expect(report).toMatchObject({
      stream: 'watch',
      file: 'rec.csv',
      rows: 240,
      skipped: 0,
      from: at(0, 0),
      to: at(3, 59),
      windowMs: 60 * MINUTE,
      failureStates: ['BROKEN'],
      profile: { name: 'standard', tp: 1, fp: 0.11, fn: 1 },
      failures: [{ start: at(3, 0), end: at(3, 10) }],
    });
    const lines = report.rules.map(({ rule, alert, spans, failures, missed, falseAlarms, firingMs }) => ({
      rule,
      alert,
      spans,
      failures,
      missed,
      falseAlarms,
      firingMs,
    }));
    expect(lines).toEqual([
      {
        rule: 'low',
        alert: { name: 'low', column: 'x', below: 10, for: '2m' },
        spans: [
          { start: at(0, 22), end: at(0, 25) },
          { start: at(2, 32), end: at(3, 20) },
        ],
        failures: [{ failureAt: at(3, 0), warnedAt: at(2, 32), leadMs: 28 * MINUTE }],
        missed: 0,
        falseAlarms: [at(0, 22)],
        firingMs: (3 + 48) * MINUTE,
      },
      {
        rule: 'spike',
        alert: { name: 'spike', column: 'y', above: 5 },
        spans: [
          { start: at(1, 40), end: at(1, 50) },
          { start: at(2, 50), end: at(2, 56) },
        ],
        failures: [{ failureAt: at(3, 0), warnedAt: at(2, 50), leadMs: 10 * MINUTE }],
        missed: 0,
        falseAlarms: [at(1, 40)],
        firingMs: (10 + 6) * MINUTE,
      },
      {
        // spike's 02:50–02:56 lies inside low's 02:32–03:20
        rule: '(any rule)',
        alert: undefined,
        spans: [
          { start: at(0, 22), end: at(0, 25) },
          { start: at(1, 40), end: at(1, 50) },
          { start: at(2, 32), end: at(3, 20) },
        ],
        failures: [{ failureAt: at(3, 0), warnedAt: at(2, 32), leadMs: 28 * MINUTE }],
        missed: 0,
        falseAlarms: [at(0, 22), at(1, 40)],
        firingMs: (3 + 10 + 48) * MINUTE,
      },
    ]);
  });

  it('tries thresholds from the query: a longer `for` warns too late, a higher `above` never fires', async () => {
    // low for 35m: the dip at 00:20 is too short; from 02:30 it fires at 03:05, inside the failure
    // (03:00–03:10: neither a warning nor a false alarm). spike above 20 never fires.
    const res = await backtest('watch/backtest?window=1h&rule.low.for=35m&rule.spike.above=20');
    expect(res.status).toBe(200);
    const [low, spike, any] = (res.json as BacktestReport).rules;
    expect(low).toMatchObject({
      condition: 'x below 10 for 35m',
      alert: { name: 'low', column: 'x', below: 10, for: '35m' },
      spans: [{ start: at(3, 5), end: at(3, 20) }],
      failures: [{ failureAt: at(3, 0), warnedAt: null, leadMs: null }],
      missed: 1,
      falseAlarms: [],
    });
    expect(spike).toMatchObject({ condition: 'y above 20', spans: [], missed: 1, falseAlarms: [], firingMs: 0 });
    expect(any).toMatchObject({ spans: [{ start: at(3, 5), end: at(3, 20) }], missed: 1, falseAlarms: [] });
  });

  it('takes a for of points, below in place of above, a longer window and other failure states', async () => {
    // spike below 5 for 3 points: y is 0 from the first row, so it fires at 00:02 and resolves at 01:40;
    // again at 01:52 until 02:50, and at 02:58 until the end (never resolved).
    // The failure: BROKEN and NORMAL together start at the first row, so the one episode starts at 00:00.
    const res = await backtest('watch/backtest?window=2h&rule.spike.below=5&rule.spike.for=3');
    const spike = (res.json as BacktestReport).rules[1]!;
    expect(spike.alert).toEqual({ name: 'spike', column: 'y', below: 5, for: 3 });
    expect(spike.spans).toEqual([
      { start: at(0, 2), end: at(1, 40) },
      { start: at(1, 52), end: at(2, 50) },
      { start: at(2, 58), end: null },
    ]);
    // With a 2 h window, low's 00:22 is still too early for the 03:00 failure; spike's 01:52 warns first.
    expect(spike.failures).toEqual([{ failureAt: at(3, 0), warnedAt: at(1, 52), leadMs: 68 * MINUTE }]);
    const both = await backtest('watch/backtest?window=1h&failure=BROKEN&failure=NORMAL');
    expect((both.json as BacktestReport).failures).toEqual([{ start: at(0, 0), end: null }]);
    expect((both.json as BacktestReport).failureStates).toEqual(['BROKEN', 'NORMAL']);
  });

  it('answers a file written anew with a new backtest, not the kept one', async () => {
    const first = await backtest('later/backtest?window=1h');
    expect((first.json as BacktestReport).rows).toBe(240);
    await writeFile(join(daemon.dataDir, 'later.csv'), recording().split('\n').slice(0, 101).join('\n'));
    const second = await backtest('later/backtest?window=1h');
    expect(second.status).toBe(200);
    expect((second.json as BacktestReport).rows).toBe(100);
    expect((second.json as BacktestReport).failures).toEqual([]);
  });

  it.each([
    ['watch/backtest?rule.lo.above=1', 'stream watch has no alert rule "lo" (rules: low, spike)'],
    ['watch/backtest?rule.low.below=abc', 'rule.low.below: Invalid input: expected number, received NaN'],
    ['watch/backtest?rule.low.below=', 'rule.low.below: Invalid input: expected number, received NaN'],
    ['watch/backtest?rule.low.for=soon', 'rule.low.for: a duration such as "500ms", "30s", "10m", "2h" or "1d"'],
    [
      'watch/backtest?rule.low.level=3',
      'unknown query parameter rule.low.level (window, failure, profile, rule.<name>.above|below|for|resolve)',
    ],
    ['watch/backtest?rule.low.below=1&rule.low.below=2', 'query parameter rule.low.below is given more than once'],
    ['watch/backtest?window=soon', 'query parameter window needs a duration such as 30m, 6h or 24h'],
    ['watch/backtest?window=0m', 'query parameter window needs a duration such as 30m, 6h or 24h'],
    ['watch/backtest?profile=best', 'query parameter profile must be one of standard, reward-low-fp, reward-low-fn'],
    ['watch/backtest?failure=', 'query parameter failure names up to 16 state values, each 1 to 200 characters'],
    ['stateless/backtest', 'stream stateless has no states: a backtest finds the failures in its state column'],
    ['quiet/backtest', 'stream quiet has no alert rules to backtest'],
    ['feed/backtest', 'stream feed reads scripted; a backtest replays CSV files'],
  ])('answers %s with 400 and the reason', async (query, message) => {
    const res = await backtest(query);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { status: 400, message } });
  });

  it('answers an unknown stream with 404', async () => {
    const res = await backtest('nope/backtest');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { status: 404, message: 'no such stream' } });
  });

  it('asks for the token and grants an allowed origin, as every /api route', async () => {
    const url = `${secured.url}/api/streams/watch/backtest?window=1h`;
    expect((await httpGet(url)).status).toBe(401);
    expect((await httpGet(url, { Authorization: 'Bearer wrong' })).status).toBe(401);
    const allowed = await httpGet(url, { Authorization: `Bearer ${TOKEN}`, Origin: 'https://dash.example.com' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    expect((JSON.parse(allowed.body) as BacktestReport).rules[0]!.failures[0]!.leadMs).toBe(28 * MINUTE);
    // The token as a query parameter (how the element sends it) is the auth's, not a bad backtest parameter.
    const byQuery = await httpGet(`${url}&access_token=${TOKEN}`);
    expect(byQuery.status).toBe(200);
    expect((JSON.parse(byQuery.body) as BacktestReport).rules[1]!.failures[0]!.leadMs).toBe(10 * MINUTE);
    expect((await httpGet(`${url}&access_token=nope`)).status).toBe(401);
  });
});
