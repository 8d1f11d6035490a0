import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv, watchRows } from '../helpers/temp.js';
import { chartTrace, countEventSources, dashboardSuite, dashboardText, eventSources, tileTexts } from './dashboard-suite.js';

const ROWS = 600;
const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;
/** pumpCsv's value of column c at row i. */
const valueAt = (i: number, c = 0) => ((i * 7 + c * 3) % 100) / 100;

const streams = [
  {
    id: 'a',
    title: 'Stream A',
    source: { type: 'csv', file: 'a.csv', rate: 'unlimited' },
    columns: ['timestamp', { column: 'sensor_04', unit: 'A' }, 'sensor_18'],
  },
  {
    id: 'w',
    title: 'Watch',
    source: { type: 'csv', file: 'w.csv', rate: 'unlimited' },
    columns: ['timestamp', 'sensor_04', { column: 'machine_status', type: 'text' }],
    states: { column: 'machine_status', colors: { BROKEN: '#d62728', NORMAL: '#1a7f37' }, unshaded: ['NORMAL'] },
    alerts: [{ name: 'high', column: 'sensor_04', above: 55 }],
  },
];

const panels = [
  { type: 'state', stream: 'w', title: 'Watch state', w: 3, h: 2 },
  {
    type: 'value',
    stream: 'a',
    column: 'sensor_04',
    title: 'A 04',
    decimals: 2,
    colors: [
      { below: 0.5, color: '#d62728' },
      { above: 0.9, color: '#2ca02c' },
    ],
    w: 3,
    h: 2,
  },
  { type: 'value', stream: 'a', column: 'sensor_18', title: 'A 18', unit: 'bar', w: 3, h: 2 },
  { type: 'chart', stream: 'a', columns: ['sensor_04'], window: 50, title: 'A chart', x: 0, y: 2, w: 6, h: 5 },
  { type: 'chart', stream: 'w', columns: ['sensor_04'], window: 50, title: 'Watch chart', x: 6, y: 2, w: 6, h: 5 },
];
const dashboard = { id: 'plant', title: 'Test plant', rowHeight: 60, range: 'all', panels };

