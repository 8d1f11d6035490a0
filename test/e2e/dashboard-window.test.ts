import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { chartRanges, chartTrace, dashboardSuite, zoomChart } from './dashboard-suite.js';

const ROWS = 600;
const WINDOW = 50;
const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;
const minutes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => T0 + (from + k) * MINUTE);

const streams = ['a', 'b'].map((id) => ({
  id,
  source: { type: 'csv', file: 'p.csv', rate: 'unlimited' },
  columns: ['timestamp', 'sensor_04', 'sensor_18'],
}));
const panels = [
  { type: 'value', stream: 'a', column: 'sensor_04', w: 12, h: 2 },
  { type: 'chart', stream: 'a', window: WINDOW, title: 'A', w: 6, h: 4 },
  { type: 'chart', stream: 'b', columns: ['sensor_04'], window: WINDOW, title: 'B', w: 6, h: 4 },
  { type: 'chart', streams: ['a', 'b'], columns: ['sensor_04'], window: WINDOW, title: 'A and B', w: 12, h: 4 },
];

describeIfAvailable('<realtime-dashboard>: one time window for every chart, in headless Chromium', browserMissing, () => {
  const suite = dashboardSuite({
    streams,
    dashboards: [{ id: 'plant', title: 'Window', rowHeight: 60, range: '1h', panels }],
    files: { 'p.csv': pumpCsv(ROWS, ['sensor_04', 'sensor_18']) },
  });
  let page: Page;

  /** rg-view events as the page saw them: which chart fired (its index) and the range. */
  function recordViews(): void {
    const views: { chart: number; range: [number, number] | null }[] = [];
    Object.assign(window, { __views: views });
    document.addEventListener('rg-view', (event) => {
      const charts = [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')];
      views.push({ chart: (charts as Element[]).indexOf(event.composedPath()[0] as Element), range: (event as CustomEvent).detail.range });
    });
  }
  const views = () => page.evaluate(() => (window as unknown as { __views: unknown[] }).__views.slice());
  const search = () => page.evaluate(() => decodeURIComponent(location.search));
  const chartAttribute = (name: string) =>
    page.evaluate(
      (name) =>
        [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')].map((chart) =>
          chart.getAttribute(name),
        ),
      name,
    );
  const dashboardButton = (name: string) => page.locator('realtime-dashboard [part~=header] button', { hasText: name });

  /** Opens the dashboard's page (with `query`) once every chart drew `points` points in its first trace. */
  async function open(query = '', points = 61, timezoneId?: string): Promise<Page> {
    page = await suite.visit(`${suite.daemon.url}/dashboards/plant${query}`, {
      viewport: { width: 1280, height: 900 },
      init: recordViews,
      ...(timezoneId ? { timezoneId } : {}),
    });
    await waitForCharts(points);
    return page;
  }
  async function waitForCharts(points: number): Promise<void> {
    for (const index of [0, 1, 2])
      await expect.poll(async () => (await chartTrace(page, index)).x.length, { timeout: 20_000 }).toBe(points);
  }

  // The hour before the newest row (minute 599): minutes 539 to 599, the last 50 from the window.
  const FROM = T0 + 100 * MINUTE;
  const TO = T0 + 200 * MINUTE;
  // Zoomed to minutes 100 to 200: those come from the daemon's history, then the window's 550 to 599.
  const ZOOMED = [...minutes(100, 200), ...minutes(550, 599)];

  it('zooming one chart moves every chart to the same range, each fetching its history for it; only the zoomed one fires rg-view', async () => {
    await open();
    expect((await chartTrace(page, 0)).x).toEqual(minutes(539, 599));
    await zoomChart(page, 0, FROM, TO);
    await expect
      .poll(() => chartRanges(page))
      .toEqual([
        [FROM, TO],
        [FROM, TO],
        [FROM, TO],
      ]);
    for (const [chart, trace] of [
      [0, 0],
      [1, 0],
      [2, 0],
      [2, 1],
    ] as const) {
      await expect.poll(async () => (await chartTrace(page, chart, trace)).x, { timeout: 10_000 }).toEqual(ZOOMED);
    }
    expect(await views()).toEqual([{ chart: 0, range: [FROM, TO] }]);
    expect(await search()).toBe('?from=2024-01-01T01:40:00.000Z&to=2024-01-01T03:20:00.000Z');
    expect(await dashboardButton('Live').isVisible()).toBe(true);
  });

  it('a link with the zoom shows the same range (the page reloaded)', async () => {
    await open('?from=2024-01-01T01:40:00.000Z&to=2024-01-01T03:20:00.000Z', ZOOMED.length);
    expect(await chartRanges(page)).toEqual([
      [FROM, TO],
      [FROM, TO],
      [FROM, TO],
    ]);
    expect((await chartTrace(page, 1)).x).toEqual(ZOOMED);
    expect(await views()).toEqual([]); // set by the dashboard: nobody zoomed

    // A chart built again (here: another layout; also when a stream of it joins late) keeps the dashboard's window.
    await page.evaluate(() =>
      document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')[2]!.setAttribute('layout', 'stack'),
    );
    await page.waitForFunction(() => {
      const chart = document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')[2]!;
      return (chart.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement | null)?.style.getPropertyValue('--rg-subplots') === '2'; // a plot for each stream's sensor_04
    });
    await expect
      .poll(() => chartRanges(page), { timeout: 5_000 })
      .toEqual([
        [FROM, TO],
        [FROM, TO],
        [FROM, TO],
      ]);
    expect(await views()).toEqual([]);
  });

  it("Live, the dashboard's or a chart's, brings every chart back to the newest data", async () => {
    await open('?from=2024-01-01T01:40:00.000Z&to=2024-01-01T03:20:00.000Z', ZOOMED.length);
    await dashboardButton('Live').click();
    await expect.poll(() => chartRanges(page)).toEqual([null, null, null]);
    await waitForCharts(61);
    expect(await search()).toBe('');
    expect(await dashboardButton('Live').count()).toBe(0);

    // Zoom the second chart, then press the Live button of the third.
    await zoomChart(page, 1, FROM, TO);
    await expect
      .poll(() => chartRanges(page))
      .toEqual([
        [FROM, TO],
        [FROM, TO],
        [FROM, TO],
      ]);
    const charts = page.locator('realtime-dashboard realtime-graph');
    await charts.nth(2).locator('[part~=live-button]').click();
    await expect.poll(() => chartRanges(page)).toEqual([null, null, null]);
    expect(await views()).toEqual([
      { chart: 1, range: [FROM, TO] },
      { chart: 2, range: null },
    ]);
    expect(await search()).toBe('');
  });

  it('a span button opens every chart on that span, and a link keeps it', async () => {
    await open();
    const pressed = () => page.locator('realtime-dashboard [part~=range-button][aria-pressed=true]').allTextContents();
    expect((await pressed()).map((t) => t.trim())).toEqual(['1h']);
    await dashboardButton('6h').click();
    // Six hours before minute 599: minutes 239 to 599.
    await waitForCharts(361);
    expect((await chartTrace(page, 2, 1)).x).toEqual(minutes(239, 599));
    expect(await chartAttribute('range')).toEqual(['6h', '6h', '6h']);
    expect((await pressed()).map((t) => t.trim())).toEqual(['6h']);
    expect(await search()).toBe('?range=6h');
    await page.reload();
    await waitForCharts(361);
    expect(await chartAttribute('range')).toEqual(['6h', '6h', '6h']);
    expect((await pressed()).map((t) => t.trim())).toEqual(['6h']);
  });

  it('hovering one chart draws a crosshair at the same data time on every chart; leaving removes it (in any time zone)', async () => {
    await open('', 61, 'America/New_York');
    const crosshairs = () =>
      page.evaluate(() =>
        [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')].map((chart) => {
          const plot = chart.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
            layout: { shapes?: { name?: string; x0?: string }[] };
          };
          return (plot.layout.shapes ?? []).filter((s) => s.name === 'rg-crosshair').map((s) => s.x0);
        }),
      );
    const hovered = page.evaluate(
      () =>
        new Promise<number | null>((resolve) =>
          document.addEventListener('rg-hover', (e) => resolve((e as CustomEvent<{ t: number | null }>).detail.t), { once: true }),
        ),
    );
    const area = await page.locator('realtime-dashboard realtime-graph').nth(0).locator('.nsewdrag').first().boundingBox();
    await page.mouse.move(area!.x + area!.width / 2, area!.y + area!.height / 2);
    const t = await hovered;
    // The time of a row of the hour shown.
    expect(minutes(539, 599)).toContain(t);
    const at = new Date(t!).toISOString().replace('T', ' ').replace('Z', '');
    await expect.poll(crosshairs).toEqual([[at], [at], [at]]);
    await page.mouse.move(5, 5);
    await expect.poll(crosshairs).toEqual([[], [], []]);
  });

  it('keeps the columns a viewer chose in a chart (rg-columns) in the URL, and sets them again from a link', async () => {
    await open();
    // What the column chooser does: set the chart's columns, then fire rg-columns.
    await page.evaluate(() => {
      const chart = document.querySelector('realtime-dashboard')!.shadowRoot!.querySelector('realtime-graph')!;
      chart.columns = 'sensor_18';
      chart.dispatchEvent(new CustomEvent('rg-columns', { detail: { columns: ['sensor_18'] }, bubbles: true, composed: true }));
    });
    expect(await search()).toBe('?columns.1=sensor_18');
    await page.reload();
    await waitForCharts(61);
    expect(await chartAttribute('columns')).toEqual(['sensor_18', 'sensor_04', 'sensor_04']);
    const names = await page.evaluate(() => {
      const chart = document.querySelector('realtime-dashboard')!.shadowRoot!.querySelector('realtime-graph')!;
      return (chart.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & { data: { name: string }[] }).data.map((t) => t.name);
    });
    expect(names).toEqual(['sensor_18']);
    // Choosing a panel's own columns leaves them out of the URL; every column of a panel that
    // names some is an empty list.
    const choose = (index: number, columns: string[]) =>
      page.evaluate(
        ([index, columns]) => {
          const chart = document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')[index]!;
          chart.columns = columns.join(',');
          chart.dispatchEvent(new CustomEvent('rg-columns', { detail: { columns }, bubbles: true, composed: true }));
        },
        [index, columns] as const,
      );
    await choose(1, ['sensor_04']);
    expect(await search()).toBe('?columns.1=sensor_18');
    await choose(1, []);
    expect(await search()).toBe('?columns.1=sensor_18&columns.2=');
    await page.reload();
    await waitForCharts(61);
    const traces = await page.evaluate(() =>
      [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')].map((chart) =>
        (chart.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & { data: { name: string }[] }).data.map((t) => t.name),
      ),
    );
    expect(traces).toEqual([['sensor_18'], ['sensor_04', 'sensor_18'], ['a · sensor_04', 'b · sensor_04']]);
  });
});
