import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AlertData } from '../../src/protocol/events.js';
import type { BacktestReport } from '../../src/protocol/backtest.js';
import { crashLogs, type DaemonProcess, spawnDaemon } from '../helpers/cli.js';
import { connectSse, httpGet } from '../helpers/sse-client.js';
import { tempDir } from '../helpers/temp.js';

// Issue 28's promise: replaying a file live, every `alert` event's time equals the backtest's
// firing time for that rule. A daemon of its own (the built CLI) replays this file at 6,000× its
// data time; its route backtests the same stream.
//
// 300 rows, one a minute from 2024-01-01 00:00 UTC. x wiggles between 48 and 52, but is 30 at
// minutes 40–44 (a dip in normal operation), 90–114 and 205–234 (before and during the failures);
// status is BROKEN at minutes 100–114 and 220–234, NORMAL otherwise.
// - `low` (x below 40 for 2m) fires at the third low row: 00:42, 01:32, 03:27, and resolves at
//   the first row back: 00:45, 01:55, 03:55. With a 30-minute window, 00:42 is a false alarm.
// - `zdrop` (zscore of x over 60 minutes below −3, for 2 points): with k values of 30 among n near
//   50, the newest 30 has z ≈ −√((n − k) / k). It fires at the second low row of the dip, 00:41
//   (k = 2 of 42: −4.5; the live value is −4.2 with the wiggle), and resolves at 00:44 (5 of 45:
//   −2.8). At 01:31 the dip of 00:40 is still in the hour (7 of 61: −2.8): no firing, a miss. It
//   fires at 03:26 (2 of 61: −5.4) and resolves at 03:30 (6 of 61: −3.0, −2.9 with the wiggle).
const ROWS = 300;
const T0 = Date.UTC(2024, 0, 1);
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const low = (m: number) => (m >= 40 && m < 45) || (m >= 90 && m < 115) || (m >= 205 && m < 235);
const broken = (m: number) => (m >= 100 && m < 115) || (m >= 220 && m < 235);

function recording(): string {
  const lines = ['timestamp,x,status'];
  for (let m = 0; m < ROWS; m++) {
    const x = low(m) ? 30 : 50 + ((m * 7) % 5) - 2;
    lines.push(`${at(m).slice(0, 19).replace('T', ' ')},${x},${broken(m) ? 'BROKEN' : 'NORMAL'}`);
  }
  return `${lines.join('\n')}\n`;
}

let dir: Awaited<ReturnType<typeof tempDir>>;
let daemon: DaemonProcess;
beforeAll(async () => {
  dir = await tempDir('rtg-live-backtest-');
  await dir.write('data/pump.csv', recording());
  const stream = {
    id: 'pump',
    // 6,000× data time: a minute of data every 10 ms, the whole file in 3 s
    source: { type: 'csv', file: 'pump.csv', timestampColumn: 'timestamp', speed: 6000 },
    columns: ['timestamp', 'x', { column: 'status', type: 'text' }],
    stages: [{ type: 'zscore', column: 'x', window: '60m', as: 'x_z' }],
    states: { column: 'status' },
    alerts: [
      { name: 'low', column: 'x', below: 40, for: '2m' },
      { name: 'zdrop', column: 'x_z', below: -3, for: 2 },
    ],
  };
  await dir.write('config.yaml', stringify({ server: { dataDir: 'data', store: false }, streams: [stream] }));
  daemon = await spawnDaemon(['--config', dir.path('config.yaml')]);
});
afterAll(async () => {
  daemon?.child.kill('SIGTERM');
  await daemon?.exited;
  await dir?.remove();
});

/** Firing spans from alert transitions, as a viewer sees them: firing starts one, resolved ends it. */
function liveSpans(alerts: AlertData[], rule: string): { start: string; end: string | null }[] {
  const spans: { start: string; end: string | null }[] = [];
  for (const a of alerts.filter((x) => x.rule === rule)) {
    if (a.state === 'firing') spans.push({ start: a.at, end: null });
    else spans.at(-1)!.end = a.at;
  }
  return spans;
}

describe('live and backtest', () => {
  it('fire and resolve each rule at the same data times', async () => {
    // The stream starts with its first viewer: this one sees every row and every transition.
    const sse = await connectSse(`${daemon.url}/api/streams/pump/events`);
    const events = await sse.until((all) => all.some((e) => e.event === 'jobfinished'), 30_000);
    sse.close();
    const alerts = events.filter((e) => e.event === 'alert').map((e) => JSON.parse(e.data) as AlertData);

    const res = await httpGet(`${daemon.url}/api/streams/pump/backtest?window=30m`);
    expect(res.status).toBe(200);
    const report = JSON.parse(res.body) as BacktestReport;
    expect(report.rows).toBe(ROWS);
    expect(report.failures).toEqual([
      { start: at(100), end: at(115) },
      { start: at(220), end: at(235) },
    ]);

    const [lowLine, zLine] = report.rules;
    // The hand counts.
    expect(lowLine!.spans).toEqual([
      { start: at(42), end: at(45) },
      { start: at(92), end: at(115) },
      { start: at(207), end: at(235) },
    ]);
    expect(lowLine!.falseAlarms).toEqual([at(42)]);
    expect(lowLine!.failures.map((f) => f.leadMs)).toEqual([8 * 60_000, 13 * 60_000]);
    expect(zLine!.spans).toEqual([
      { start: at(41), end: at(44) },
      { start: at(206), end: at(210) },
    ]);
    expect(zLine!.falseAlarms).toEqual([at(41)]);
    expect(zLine!.failures.map((f) => f.leadMs)).toEqual([null, 14 * 60_000]);

    // Live and backtest: the same transitions, at exactly the same times, for every rule.
    expect(liveSpans(alerts, 'low')).toEqual(lowLine!.spans);
    expect(liveSpans(alerts, 'zdrop')).toEqual(zLine!.spans);
    expect(alerts).toHaveLength(2 * 3 + 2 * 2);
    expect(crashLogs(daemon.logs)).toEqual([]);
  });
});