describeIfAvailable('<realtime-dashboard>: panels, connections, narrow and dark, in headless Chromium', browserMissing, () => {
  const suite = dashboardSuite({
    streams,
    dashboards: [dashboard],
    files: { 'a.csv': pumpCsv(ROWS, ['sensor_04', 'sensor_18']), 'w.csv': watchRows.csv(ROWS) },
  });
  let page: Page;

  const title = () => dashboardText(page, 'title');
  /** Each panel's box on the page, in panel order. */
  const boxes = () =>
    page.evaluate(() =>
      [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('.panel')].map((panel) => {
        const { x, y, width, height } = panel.getBoundingClientRect();
        return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
      }),
    );

  async function openDashboard(options: { width?: number; query?: string } = {}): Promise<Page> {
    page = await suite.visit(`${suite.daemon.url}/dashboards/plant${options.query ?? ''}`, {
      viewport: { width: options.width ?? 1280, height: 900 },
      init: countEventSources,
    });
    // Both charts hold every row (range "all": the history before their windows of 50).
    await expect.poll(async () => (await chartTrace(page, 0)).x.length, { timeout: 20_000 }).toBe(ROWS);
    await expect.poll(async () => (await chartTrace(page, 1)).x.length, { timeout: 20_000 }).toBe(ROWS);
    return page;
  }

  it('draws each kind of panel with the right data: charts, value tiles, the state tile', async () => {
    await openDashboard();
    expect(await title()).toBe('Test plant');
    const a = await chartTrace(page, 0);
    expect(a.x).toEqual(Array.from({ length: ROWS }, (_, i) => T0 + i * MINUTE));
    expect(a.y).toEqual(Array.from({ length: ROWS }, (_, i) => valueAt(i)));
    const w = await chartTrace(page, 1);
    expect(w.x).toEqual(Array.from({ length: ROWS }, (_, j) => T0 + watchRows.minute(j) * MINUTE));
    expect(w.y).toEqual(Array.from({ length: ROWS }, (_, j) => watchRows.value(j)));

    // The newest row of a.csv, row 599 at 09:59: sensor_04 0.93 (2 decimals, unit A from the
    // stream's config, green: above 0.9), sensor_18 0.96 (three significant digits, the panel's unit).
    await expect.poll(() => tileTexts(page, 'rg-value-tile', 'value')).toEqual(['0.93 A', '0.960 bar']);
    expect(await tileTexts(page, 'rg-value-tile', 'title')).toEqual(['A 04', 'A 18']);
    expect(await tileTexts(page, 'rg-value-tile', 'time')).toEqual(['at 2024-01-01 09:59', 'at 2024-01-01 09:59']);
    const colors = await page.evaluate(() =>
      [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('rg-value-tile')].map(
        (tile) => getComputedStyle(tile.shadowRoot!.querySelector('[part~=value]')!).color,
      ),
    );
    expect(colors).toEqual(['rgb(44, 160, 44)', 'rgb(31, 41, 51)']);
    // The sparklines: the rows of the last 5 minutes of data time, 09:54 to 09:59 (six points).
    const sparklines = await page.evaluate(() =>
      [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('rg-value-tile')].map(
        (tile) => tile.shadowRoot!.querySelector('[part~=sparkline] path')!.getAttribute('d')!.match(/[ML]/g)?.length,
      ),
    );
    expect(sparklines).toEqual([6, 6]);

    // The watch stream: NORMAL again from row 560 (18:41); the newest row is 599 (19:59); rule
    // "high" (sensor_04 above 55) fires from row 551 (18:23) on.
    expect(await tileTexts(page, 'rg-state-tile', 'title')).toEqual(['Watch state']);
    expect(await tileTexts(page, 'rg-state-tile', 'state')).toEqual(['NORMAL']);
    expect(await tileTexts(page, 'rg-state-tile', 'since')).toEqual(['since 2024-01-01 18:41 · for 1 h 18 min']);
    expect(await tileTexts(page, 'rg-state-tile', 'alert')).toEqual(['high since 2024-01-01 18:23 · for 1 h 36 min']);
    const stateColor = await page.evaluate(
      () =>
        getComputedStyle(
          document
            .querySelector('realtime-dashboard')!
            .shadowRoot!.querySelector('rg-state-tile')!
            .shadowRoot!.querySelector('[part~=state]')!,
        ).color,
    );
    expect(stateColor).toBe('rgb(26, 127, 55)');
  });

  it('places the panels on the grid: three tiles of 3 columns in a row, two charts of 6 below', async () => {
    await openDashboard();
    const [state, v1, v2, c1, c2] = await boxes();
    // 1280 px less 2 × 16 px of padding: 12 columns of (1248 − 11 × 12) / 12 = 93 px, gaps of 12 px.
    expect([state!.x, v1!.x, v2!.x]).toEqual([16, 16 + 3 * 93 + 3 * 12, 16 + 6 * 93 + 6 * 12]);
    expect([state!.width, v1!.width, v2!.width]).toEqual([3 * 93 + 2 * 12, 3 * 93 + 2 * 12, 3 * 93 + 2 * 12]);
    expect(state!.height).toBe(2 * 60 + 12);
    expect([c1!.x, c2!.x]).toEqual([16, 16 + 6 * 93 + 6 * 12]);
    expect(c1!.y).toBe(state!.y + 2 * (60 + 12));
    expect([c1!.width, c1!.height]).toEqual([6 * 93 + 5 * 12, 5 * 60 + 4 * 12]);
  });

  it('opens one EventSource per stream, however many panels show it', async () => {
    await openDashboard();
    const opened = await eventSources(page);
    expect(opened.map((url) => new URL(url).pathname).sort()).toEqual(['/api/streams/a/events', '/api/streams/w/events']);
  });

  it('on a narrow screen, shows one column of panels in the order of the file', async () => {
    await openDashboard({ width: 600 });
    const all = await boxes();
    expect(all.map((b) => b.x)).toEqual([16, 16, 16, 16, 16]);
    expect(all.map((b) => b.width)).toEqual([568, 568, 568, 568, 568]);
    const heights = [2, 2, 2, 5, 5].map((h) => h * 60 + (h - 1) * 12);
    expect(all.map((b) => b.height)).toEqual(heights);
    expect(all.map((b) => b.y - all[0]!.y)).toEqual([0, 1, 2, 3, 4].map((i) => heights.slice(0, i).reduce((sum, h) => sum + h + 12, 0)));
  });

  it('follows the dark theme: the dashboard, its tiles and its charts', async () => {
    await openDashboard({ query: '?theme=dark' });
    const colors = await page.evaluate(() => {
      const dashboard = document.querySelector('realtime-dashboard')!;
      const root = dashboard.shadowRoot!;
      const plot = root.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        layout: { paper_bgcolor: string };
      };
      return {
        dashboard: getComputedStyle(dashboard).backgroundColor,
        title: getComputedStyle(root.querySelector('[part=title]')!).color,
        tiles: [...root.querySelectorAll('rg-value-tile, rg-state-tile')].map((tile) => getComputedStyle(tile).backgroundColor),
        charts: [...root.querySelectorAll('realtime-graph')].map((chart) => getComputedStyle(chart).backgroundColor),
        paper: plot.layout.paper_bgcolor,
      };
    });
    expect(colors).toEqual({
      dashboard: 'rgb(13, 17, 23)',
      title: 'rgb(230, 237, 243)',
      tiles: ['rgb(22, 27, 34)', 'rgb(22, 27, 34)', 'rgb(22, 27, 34)'],
      charts: ['rgb(22, 27, 34)', 'rgb(22, 27, 34)'],
      paper: '#161b22',
    });
  });

  it('says so, in words, for a dashboard the daemon does not have and for a daemon it cannot reach', async () => {
    page = await suite.open('<realtime-dashboard dashboard="nope"></realtime-dashboard>', { expectedErrors: /status of 404/ });
    await expect.poll(() => dashboardText(page, 'message')).toBe('no dashboard "nope" on the server');
    page = await suite.open('<realtime-dashboard server="http://127.0.0.1:9" dashboard="plant"></realtime-dashboard>', {
      expectedErrors: /ERR_CONNECTION_REFUSED|Failed to load resource/,
    });
    await expect
      .poll(() => dashboardText(page, 'message'))
      .toBe("cannot reach the daemon at http://127.0.0.1:9 (is it running, and does it allow this page's origin?)");
  });

  it('is listed on the start page, beside the single chart', async () => {
    page = await suite.visit(`${suite.daemon.url}/`);
    const links = page.locator('nav.dashboards a');
    await expect.poll(() => links.count()).toBe(1);
    expect(await links.textContent()).toBe('Test plant');
    expect(await links.getAttribute('href')).toBe('/dashboards/plant');
    expect(await page.locator('nav.dashboards').isVisible()).toBe(true);
  });
});

