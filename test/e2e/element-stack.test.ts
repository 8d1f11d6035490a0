import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { beforeAll, expect, it } from 'vitest';
import { browserMissing, saveScreenshot } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { elementSuite } from './element-suite.js';

// A stream of columns in several units, replayed at once: 24 rows a minute apart from 08:00. The
// pump is BROKEN from 08:10 to 08:15 (rows 10–14), and `z` is below −2.5 in its first two rows.
const ROWS = 24;
const time = (k: number) => new Date(Date.parse('2024-05-01T08:00:00Z') + k * 60_000).toISOString();
const broken = (k: number) => k >= 10 && k < 15;
const values = (k: number) => ({
  pressure: 2 + (k % 5) * 0.5,
  temp_in: 40 + k,
  temp_out: 60 - k / 2,
  current: broken(k) ? 0 : 600 + (k % 3) * 10,
  raw: k / 23,
  z: (k - 12) / 4,
});
const csv = [
  'timestamp,pressure,temp_in,temp_out,current,raw,z,status',
  ...Array.from({ length: ROWS }, (_, k) => {
    const v = values(k);
    return [time(k), v.pressure, v.temp_in, v.temp_out, v.current, v.raw, v.z, broken(k) ? 'BROKEN' : 'OK'].join(',');
  }),
].join('\n');

const units = {
  id: 'units',
  title: 'Pump in units',
  source: { type: 'csv', file: 'units.csv', rate: 'unlimited' },
  columns: [
    'timestamp',
    { column: 'pressure', unit: 'bar' },
    { column: 'temp_in', unit: '°C' },
    { column: 'temp_out', unit: '°C' },
    { column: 'current', unit: 'A' },
    'raw',
    { column: 'z', unit: 'σ', axis: 'y2' },
    { column: 'status', type: 'text' },
  ],
  thresholds: [
    { value: 500, label: 'min current' },
    { value: -2, axis: 'y2', label: 'z low' },
  ],
  states: { column: 'status', colors: { BROKEN: '#d62728' }, unshaded: ['OK'] },
  alerts: [{ name: 'z-low', column: 'z', below: -2.5 }],
  history: 100,
};

// The bundled pump-sensors stream of config/default.yaml (52 sensors with units), replayed at once.
const root = new URL('../..', import.meta.url).pathname;
const defaults = parse(await readFile(`${root}config/default.yaml`, 'utf8')) as { streams: { id: string; source: object }[] };
const sensors = defaults.streams.find((s) => s.id === 'pump-sensors')!;
const pumpSensors = { ...sensors, source: { type: 'csv', file: 'pump_raw.csv', rate: 'unlimited' }, history: 720 };

/** What the chart drew: its subplots, their axes' titles and tick labels (as Plotly wrote them), its traces, shapes and size. */
function drawn(page: Page) {
  return page.evaluate(() => {
    const shadow = document.querySelector('realtime-graph')!.shadowRoot!;
    const plot = shadow.querySelector('.js-plotly-plot') as HTMLElement & {
      data: { name: string; yaxis: string; x: unknown[]; y: unknown[]; hovertemplate: string }[];
      layout: { shapes: Record<string, unknown>[]; xaxis: { range?: unknown[]; autorange?: unknown } };
      _fullLayout: Record<string, { domain?: number[] } | number>;
    };
    const subplots = [...shadow.querySelectorAll('.cartesianlayer > .subplot')].map((g) => g.classList[1]!);
    const axes = subplots.map((id) => id.slice(1));
    const texts = (selector: string) => [...shadow.querySelectorAll(selector)].map((t) => t.textContent ?? '');
    return {
      subplots,
      titles: axes.map((axis) => texts(`.g-${axis}title text`).join('')),
      ticks: Object.fromEntries(axes.map((axis) => [axis, texts(`.${axis}tick text`)])),
      domains: axes.map((axis) => (plot._fullLayout[`yaxis${axis.slice(1)}`] as { domain: number[] }).domain),
      traces: plot.data.map((t) => [t.name, t.yaxis]),
      data: plot.data,
      shapes: plot.layout.shapes,
      height: plot._fullLayout.height as number,
      xaxis: plot.layout.xaxis,
    };
  });
}

const finished = (page: Page) =>
  expect.poll(() => page.locator('realtime-graph [part=status] [role=status]').textContent(), { timeout: 15_000 });

