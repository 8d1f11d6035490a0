import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite } from './element-suite.js';

const ROWS = 600;
const WINDOW = 50;
const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;
const valueOf = (i: number) => ((i * 7) % 100) / 100;

describeIfAvailable('<realtime-graph range>: the daemon\'s history joined to the live rows', browserMissing, () => {
  const suite = elementSuite(() => ({
    streams: [{ id: 'pump', source: { type: 'csv', file: 'p.csv', rate: 'unlimited' }, columns: ['timestamp', 'sensor_04'] }],
    files: { 'p.csv': pumpCsv(ROWS) },
  }));
  let page: Page;

  /** The first trace's points, x in epoch ms. */
  const trace = () =>
    page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as (HTMLElement & { data?: { x: (Date | string | null)[]; y: (number | null)[] }[] }) | null;
      const t = plot?.data?.[0];
      if (!t) return { x: [] as (number | null)[], y: [] as (number | null)[] };
      return { x: t.x.map((v) => (v === null ? null : typeof v === 'string' ? Date.parse(v) : v.getTime())), y: t.y.slice() };
    });

  it('range="all" opens on every kept row: the history before the window, then the window, each row once', async () => {
    page = await suite.open(`<realtime-graph stream="pump" window="${WINDOW}" range="all" autostart></realtime-graph>`);
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 15_000 }).toMatch(/finished/);
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBe(ROWS);
    const { x, y } = await trace();
    expect(x).toEqual(Array.from({ length: ROWS }, (_, i) => T0 + i * MINUTE));
    expect(y).toEqual(Array.from({ length: ROWS }, (_, i) => valueOf(i)));
    // The window itself still holds only its rows: CSV export is the window.
    const csv = await page.evaluate(() => document.querySelector('realtime-graph')!.exportCsv());
    expect(csv.trim().split(/\r\n/)).toHaveLength(WINDOW + 1);
  });

  it('without range, the chart shows the window only', async () => {
    page = await suite.open(`<realtime-graph stream="pump" window="${WINDOW}" autostart></realtime-graph>`);
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 15_000 }).toMatch(/finished/);
    await expect.poll(async () => (await trace()).x.length, { timeout: 15_000 }).toBe(WINDOW);
  });
});
