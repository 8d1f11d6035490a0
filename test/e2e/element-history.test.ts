import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv, watchRows } from '../helpers/temp.js';
import { elementSuite } from './element-suite.js';

const ROWS = 600;
const WINDOW = 50;
const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;
const valueAt = (i: number) => ((i * 7) % 100) / 100;
const LONG = 6000;
const WATCH = 3000;

describeIfAvailable("<realtime-graph range>: the daemon's history joined to the live rows", browserMissing, () => {
  const suite = elementSuite(() => ({
    streams: [
      { id: 'pump', source: { type: 'csv', file: 'p.csv', rate: 'unlimited' }, columns: ['timestamp', 'sensor_04'] },
      { id: 'long', source: { type: 'csv', file: 'long.csv', rate: 'unlimited' }, columns: ['timestamp', 'sensor_04'] },
      { id: 'paced', source: { type: 'csv', file: 'p.csv', rate: 100 }, columns: ['timestamp', 'sensor_04'], history: 5 },
      {
        id: 'watch',
        source: { type: 'csv', file: 'watch.csv', rate: 'unlimited' },
        columns: ['timestamp', 'sensor_04', { column: 'machine_status', type: 'text' }],
        states: { column: 'machine_status', unshaded: ['NORMAL'] },
      },
    ],
    files: { 'p.csv': pumpCsv(ROWS), 'long.csv': pumpCsv(LONG), 'watch.csv': watchRows.csv(WATCH) },
  }));
  let page: Page;

  /** A trace's points (the first by default), x in epoch ms. */
  const trace = (index = 0) =>
    page.evaluate((index) => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as
        | (HTMLElement & { data?: { x: (Date | string | null)[]; y: (number | null)[] }[] })
        | null;
      const t = plot?.data?.[index];
      if (!t) return { x: [] as (number | null)[], y: [] as (number | null)[] };
      return { x: t.x.map((v) => (v === null ? null : typeof v === 'string' ? Date.parse(v) : v.getTime())), y: t.y.slice() };
    }, index);

  /**
   * Zooms the chart to [from, to] (epoch ms) through Plotly's own API (the module the page loaded,
   * by its URL), as a drag would. (A string, so that vitest's transform leaves the page's dynamic
   * import alone.)
   */
  const zoomTo = (from: number, to: number) => {
    const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    return page.evaluate(`(async () => {
      const url = performance.getEntriesByType('resource').map((e) => e.name).find((name) => /plotly/i.test(name));
      const Plotly = (await import(url)).default;
      const plot = document.querySelector('realtime-graph').shadowRoot.querySelector('.js-plotly-plot');
      await Plotly.relayout(plot, { 'xaxis.range[0]': '${utc(from)}', 'xaxis.range[1]': '${utc(to)}' });
    })()`);
  };

  it('range="all" opens on every kept row: the history before the window, then the window, each row once', async () => {
    page = await suite.open(`<realtime-graph stream="pump" window="${WINDOW}" range="all" autostart></realtime-graph>`);
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 15_000 }).toMatch(/finished/);
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBe(ROWS);
    const { x, y } = await trace();
    expect(x).toEqual(Array.from({ length: ROWS }, (_, i) => T0 + i * MINUTE));
    expect(y).toEqual(Array.from({ length: ROWS }, (_, i) => valueAt(i)));
    // The window itself still holds only its rows: CSV export is the window.
    const csv = await page.evaluate(() => document.querySelector('realtime-graph')!.exportCsv());
    expect(csv.trim().split(/\r\n/)).toHaveLength(WINDOW + 1);
  });

  it('follows the seam while live: rows that scroll out of the window come from the daemon, so no hole opens', async () => {
    // 600 rows at 100 rows/s into a window of 50: most rows leave the window while the chart is open.
    page = await suite.open(`<realtime-graph stream="paced" window="${WINDOW}" range="all" autostart></realtime-graph>`);
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 20_000 }).toMatch(/finished/);
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBe(ROWS);
    expect((await trace()).x).toEqual(Array.from({ length: ROWS }, (_, i) => T0 + i * MINUTE));
  });

  it('without range, the chart shows the window only', async () => {
    page = await suite.open(`<realtime-graph stream="pump" window="${WINDOW}" autostart></realtime-graph>`);
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 15_000 }).toMatch(/finished/);
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBe(WINDOW);
  });

  it('the span buttons open the chart on another span: 1h, then all', async () => {
    page = await suite.open(`<realtime-graph stream="pump" window="${WINDOW}" range="1h" autostart></realtime-graph>`);
    // The hour before the newest row (minute 599): minutes 539 to 599, 11 of them from the history.
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBe(61);
    expect((await trace()).x[0]).toBe(T0 + 539 * MINUTE);
    const pressed = () => page.locator('realtime-graph [part~=range-button][aria-pressed=true]').textContent();
    expect((await pressed())?.trim()).toBe('1h');
    await page.locator('realtime-graph [part~=range-button]', { hasText: 'all' }).click();
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBe(ROWS);
    expect((await pressed())?.trim()).toBe('all');
  });

  it('hides the span buttons with show-ranges="false"', async () => {
    page = await suite.open(`<realtime-graph stream="pump" window="${WINDOW}" range="1h" show-ranges="false" autostart></realtime-graph>`);
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBe(61);
    expect(await page.locator('realtime-graph [part~=range-button]').count()).toBe(0);
  });

  it('zooming out beyond what the element holds fetches the older part from the daemon: every row of the new view, once', async () => {
    page = await suite.open(`<realtime-graph stream="pump" window="${WINDOW}" range="1h" autostart></realtime-graph>`);
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 15_000 }).toMatch(/finished/);
    // Opened on the hour before the newest row: minutes 539 to 599.
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBe(61);
    // Zoom out to minutes 100 to 599.
    await zoomTo(T0 + 100 * MINUTE, T0 + 599 * MINUTE);
    // Minutes 100 to 549 come from the daemon, 550 to 599 are the window: each drawn once, in order.
    const expected = Array.from({ length: 500 }, (_, k) => T0 + (100 + k) * MINUTE);
    await expect.poll(async () => (await trace()).x, { timeout: 15_000 }).toEqual(expected);
    expect((await trace()).y).toEqual(Array.from({ length: 500 }, (_, k) => valueAt(100 + k)));
  });

  it('zooming into the downsampled past fetches that range at full resolution; Live goes back to the span', async () => {
    page = await suite.open(`<realtime-graph stream="long" window="${WINDOW}" range="all" autostart></realtime-graph>`);
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 15_000 }).toMatch(/finished/);
    // 5,950 rows of history on the plot's width: downsampled (M4), far fewer points than rows.
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBeGreaterThan(WINDOW);
    const opened = (await trace()).x.length;
    expect(opened).toBeLessThan(LONG / 1.2);
    const box = (await page.locator('realtime-graph .nsewdrag').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.52, { steps: 6 });
    await page.mouse.up();
    const range = () =>
      page.evaluate(() => {
        const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
          _fullLayout: { xaxis: { range: string[] } };
        };
        return plot._fullLayout.xaxis.range.map((r) => Date.parse(`${r.replace(' ', 'T')}Z`));
      });
    // Every row inside the zoomed range is drawn, with its value.
    await expect
      .poll(
        async () => {
          const [from, to] = await range();
          const { x, y } = await trace();
          const drawn = new Map(x.map((t, k) => [t, y[k]]));
          const inside = Array.from({ length: LONG }, (_, i) => i).filter((i) => T0 + i * MINUTE >= from! && T0 + i * MINUTE <= to!);
          return inside.length > 100 && inside.every((i) => drawn.get(T0 + i * MINUTE) === valueAt(i));
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    // CSV of the zoomed past range: every row of it, from the daemon at full resolution.
    const [from, to] = await range();
    const csv = await page.evaluate(() => document.querySelector('realtime-graph')!.exportViewCsv());
    const inside = Array.from({ length: LONG }, (_, i) => i).filter((i) => T0 + i * MINUTE >= from! && T0 + i * MINUTE <= to!);
    expect(csv).toBe(
      `${['timestamp,sensor_04', ...inside.map((i) => `${new Date(T0 + i * MINUTE).toISOString()},${valueAt(i)}`)].join('\r\n')}\r\n`,
    );
    await page.locator('realtime-graph button', { hasText: 'Live' }).click();
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBe(opened);
    // Following the data again, the CSV is the window's.
    expect((await page.evaluate(() => document.querySelector('realtime-graph')!.exportViewCsv())).trim().split(/\r\n/)).toHaveLength(
      WINDOW + 1,
    );
  });

  it('several streams: the CSV of a zoomed past range is every row of it of each stream, from the daemon at full resolution, aligned by time, with the state column', async () => {
    page = await suite.open(
      `<realtime-graph streams="long,watch" columns="sensor_04" window="${WINDOW}" range="all" autostart></realtime-graph>`,
    );
    await expect
      .poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 15_000 })
      .toMatch(/long finished.*watch finished/);
    // Both streams' histories drawn (downsampled) before their windows.
    await expect
      .poll(async () => [(await trace(0)).x.length > WINDOW, (await trace(1)).x.length > WINDOW], { timeout: 15_000 })
      .toEqual([true, true]);
    // Zoom into minutes 1000 to 1130: far before both windows (the newest 50 rows of each).
    const [from, to] = [T0 + 1000 * MINUTE, T0 + 1130 * MINUTE];
    await zoomTo(from, to);
    const longInside = Array.from({ length: 131 }, (_, k) => 1000 + k);
    const watchInside = Array.from({ length: WATCH }, (_, j) => j).filter(
      (j) => watchRows.minute(j) >= 1000 && watchRows.minute(j) <= 1130,
    );
    // The zoomed view drawn: every row of the range of each stream (from the daemon, at full resolution).
    const drawn = async (index: number, minutes: number[], value: (i: number) => number) => {
      const { x, y } = await trace(index);
      const points = new Map(x.map((t, k) => [t, y[k]]));
      return minutes.every((m, k) => points.get(T0 + m * MINUTE) === value(k));
    };
    await expect
      .poll(
        async () => [
          await drawn(0, longInside, (k) => valueAt(longInside[k]!)),
          await drawn(1, watchInside.map(watchRows.minute), (k) => watchRows.value(watchInside[k]!)),
        ],
        { timeout: 15_000 },
      )
      .toEqual([true, true]);
    const csv = await page.evaluate(() => document.querySelector('realtime-graph')!.exportViewCsv());
    // One line per minute: long's row, and on odd minutes watch's row with its state (BROKEN from 1001, RECOVERING from 1041, NORMAL from 1121).
    const lines = longInside.map((m) => {
      const j = (m - 1) / 2;
      const watch = m % 2 === 1 ? `${watchRows.value(j)},${watchRows.state(j)}` : ',';
      return `${new Date(T0 + m * MINUTE).toISOString()},${valueAt(m)},${watch}`;
    });
    expect(csv).toBe(`${['timestamp,long · sensor_04,watch · sensor_04,watch · machine_status', ...lines].join('\r\n')}\r\n`);
    expect(csv).toContain('T17:21:00.000Z,0.87,52,RECOVERING\r\n'); // row 520 (minute 1041): the states are in it
  });
});