describeIfAvailable('<realtime-graph layout="stack">: one plot per unit on one time axis', browserMissing, () => {
  const suite = elementSuite(async () => ({
    streams: [units, pumpSensors],
    files: { 'units.csv': `${csv}\n`, 'pump_raw.csv': await readFile(`${root}data/pump_raw.csv`, 'utf8') },
  }));
  let page: Page;
  beforeAll(async () => {
    page = await suite.open('<realtime-graph stream="units" layout="stack" window="100" autostart></realtime-graph>', {
      viewport: { width: 1100, height: 800 },
      keep: true,
    });
  });

  it('draws one plot per unit, a column without a unit alone, each titled, every line on its plot’s axis with every row', async () => {
    await finished(page).toBe('finished');
    await expect.poll(async () => (await drawn(page)).subplots, { timeout: 5000 }).toEqual(['xy', 'xy2', 'xy3', 'xy4', 'xy5']);
    const chart = await drawn(page);
    expect(chart.titles).toEqual(['pressure (bar)', '°C', 'current (A)', 'raw', 'z (σ)']);
    expect(chart.traces).toEqual([
      ['pressure', 'y'],
      ['temp_in', 'y2'],
      ['temp_out', 'y2'],
      ['current', 'y3'],
      ['raw', 'y4'],
      ['z', 'y5'], // its `axis: y2` is not used in a stack
    ]);
    // Stacked from the top down, 4 % of the height apart, filling the plot area.
    expect(chart.domains).toEqual([
      [0.832, 1],
      [0.624, 0.792],
      [0.416, 0.584],
      [0.208, 0.376],
      [0, 0.168],
    ]);
    // Every row, exactly: the current's line, and the hover template with its unit.
    const current = chart.data[3]!;
    expect(current.x).toEqual(Array.from({ length: ROWS }, (_, k) => time(k)));
    expect(current.y).toEqual(Array.from({ length: ROWS }, (_, k) => values(k).current));
    expect(current.hovertemplate).toBe('%{y} A<extra>current</extra>');
    // Five plots of at least 100 px: taller than the element's 420 px.
    expect(chart.height).toBe(5 * 100 + 70);
  });

  it('spans every plot with the state band and the alert marks; thresholds on the plots of their axis', async () => {
    const { shapes } = await drawn(page);
    const marks = shapes.filter((s) => s.name).map((s) => [s.type, s.name, s.x0, s.x1, s.yref, s.ysizemode ?? 'scaled', s.y0, s.y1]);
    expect(marks).toEqual([
      ['rect', 'BROKEN', time(10), time(15), 'paper', 'scaled', 0, 1],
      ['rect', 'alert z-low', time(0), time(2), 'paper', 'pixel', -11, 0],
      ['line', 'alert z-low', time(0), time(0), 'paper', 'scaled', 0, 1],
    ]);
    // paper 0 to 1 is the plot area, from the bottom plot's foot to the top plot's head.
    const thresholds = shapes.filter((s) => !s.name).map((s) => [s.yref, s.y0]);
    expect(thresholds).toEqual([
      ['y', 500],
      ['y2', 500],
      ['y3', 500],
      ['y4', 500],
      ['y5', -2],
    ]);
  });

  it('hovers the lines of the plot at the pointer, with their units', async () => {
    const at = await page.evaluate(
      (ms) => {
        const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as HTMLElement & {
          _fullLayout: Record<string, { _offset: number; _length: number; l2p(v: number): number }>;
        };
        const rect = plot.getBoundingClientRect();
        const { xaxis, yaxis2 } = plot._fullLayout;
        return { x: rect.left + xaxis!._offset + xaxis!.l2p(ms), y: rect.top + yaxis2!._offset + yaxis2!._length / 2 };
      },
      Date.parse(time(4)),
    );
    await page.mouse.move(at.x, at.y);
    const hover = () =>
      page.evaluate(() =>
        [...document.querySelector('realtime-graph')!.shadowRoot!.querySelectorAll('.hoverlayer text')].map((t) => t.textContent),
      );
    // The °C plot at 08:04: its two lines (and none of the other plots').
    await expect.poll(hover, { timeout: 5000 }).toEqual(['May 1, 2024, 08:04', 'temp_in : 44 °C', 'temp_out : 58 °C']);
    await page.mouse.move(0, 0);
  });

  it('zooms every plot at once: a drag in one plot sets the one time axis', async () => {
    const box = await page.evaluate(
      ([from, to]) => {
        const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as HTMLElement & {
          _fullLayout: Record<string, { _offset: number; _length: number; l2p(v: number): number }>;
        };
        const rect = plot.getBoundingClientRect();
        const { xaxis, yaxis3 } = plot._fullLayout;
        return {
          x0: rect.left + xaxis!._offset + xaxis!.l2p(from!),
          x1: rect.left + xaxis!._offset + xaxis!.l2p(to!),
          y: rect.top + yaxis3!._offset + yaxis3!._length / 2,
        };
      },
      [Date.parse(time(5)), Date.parse(time(15))],
    );
    await page.mouse.move(box.x0, box.y);
    await page.mouse.down();
    await page.mouse.move(box.x1, box.y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('realtime-graph [part~=live-button]').isVisible(), { timeout: 5000 }).toBe(true);
    const { xaxis, subplots } = await drawn(page);
    expect(xaxis.autorange).toBe(false);
    const [from, to] = (xaxis.range as string[]).map((t) => Date.parse(`${t.replace(' ', 'T')}Z`));
    expect(Math.abs(from! - Date.parse(time(5)))).toBeLessThan(60_000);
    expect(Math.abs(to! - Date.parse(time(15)))).toBeLessThan(60_000);
    expect(subplots).toHaveLength(5); // all still there, all on that x-axis
    await page.locator('realtime-graph [part~=live-button]').click();
    await expect.poll(() => page.locator('realtime-graph [part~=live-button]').isVisible(), { timeout: 5000 }).toBe(false);
  });

  it('redraws for another layout: stack-columns, one plot per column; overlay, the left and right axes with round ticks of their own', async () => {
    await page.evaluate(() => document.querySelector('realtime-graph')!.setAttribute('layout', 'stack-columns'));
    await expect.poll(async () => (await drawn(page)).subplots, { timeout: 5000 }).toHaveLength(6);
    expect((await drawn(page)).titles).toEqual(['pressure (bar)', 'temp_in (°C)', 'temp_out (°C)', 'current (A)', 'raw', 'z (σ)']);

    await page.evaluate(() => {
      const graph = document.querySelector('realtime-graph')!;
      graph.setAttribute('columns', 'pressure,z');
      graph.setAttribute('layout', 'overlay');
    });
    await expect
      .poll(async () => (await drawn(page)).traces, { timeout: 5000 })
      .toEqual([
        ['pressure', 'y'],
        ['z', 'y2'],
      ]);
    const overlay = await drawn(page);
    expect(overlay.subplots).toEqual(['xy', 'xy2']);
    expect(overlay.titles).toEqual(['bar', 'σ']);
    expect(overlay.height).toBe(420);
    // The left axis spans 0 to 500 (pressure's 2 to 4 bar, and the stream's 500 threshold), the
    // right one z's −3 to 2.75 σ: each with round ticks of its own (synced to the left grid, the
    // right axis had six ticks at the left’s 0, 100, … 500: −3.02, −1.87, −0.72, …).
    expect(overlay.ticks).toEqual({
      y: ['0', '100', '200', '300', '400', '500'],
      y2: ['−3', '−2', '−1', '0', '1', '2', '3'],
    });
  });
});