describeIfAvailable('<realtime-dashboard> on a daemon that needs a token', browserMissing, () => {
  const TOKEN = '0123456789abcdef0123';
  const suite = dashboardSuite({
    server: { auth: { token: TOKEN } },
    streams: [streams[0]!],
    dashboards: [{ id: 'plant', title: 'Locked plant', panels: [{ type: 'value', stream: 'a', column: 'sensor_04', decimals: 2 }] }],
    files: { 'a.csv': pumpCsv(ROWS, ['sensor_04', 'sensor_18']) },
  });

  it('says the token was refused, and shows the dashboard with the right one', async () => {
    let page = await suite.open('<realtime-dashboard dashboard="plant" token="wrong"></realtime-dashboard>', {
      expectedErrors: /status of 401/,
    });
    await expect.poll(() => dashboardText(page, 'message')).toBe('the server refused the dashboard (401): it needs a valid `token`');
    page = await suite.open(`<realtime-dashboard dashboard="plant" token="${TOKEN}"></realtime-dashboard>`);
    await expect.poll(() => dashboardText(page, 'title')).toBe('Locked plant');
    await expect.poll(() => page.locator('realtime-dashboard rg-value-tile [part~=value]').textContent()).toBe('0.93 A');
  });

  it('is not listed on the start page when the list needs the token', async () => {
    const page = await suite.visit(`${suite.daemon.url}/`, { expectedErrors: /status of 401/ });
    // The start page's chart asks for the stream list too: once it is refused, so was the dashboards' list.
    await expect.poll(() => page.locator('realtime-graph [part=message]').textContent()).toMatch(/401/);
    expect(await page.locator('nav.dashboards').isHidden()).toBe(true);
    expect(await page.locator('nav.dashboards a').count()).toBe(0);
  });
});
