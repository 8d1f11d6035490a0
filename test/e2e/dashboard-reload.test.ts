import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { chartTrace, countEventSources, dashboardSuite, dashboardText, eventSources, tileTexts } from './dashboard-suite.js';

// Live streams (paced and looping): the daemon tells open event streams of a reload, so a
// dashboard hears of it while one of its streams is live.
const streams = [
  { id: 'a', source: { type: 'csv', file: 'a.csv', rate: 20, loop: true }, columns: ['timestamp', 'sensor_04'] },
  { id: 'b', source: { type: 'csv', file: 'a.csv', rate: 20, loop: true }, columns: ['timestamp', 'sensor_04'] },
];
const panels = [
  { type: 'value', stream: 'a', column: 'sensor_04', title: 'A', w: 3, h: 2 },
  { type: 'chart', stream: 'a', title: 'Chart A', w: 6, h: 5 },
  { type: 'chart', stream: 'b', title: 'Chart B', w: 6, h: 5 },
];
const dashboard = { id: 'plant', title: 'Live plant', panels };

describeIfAvailable('<realtime-dashboard> when the dashboard file changes, in headless Chromium', browserMissing, () => {
  const suite = dashboardSuite({ streams, dashboards: [dashboard], files: { 'a.csv': pumpCsv(400) } });
  let page: Page;

  const chartTitles = () =>
    page.evaluate(() =>
      [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')].map(
        (chart) => chart.shadowRoot!.querySelector('[part=title]')?.textContent ?? '',
      ),
    );
  const markCharts = () =>
    page.evaluate(() => {
      const charts = document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph');
      for (const [i, chart] of charts.entries()) Object.assign(chart, { __mark: `chart ${i}` });
    });
  const marks = () =>
    page.evaluate(() =>
      [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')].map(
        (chart) => (chart as unknown as { __mark?: string }).__mark ?? 'new',
      ),
    );
  /** Rows the `index`th chart drew since the page loaded (its rg-render counts). */
  const rendered = (index: number) =>
    page.evaluate((index) => {
      const chart = document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')[index] as HTMLElement & {
        __rows?: number;
      };
      if (chart.__rows === undefined) {
        chart.__rows = 0;
        chart.addEventListener('rg-render', (e) => (chart.__rows! += (e as CustomEvent<{ points: number }>).detail.points));
      }
      return chart.__rows;
    }, index);

  it('shows the new title and panels without a reload of the page; charts defined as before keep their element and keep drawing', async () => {
    page = await suite.visit(`${suite.daemon.url}/dashboards/plant`, {
      viewport: { width: 1280, height: 900 },
      init: countEventSources,
      keep: true,
    });
    await expect.poll(() => chartTitles(), { timeout: 15_000 }).toEqual(['Chart A', 'Chart B']);
    await expect.poll(async () => (await chartTrace(page, 1)).x.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await markCharts();

    // Chart B moves to the top and gets wider (same definition: same element), chart A gets a
    // new title (another element), a state-less stream b gets a value tile.
    await suite.daemon.writeConfig('dash.yaml', {
      dashboards: [
        {
          ...dashboard,
          title: 'Live plant, edited',
          panels: [
            { ...panels[0], w: 4 },
            { ...panels[2], x: 4, y: 0, w: 8 },
            { ...panels[1], title: 'Chart A, renamed' },
            { type: 'value', stream: 'b', column: 'sensor_04', title: 'B', w: 3, h: 2 },
          ],
        },
      ],
    });
    await expect.poll(() => dashboardText(page, 'title'), { timeout: 10_000 }).toBe('Live plant, edited');
    await expect.poll(() => chartTitles()).toEqual(['Chart B', 'Chart A, renamed']);
    expect(await marks()).toEqual(['chart 1', 'new']);
    expect(await tileTexts(page, 'rg-value-tile', 'title')).toEqual(['A', 'B']);
    // The kept chart goes on drawing rows; the new one draws too.
    const before = await rendered(0);
    await expect.poll(() => rendered(0), { timeout: 10_000 }).toBeGreaterThan(before);
    await expect.poll(async () => (await chartTrace(page, 1)).x.length, { timeout: 15_000 }).toBeGreaterThan(0);
    // Still one connection per stream: the panels joined the page's connections.
    expect((await eventSources(page)).map((url) => new URL(url).pathname).sort()).toEqual([
      '/api/streams/a/events',
      '/api/streams/b/events',
    ]);
  });

  it('keeps showing the dashboard when an edit is invalid (the daemon rejects the file)', async () => {
    await suite.daemon.writeConfig('dash.yaml', {
      dashboards: [{ ...dashboard, title: 'Broken', panels: [{ type: 'pie', stream: 'a' }] }],
    });
    expect((await suite.daemon.reload()).ok).toBe(false);
    expect(await dashboardText(page, 'title')).toBe('Live plant, edited');
    expect(await chartTitles()).toEqual(['Chart B', 'Chart A, renamed']);
    expect(await dashboardText(page, 'message')).toBeNull();
    // A valid edit afterwards shows again.
    await suite.daemon.writeConfig('dash.yaml', { dashboards: [dashboard] });
    await expect.poll(() => dashboardText(page, 'title'), { timeout: 10_000 }).toBe('Live plant');
    await expect.poll(() => chartTitles()).toEqual(['Chart A', 'Chart B']);
  });
});
