import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserMissing, saveScreenshot, tracePoints } from '../helpers/browser.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite, type PageOptions } from './element-suite.js';

// Two replays with different rates and time ranges: `fast`, 3,000 rows at 1,000 rows/s, one a
// minute from 2024-01-01 00:00; `slow`, 60 rows at 10 rows/s, one every 50 minutes (00:00 to
// 49:10 the next day). A window of 2,000 keeps the fast stream's rows 1,000–2,999 and all 60 slow
// ones; 40 of the slow rows fall on a fast row's time, 20 (rows 0–19) before the fast window.
const FAST_ROWS = 3000;
const SLOW_ROWS = 60;
const SLOW_STEP_MIN = 50;
const WINDOW = 2000;
const T0 = Date.UTC(2024, 0, 1);
const minute = (m: number) => new Date(T0 + m * 60_000).toISOString();

/** The slow stream's sensor_04 in row i: a slow wave over the fast stream's range (0–0.99). */
const slowValue = (i: number) => Math.round((0.5 + 0.45 * Math.sin(i / 3)) * 1000) / 1000;
function slowCsv(): string {
  const lines = ['timestamp,sensor_04,sensor_18'];
  for (let i = 0; i < SLOW_ROWS; i++)
    lines.push(
      `${minute(i * SLOW_STEP_MIN)
        .slice(0, 19)
        .replace('T', ' ')},${slowValue(i)},${-i}`,
    );
  return `${lines.join('\n')}\n`;
}
/** pumpCsv's value of row i, column c. */
const pumpValue = (i: number, c: number) => ((i * 7 + c * 3) % 100) / 100;

const columns = ['timestamp', 'sensor_04', 'sensor_18'];
const files = {
  'fast.csv': pumpCsv(FAST_ROWS, ['sensor_04', 'sensor_18']),
  'slow.csv': slowCsv(),
  'p.csv': pumpCsv(2000, ['sensor_04', 'sensor_18']),
};
/** Finite replays, one pair per test (a replay that finished does not start again for the next test). */
const replays = (n: number) => [
  { id: `fast-${n}`, history: 0, source: { type: 'csv', file: 'fast.csv', rate: 1000 }, columns },
  { id: `slow-${n}`, history: 0, source: { type: 'csv', file: 'slow.csv', rate: 10 }, columns },
];

