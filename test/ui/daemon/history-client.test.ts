import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HistoryData } from '../../../src/protocol/events.js';
import { HistoryClient } from '../../../src/ui/daemon/history-client.js';
import { rangeCsv, type RangeSource } from '../../../src/ui/feeds/range-export.js';
import { answerRows, historyLines } from '../../../src/ui/history-range.js';
import { startTestDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { httpGet } from '../../helpers/sse-client.js';
import { pumpCsv, watchRows } from '../../helpers/temp.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2024, 0, 1);
const ROWS = 3000;
const timeOf = (i: number) => T0 + i * MINUTE;
const valueAt = (i: number) => ((i * 7) % 100) / 100;
const TOKEN = 'element-history-token-0123456789';
// A second stream with a state column, on the odd minutes (see watchRows).
const WATCH_ROWS = 1500;
const { minute: watchMinute, value: watchValue, state: watchState } = watchRows;

let daemon: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon({
    server: { auth: { token: TOKEN } },
    streams: [
      { id: 'day', autostart: true, source: { type: 'csv', file: 'long.csv', rate: 'unlimited' }, columns: ['timestamp', 'sensor_04'] },
      {
        id: 'watch',
        autostart: true,
        source: { type: 'csv', file: 'watch.csv', rate: 'unlimited' },
        columns: ['timestamp', 'sensor_04', { column: 'machine_status', type: 'text' }],
        states: { column: 'machine_status' },
      },
    ],
    files: { 'long.csv': pumpCsv(ROWS), 'watch.csv': watchRows.csv(WATCH_ROWS) },
  });
});
afterAll(() => daemon?.stop());

/** A client as the element makes it, and what it was told. */
function client(stream = 'day') {
  const answers: HistoryData[] = [];
  const errors: string[] = [];
  const history = new HistoryClient({
    address: () => ({ server: daemon.url, token: TOKEN }),
    stream: () => stream,
    pageHref: () => 'http://page.example.com/',
    onHistory: (data) => answers.push(data),
    onError: (message) => errors.push(message),
  });
  return { history, answers, errors };
}

// The element holds the newest 10 rows itself (from the live stream): its rows start here.
const LIVE_FROM = ROWS - 10;
const liveStart = timeOf(LIVE_FROM);
const rowsFrom = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, k) => ({ t: timeOf(first + k), y: valueAt(first + k) }));

