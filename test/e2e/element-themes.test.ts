import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { browserMissing, drawnLines, saveScreenshot, tracePoints } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { elementSuite } from './element-suite.js';

const root = new URL('../..', import.meta.url).pathname;

/** The bundled 12 hours `count` times over, one after the other: a replay that outlasts the tests (30 s at 150 rows/s for 6). */
async function passes(count: number): Promise<string> {
  const [header, ...rows] = (await readFile(`${root}data/pump_raw.csv`, 'utf8')).trimEnd().split('\n');
  const shifted = (pass: number) =>
    rows.map((row) => {
      const comma = row.indexOf(',');
      const time = new Date(Date.parse(`${row.slice(0, comma).replace(' ', 'T')}Z`) + pass * 12 * 3600_000);
      return `${time.toISOString().slice(0, 19).replace('T', ' ')}${row.slice(comma)}`;
    });
  return `${[header, ...Array.from({ length: count }, (_, pass) => shifted(pass)).flat()].join('\n')}\n`;
}

describeIfAvailable('<realtime-graph> themes (and the screenshots in docs/)', browserMissing, () => {
  const suite = elementSuite(async () => ({
    streams: [
      {
        id: 'pump-raw',
        title: 'Pump 1 (raw units)',
        source: { type: 'csv', file: 'pump_raw.csv', rate: 150 },
        columns: [
          'timestamp',
          { column: 'sensor_04', as: 'motor_current' },
          { column: 'sensor_34', as: 'bearing_temp' },
          { column: 'sensor_00', as: 'flow', axis: 'y2' },
          { column: 'machine_status', type: 'text' },
        ],
        thresholds: [{ value: 640, label: 'max current' }],
      },
    ],
    files: { 'pump_raw.csv': await passes(6) },
  }));
  // One page for the block: the tests follow one another on the same chart.
  let page: Page;
  beforeAll(async () => {
    page = await suite.open('<realtime-graph stream="pump-raw" window="720" autostart></realtime-graph>', {
      head: '<style>body { margin: 0; padding: 20px; background: #f5f7fa; } realtime-graph { --rg-height: 460px; }</style>',
      viewport: { width: 1100, height: 620 },
      keep: true,
    });
  });

  const chartColours = () =>
    page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        layout: { paper_bgcolor: string; font: { color: string }; xaxis: { gridcolor: string; autorange: unknown; range: unknown[] } };
        data: { line: { color: string } }[];
      };
      return {
        paper: plot.layout.paper_bgcolor,
        font: plot.layout.font.color,
        grid: plot.layout.xaxis.gridcolor,
        lines: plot.data.map((t) => t.line.color),
        zoomed: plot.layout.xaxis.autorange === false,
        points: plot.data[0]!.line && (plot.data[0] as unknown as { x: unknown[] }).x.length,
      };
    });
  const setTheme = (theme: string) =>
    page.evaluate((t) => {
      document.querySelector('realtime-graph')!.theme = t as 'light' | 'dark' | 'auto';
    }, theme);

  /** The element alone, into docs/ with RTG_UPDATE_SCREENSHOTS=1, else into test-results/. */
  async function screenshot(name: string): Promise<void> {
    // Steady figures for the picture: wait until the badge shows the full rate.
    await expect
      .poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 10_000 })
      .toMatch(/live · 1\d\d\.\d rows\/s/);
    // The picture shows a drawn chart: each line has its points on the plot, across its width.
    const lines = await drawnLines(page);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.points).toBeGreaterThan(100);
      expect(line.span).toBeGreaterThan(0.5);
    }
    await saveScreenshot(page.locator('realtime-graph'), name);
  }

  it('draws in the light theme by default (docs/screenshot-light.png)', async () => {
    await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 15_000 }).toBe(720);
    expect(await chartColours()).toMatchObject({
      paper: '#ffffff',
      font: '#1f2933',
      grid: '#e4e7eb',
      lines: ['#1f77b4', '#ff7f0e', '#2ca02c'],
    });
    await screenshot('screenshot-light.png');
  });

  it('switches to the dark theme, keeping the data and the zoom (docs/screenshot-dark.png)', async () => {
    await setTheme('dark');
    await expect.poll(chartColours).toMatchObject({
      paper: '#161b22',
      font: '#e6edf3',
      grid: '#2d333b',
      lines: ['#58a6ff', '#f0883e', '#3fb950'],
      points: 720,
    });
    expect(await page.locator('realtime-graph').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(22, 27, 34)');
    await screenshot('screenshot-dark.png');

    // A zoom survives a theme change.
    const box = (await page.locator('realtime-graph .nsewdrag').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.8, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await chartColours()).zoomed).toBe(true);
    await setTheme('light');
    await expect.poll(async () => (await chartColours()).paper).toBe('#ffffff');
    expect((await chartColours()).zoomed).toBe(true);
    await page.locator('realtime-graph button', { hasText: 'Live' }).click();
  });

  it('follows the system setting with theme="auto"', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await setTheme('auto');
    await expect.poll(async () => (await chartColours()).paper).toBe('#161b22');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(async () => (await chartColours()).paper).toBe('#ffffff');
  });
});