describeIfAvailable('<realtime-graph layout="stack"> of the bundled 52 pump sensors', browserMissing, () => {
  const suite = elementSuite(async () => ({
    streams: [pumpSensors],
    files: { 'pump_raw.csv': await readFile(`${root}data/pump_raw.csv`, 'utf8') },
  }));

  it('draws a plot per unit, readable, and the BROKEN and RECOVERING bands across them (docs/screenshot-stack.png)', async () => {
    const page = await suite.open('<realtime-graph stream="pump-sensors" layout="stack" window="720" autostart></realtime-graph>', {
      head: '<style>body { margin: 0; padding: 20px; background: #f5f7fa; }</style>',
      viewport: { width: 1100, height: 700 },
    });
    await finished(page).toBe('finished');
    await expect
      .poll(async () => (await drawn(page)).shapes.filter((s) => s.name).map((s) => s.name), { timeout: 5000 })
      .toEqual(['BROKEN', 'RECOVERING']);
    const chart = await drawn(page);
    expect(chart.titles).toEqual(['sensor_00 (bar)', '°C', 'sensor_04 (A)', '%', 'mV']);
    expect(chart.traces).toHaveLength(52);
    expect(chart.traces.filter(([, axis]) => axis === 'y2')).toHaveLength(18);
    expect(chart.traces.filter(([, axis]) => axis === 'y5')).toHaveLength(23);
    await saveScreenshot(page.locator('realtime-graph'), 'screenshot-stack.png');
  });
});