describe('HistoryClient', () => {
  beforeAll(async () => {
    // The whole file is read (rate: unlimited) before the element's views are asked for.
    for (const stream of ['day', 'watch']) {
      await vi.waitFor(
        async () =>
          expect(JSON.parse((await httpGet(`${daemon.url}/api/streams/${stream}`, { Authorization: `Bearer ${TOKEN}` })).body).state).toBe(
            'finished',
          ),
        { timeout: 10_000, interval: 50 },
      );
    }
  });

  it('range="1h": opens on the hour before the newest row, joined to the rows the element holds without a duplicate or a hole', async () => {
    const { history, answers, errors } = client();
    await history.open(HOUR, timeOf(ROWS - 1), liveStart, 800);
    expect(errors).toEqual([]);
    expect(answers).toHaveLength(1);
    const [line] = historyLines(answers[0]!, [0], liveStart);
    const past = line!.x.map((t, k) => ({ t, y: line!.y[k] }));
    const own = rowsFrom(LIVE_FROM, ROWS - 1);
    // The hour before the newest row (minute 2999): minutes 2939 to 2999.
    expect([...past, ...own]).toEqual(rowsFrom(ROWS - 1 - 60, ROWS - 1));
  });

  it('zooming out beyond the rows held fetches the older part, downsampled for its pixels', async () => {
    const { history, answers } = client();
    await history.viewChanged([T0, timeOf(ROWS - 1)], liveStart, 300);
    expect(answers).toHaveLength(1);
    const data = answers[0]!;
    expect(data).toMatchObject({ resolution: 'm4', from: T0, to: liveStart, rows: LIVE_FROM + 1 });
    expect(data.points).toBe(Math.ceil((liveStart - T0) / ((timeOf(ROWS - 1) - T0) / 300)));
    expect(data.series[0]!.t.length).toBeLessThanOrEqual(4 * data.points);
    expect(history.held).toEqual({ from: T0, to: liveStart, resolution: (liveStart - T0) / data.points });
    // The same view again: nothing new to fetch.
    await history.viewChanged([T0, timeOf(ROWS - 1)], liveStart, 300);
    expect(answers).toHaveLength(1);
  });

  it('zooming into the past then fetches that range at full resolution', async () => {
    const { history, answers } = client();
    await history.viewChanged([T0, timeOf(ROWS - 1)], liveStart, 300);
    await history.viewChanged([timeOf(100), timeOf(150)], liveStart, 300);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatchObject({ resolution: 'full', rows: 51 });
    const [line] = historyLines(answers[1]!, [0], liveStart);
    expect(line!.x.map((t, k) => ({ t, y: line!.y[k] }))).toEqual(rowsFrom(100, 150));
  });

  it('a zoom asked for while the range is on its way does not cancel it: Live goes back to what the chart opened on', async () => {
    const { history, answers, errors } = client();
    // Opened zoomed (a shared link): the view's fetch starts before the range's answer is in.
    const opening = history.open(HOUR, timeOf(ROWS - 1), liveStart, 800);
    const zooming = history.viewChanged([timeOf(100), timeOf(150)], liveStart, 300);
    await Promise.all([opening, zooming]);
    expect(errors).toEqual([]);
    const opened = answers.find((a) => a.from === timeOf(ROWS - 1 - 60));
    expect(opened).toMatchObject({ resolution: 'full', from: timeOf(ROWS - 1 - 60), to: liveStart, rows: 52 });
    expect(answers).toHaveLength(2);
    // Zoomed, the view's history is held, whichever answer came last.
    expect(history.held).toEqual({ from: timeOf(100), to: timeOf(150), resolution: 0 });
    history.backToLive();
    expect(history.held).toEqual({ from: timeOf(ROWS - 1 - 60), to: liveStart, resolution: 0 });
  });

  it('exports a past range at full resolution, in pieces when it holds more rows than one answer', async () => {
    const { history } = client();
    // ≤ 600 rows an answer; the halves meet on rows (minutes 1010, 510, …), which go in one piece only.
    const pieces = await history.fullResolution(timeOf(10), timeOf(2010), undefined, 300);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.every((p) => p.resolution === 'full')).toBe(true);
    const rows = pieces.flatMap((p) => {
      const { t, y } = answerRows(p);
      return t.map((time, k) => ({ t: time, y: y[0]![k] }));
    });
    expect(rows).toEqual(rowsFrom(10, 2010));
  });

  it("exports a past range of several streams: each stream's rows from the daemon in pieces, then its window, aligned by time, with the state column", async () => {
    // The windows the element holds: day's newest 10 rows (minutes 2990–2999), watch's newest 20 (rows 1480–1499, minutes 2961–2999).
    const window = (first: number, last: number, minute: (k: number) => number, value: (k: number) => number) => ({
      t: Float64Array.from({ length: last - first + 1 }, (_, k) => timeOf(minute(first + k))),
      y: [Float64Array.from({ length: last - first + 1 }, (_, k) => value(first + k))],
    });
    const fetched: string[] = [];
    let pieces = 0;
    const paged = (stream: string) => async (a: number, b: number) => {
      const answers = await client(stream).history.fullResolution(a, b, undefined, 20); // ≤ 40 rows an answer
      pieces += answers.length;
      return answers;
    };
    const source = (stream: string, rows: ReturnType<typeof window>, state?: RangeSource['state']): RangeSource => ({
      rows,
      oldest: rows.t[0],
      series: [0],
      names: [`${stream} · sensor_04`],
      pick: [0],
      ...(state ? { state } : {}),
      past: (a, b) => {
        fetched.push(`${stream} ${(a - T0) / MINUTE}–${(b - T0) / MINUTE}`);
        return paged(stream)(a, b);
      },
    });
    // The window's own marks (a stub): its rows' states come from them, the daemon's rows' from the answers.
    const sources = [
      source(
        'day',
        window(ROWS - 10, ROWS - 1, (i) => i, valueAt),
      ),
      source('watch', window(WATCH_ROWS - 20, WATCH_ROWS - 1, watchMinute, watchValue), {
        name: 'watch · machine_status',
        at: () => 'LIVE',
      }),
    ];
    const csv = await rangeCsv('timestamp', sources, timeOf(990), timeOf(2995));
    // Each stream fetched only what its window lacks, in pieces of at most 40 rows.
    expect(fetched).toEqual(['day 990–2990', 'watch 990–2961']);
    expect(pieces).toBeGreaterThan((2000 + 1000) / 40);
    const expected = ['timestamp,day · sensor_04,watch · sensor_04,watch · machine_status'];
    for (let m = 990; m <= 2995; m++) {
      const j = (m - 1) / 2;
      const watch = m % 2 === 1 ? `${watchValue(j)},${m >= 2961 ? 'LIVE' : watchState(j)}` : ',';
      expected.push(`${new Date(timeOf(m)).toISOString()},${valueAt(m)},${watch}`);
    }
    expect(csv!.split('\r\n')).toEqual([...expected, '']);
    // A range every window covers: the windows are the export.
    expect(await rangeCsv('timestamp', sources, timeOf(2991), timeOf(2995))).toBeUndefined();
  });

  it('reports an error the daemon gives, by its message', async () => {
    const { history, errors } = client();
    await history.viewChanged([timeOf(10), timeOf(5)], undefined, 300); // nothing to fetch: an empty view
    expect(errors).toEqual([]);
    const bad = new HistoryClient({
      address: () => ({ server: daemon.url, token: 'wrong-token-0123456789' }),
      stream: () => 'day',
      pageHref: () => 'http://page.example.com/',
      onHistory: () => {},
      onError: (message) => errors.push(message),
    });
    await bad.open(HOUR, timeOf(ROWS - 1), liveStart, 100);
    expect(errors).toEqual(['cannot load the history: the token is not valid']);
  });
});
