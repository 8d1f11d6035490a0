import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { elementSuite } from './element-suite.js';

// More rows than the plot has pixels: the element keeps them all and draws a decimated view.
const ROWS = 6000;
const WINDOW = 5000;
const T0 = Date.UTC(2024, 0, 1);
const STEP = 60_000;

/** Noisy values (a slow wave plus jitter) with a few runs of gaps. */
function value(i: number, column: number): number | null {
  if ((i > 2500 && i < 2504) || i === 4000 + column) return null;
  const jitter = ((i * 7919 + column * 104729) % 1000) / 1000;
  return Math.round((Math.sin(i / (150 + column * 40)) + jitter * 0.6) * 1e4) / 1e4 + 0; // + 0: no -0
}

function noisyCsv(): string {
  const lines = ['timestamp,a,b'];
  for (let i = 0; i < ROWS; i++) {
    const time = new Date(T0 + i * STEP).toISOString().slice(0, 19).replace('T', ' ');
    lines.push([time, value(i, 0) ?? '', value(i, 1) ?? ''].join(','));
  }
  return `${lines.join('\n')}\n`;
}

interface Trace {
  x: (number | null)[];
  y: (number | null)[];
}

describeIfAvailable('<realtime-graph> with more rows than pixels: a decimated view of a full-resolution window', browserMissing, () => {
  const stream = (id: string) => ({ id, source: { type: 'csv', file: 'noisy.csv', rate: 3000 }, columns: ['timestamp', 'a', 'b'] });
  const suite = elementSuite(() => ({ streams: [stream('noisy'), stream('noisy-elsewhere')], files: { 'noisy.csv': noisyCsv() } }));
  let page: Page;

  async function openFinished(stream: string, timezoneId: string): Promise<void> {
    page = await suite.open(`<realtime-graph stream="${stream}" window="${WINDOW}" autostart></realtime-graph>`, { timezoneId });
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 15_000 }).toMatch(/finished/);
    // A fast replay can finish before the chart library is loaded (a busy machine): wait for the plot too.
    await expect.poll(() => page.locator('realtime-graph .js-plotly-plot').count(), { timeout: 15_000 }).toBe(1);
  }

  /** The chart's lines (x in ms as Plotly holds them), the plot area, and the x-axis. */
  const chart = () =>
    page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        data: { x: (Date | string | null)[]; y: (number | null)[] }[];
        layout: { xaxis: { autorange: unknown; range: string[] } };
        _fullLayout: { _size: { w: number }; xaxis: { range: string[] } };
      };
      return {
        traces: plot.data.map((t) => ({
          x: t.x.map((v) => (v === null ? null : typeof v === 'string' ? Date.parse(v) : v.getTime())),
          y: t.y.slice(),
        })),
        width: plot._fullLayout._size.w,
        autorange: plot.layout.xaxis.autorange,
        range: plot._fullLayout.xaxis.range.slice(),
        xTypes: [...new Set(plot.data.flatMap((t) => t.x.filter((v) => v !== null).map((v) => (v instanceof Date ? 'Date' : typeof v))))],
      };
    });
  /** Plotly's range strings are UTC clock times. */
  const rangeMs = (range: string[]) =>
    range.map((r) => Date.parse(`${r.replace(' ', 'T')}${r.length > 10 ? '' : 'T00:00'}Z`)) as [number, number];
  const windowRows = () => Array.from({ length: WINDOW }, (_, k) => ROWS - WINDOW + k);

  it('keeps every row for CSV, and draws each pixel column with its first, lowest, highest and last point', async () => {
    await openFinished('noisy', 'UTC');
    const csv = await page.evaluate(() => document.querySelector('realtime-graph')!.exportCsv());
    const expected = [
      'timestamp,a,b',
      ...windowRows().map((i) => [new Date(T0 + i * STEP).toISOString(), value(i, 0) ?? '', value(i, 1) ?? ''].join(',')),
    ];
    expect(csv).toBe(`${expected.join('\r\n')}\r\n`);

    const { traces, width, autorange, xTypes } = await chart();
    expect(autorange).toBe(true);
    expect(xTypes).toEqual(['Date']); // no date strings for Plotly to parse
    const x0 = T0 + (ROWS - WINDOW) * STEP;
    const x1 = T0 + (ROWS - 1) * STEP;
    const column = (t: number) => Math.floor((t - x0) / ((x1 - x0) / width));
    traces.forEach((trace: Trace, series) => {
      expect(trace.x.length).toBeLessThan(4 * width + 20);
      expect(trace.x.length).toBeLessThan(WINDOW / 1.5);
      // Every point drawn is a row of the window, in time order.
      const drawn = trace.x.flatMap((t, k) => (t === null || trace.y[k] === null ? [] : [[t, trace.y[k]!] as const]));
      for (const [t, y] of drawn) expect(y).toBe(value((t - T0) / STEP, series));
      expect(drawn.map(([t]) => t)).toEqual([...drawn.map(([t]) => t)].sort((a, b) => a - b));
      // Per pixel column the drawn points span exactly what the rows span.
      const span = new Map<number, [number, number]>();
      const drawnSpan = new Map<number, [number, number]>();
      const widen = (m: Map<number, [number, number]>, c: number, y: number) => {
        const s = m.get(c);
        m.set(c, s ? [Math.min(s[0], y), Math.max(s[1], y)] : [y, y]);
      };
      for (const i of windowRows()) {
        const y = value(i, series);
        if (y !== null) widen(span, column(T0 + i * STEP), y);
      }
      for (const [t, y] of drawn) widen(drawnSpan, column(t), y);
      expect(drawnSpan).toEqual(span);
      // Gaps stay gaps: one break per run of empty cells.
      const runs = windowRows().filter((i) => value(i, series) === null && value(i - 1, series) !== null).length;
      expect(trace.y.filter((y) => y === null).length).toBe(runs);
    });
    const png = await page.evaluate(() => document.querySelector('realtime-graph')!.exportPng());
    expect(Buffer.from(png.split(',')[1]!, 'base64').length).toBeGreaterThan(20_000);
  });

  it('shows every row of a zoomed range (also while paused), and goes back to the decimated view on Live', async () => {
    await openFinished('noisy', 'UTC');
    const box = (await page.locator('realtime-graph .nsewdrag').first().boundingBox())!;
    const zoom = async (from: number, to: number) => {
      await page.mouse.move(box.x + box.width * from, box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * to, box.y + box.height * 0.52, { steps: 6 });
      await page.mouse.up();
    };
    /** Rows of the window inside the zoomed range must all be drawn, where they have a value. */
    const everyRowIn = async () => {
      const { traces, range, autorange } = await chart();
      expect(autorange).toBe(false);
      const [from, to] = rangeMs(range);
      const inside = windowRows().filter((i) => T0 + i * STEP >= from && T0 + i * STEP <= to);
      expect(inside.length).toBeGreaterThan(100);
      // outside the range, still decimated
      for (const trace of traces as Trace[]) expect(trace.x.length).toBeLessThan(4 * 1200);
      return traces.map((trace: Trace, series: number) => {
        const drawn = new Set(trace.x.filter((t, k) => t !== null && trace.y[k] !== null));
        return inside.filter((i) => value(i, series) !== null && !drawn.has(T0 + i * STEP));
      });
    };
    // The zoomed view is drawn in a frame after the relayout: wait for it, then every row is there.
    const expectEveryRowIn = async () => {
      const series = (await chart()).traces.length;
      await expect.poll(everyRowIn, { timeout: 10_000 }).toEqual(Array.from({ length: series }, () => []));
    };

    await zoom(0.4, 0.5);
    await expect.poll(() => page.locator('realtime-graph button', { hasText: 'Live' }).count()).toBe(1);
    await expect.poll(async () => (await chart()).traces[0]!.x.length).toBeGreaterThan(400);
    await expectEveryRowIn();

    await page.locator('realtime-graph button', { hasText: 'Live' }).click();
    await expect.poll(async () => (await chart()).autorange).toBe(true);
    await expect.poll(async () => (await chart()).traces[0]!.x.length).toBeLessThan(4 * (await chart()).width + 20);

    await page.evaluate(() => document.querySelector('realtime-graph')!.pause());
    await zoom(0.7, 0.78);
    await expect.poll(async () => (await chart()).autorange).toBe(false);
    await expect.poll(async () => (await chart()).traces[0]!.x.length).toBeGreaterThan(300);
    await expectEveryRowIn();
    expect(await page.evaluate(() => document.querySelector('realtime-graph')!.paused)).toBe(true);
  });

  it('shows UTC times on the date axis in any time zone, as the exact view does', async () => {
    await openFinished('noisy-elsewhere', 'America/New_York');
    const { range, xTypes } = await chart();
    expect(xTypes).toEqual(['Date']);
    // Autorange spans the window exactly: its first and last rows, at their UTC clock times.
    expect(rangeMs(range)).toEqual([T0 + (ROWS - WINDOW) * STEP, T0 + (ROWS - 1) * STEP]);
  });
});