describeIfAvailable('<realtime-graph> with several streams in one chart', browserMissing, () => {
  let other: TestDaemon;
  // Pages that use two daemons come from a third origin, a real loopback server (Chromium lets a
  // page served through Playwright's routes reach no loopback address but its own).
  let pages: { server: Server; origin: string; body: string };

  beforeAll(async () => {
    const server = createServer((_, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html><head><meta charset="utf-8"><script type="module" src="${suite.daemon.url}/realtime-graph.js"></script></head><body>${pages.body}</body></html>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pages = { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, body: '' };
    // A second daemon.
    other = await startTestDaemon({
      server: { cors: { origins: [pages.origin] } },
      streams: [{ id: 'remote', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns }],
      files,
    });
  });
  afterAll(async () => {
    await other?.stop();
    await new Promise((done) => pages?.server.close(done));
  });
  // Started after the page server above (it lets that origin in), stopped before it.
  const suite = elementSuite(() => ({
    server: { cors: { origins: [pages.origin] } },
    streams: [...replays(1), ...replays(2), { id: 'loop', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns }],
    files,
  }));
  let page: Page;

  async function openPage(
    body: string,
    { onPageServer = false, ...options }: PageOptions & { onPageServer?: boolean } = {},
  ): Promise<void> {
    const init = () => {
      const w = window as unknown as { __starts: string[] };
      w.__starts = [];
      document.addEventListener('rg-start', (e) => w.__starts.push((e as CustomEvent<{ stream: string }>).detail.stream));
    };
    pages.body = body;
    page = onPageServer ? await suite.visit(`${pages.origin}/`, { init, ...options }) : await suite.open(body, { init, ...options });
  }

  const legend = () =>
    page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        data?: { name: string }[];
      };
      return plot.data?.map((trace) => trace.name) ?? [];
    });
  const badge = () => page.locator('realtime-graph [part=status] [role=status]').textContent();
  const viewers = (id: string, on = suite.daemon) => on.hub.get(id)!.viewerCount;

  it('draws a 10 rows/s and a 1,000 rows/s stream on one axis: every row of each, named by stream and column, exported aligned by time', async () => {
    await openPage(`<realtime-graph streams="slow-1,fast-1" columns="sensor_04" window="${WINDOW}" autostart></realtime-graph>`);
    // While both run, each stream has its own state in the badge.
    await expect.poll(badge, { timeout: 10_000 }).toBe('slow-1 live · fast-1 live');
    expect([viewers('slow-1'), viewers('fast-1')]).toEqual([1, 1]);
    await expect.poll(badge, { timeout: 20_000 }).toBe('slow-1 finished · fast-1 finished');
    // Every row of the slow stream is drawn, and the newest WINDOW rows of the fast one.
    await expect.poll(() => tracePoints(page), { timeout: 15_000 }).toEqual([SLOW_ROWS, WINDOW]);
    expect(await legend()).toEqual(['slow-1 · sensor_04', 'fast-1 · sensor_04']);
    expect(await page.evaluate(() => (window as unknown as { __starts: string[] }).__starts)).toEqual(['slow-1,fast-1']);

    const csv = await page.evaluate(() => document.querySelector('realtime-graph')!.exportCsv());
    const lines = csv.split('\r\n').slice(0, -1);
    const expected = new Map<number, [string, string]>();
    for (let i = FAST_ROWS - WINDOW; i < FAST_ROWS; i++) expected.set(i, ['', String(pumpValue(i, 0))]);
    for (let i = 0; i < SLOW_ROWS; i++) {
      const m = i * SLOW_STEP_MIN;
      expected.set(m, [String(slowValue(i)), expected.get(m)?.[1] ?? '']);
    }
    const rows = [...expected.entries()].sort(([a], [b]) => a - b).map(([m, [slow, fast]]) => `${minute(m)},${slow},${fast}`);
    expect(rows).toHaveLength(WINDOW + 20);
    expect(lines).toEqual(['timestamp,slow-1 · sensor_04,fast-1 · sensor_04', ...rows]);

    await saveScreenshot(page.locator('realtime-graph'), 'screenshot-streams.png');
  });

  it('pauses and resumes every stream; two charts of the same streams share one connection per stream', async () => {
    await openPage(
      `<realtime-graph id="a" streams="slow-2,fast-2" window="${WINDOW}" autostart></realtime-graph>
       <realtime-graph id="b" streams="fast-2,slow-2" columns="sensor_18" window="${WINDOW}" autostart></realtime-graph>`,
    );
    await expect
      .poll(() => page.locator('#a [part=status] [role=status]').textContent(), { timeout: 10_000 })
      .toBe('slow-2 live · fast-2 live');
    expect([viewers('slow-2'), viewers('fast-2')]).toEqual([1, 1]);
    await expect.poll(async () => (await tracePoints(page, '#a')).length, { timeout: 15_000 }).toBe(4);
    await page.evaluate(() => document.querySelector<HTMLElement & { pause(): void }>('#a')!.pause());
    const frozen = await tracePoints(page, '#a');
    await expect
      .poll(() => page.locator('#b [part=status] [role=status]').textContent(), { timeout: 20_000 })
      .toBe('fast-2 finished · slow-2 finished');
    expect(await tracePoints(page, '#a')).toEqual(frozen); // paused: nothing more drawn
    await page.evaluate(() => document.querySelector<HTMLElement & { resume(): void }>('#a')!.resume());
    await expect.poll(() => tracePoints(page, '#a')).toEqual([SLOW_ROWS, SLOW_ROWS, WINDOW, WINDOW]);
    expect(await tracePoints(page, '#b')).toEqual([WINDOW, SLOW_ROWS]);
    const names = await page.evaluate(() =>
      ['#a', '#b'].map((id) =>
        (document.querySelector(id)!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & { data: { name: string }[] }).data.map(
          (t) => t.name,
        ),
      ),
    );
    expect(names).toEqual([
      ['slow-2 · sensor_04', 'slow-2 · sensor_18', 'fast-2 · sensor_04', 'fast-2 · sensor_18'],
      ['fast-2 · sensor_18', 'slow-2 · sensor_18'],
    ]);
    expect((await page.evaluate(() => document.querySelector('realtime-graph')!.exportPng())).startsWith('data:image/png;base64,')).toBe(
      true,
    );
  });

  it('keeps drawing the other streams when one fails, and the badge and the message say which failed', async () => {
    // The EventSource's and the check's 404s are the browser's own console lines; nothing else.
    await openPage('<realtime-graph streams="loop,no-such-stream" window="500" autostart></realtime-graph>', { expectedErrors: /404/ });
    await expect.poll(badge, { timeout: 10_000 }).toBe('loop live · no-such-stream failed');
    await expect
      .poll(() => page.locator('realtime-graph [part=message]').textContent())
      .toBe('no-such-stream: the stream does not exist on the server');
    const drawn = (await tracePoints(page))[0] ?? 0;
    await expect.poll(async () => (await tracePoints(page))[0], { timeout: 15_000 }).toBeGreaterThan(drawn + 10);
    expect(await legend()).toEqual(['loop · sensor_04', 'loop · sensor_18']);
  });

  it('draws <rg-series> children from two daemons in one chart', async () => {
    await openPage(
      `<realtime-graph server="${suite.daemon.url}" window="300" autostart>
         <rg-series stream="loop" column="sensor_04"></rg-series>
         <rg-series stream="remote" column="sensor_18" server="${other.url}"></rg-series>
       </realtime-graph>`,
      { onPageServer: true },
    );
    await expect.poll(badge, { timeout: 10_000 }).toBe('loop live · remote live');
    await expect.poll(async () => (await tracePoints(page)).map((n) => n > 5), { timeout: 10_000 }).toEqual([true, true]);
    expect(await legend()).toEqual(['loop · sensor_04', 'remote · sensor_18']);
    expect([viewers('loop'), viewers('remote', other)]).toEqual([1, 1]);
    // Removing a child drops its stream (and its connection).
    await page.evaluate(() => document.querySelector('rg-series[stream=remote]')!.remove());
    await expect.poll(() => viewers('remote', other)).toBe(0);
  });
});
