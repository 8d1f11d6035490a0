import type { Page } from 'playwright-core';
import pino from 'pino';
import { beforeAll, expect, it } from 'vitest';
import { startDaemon } from '../../src/main.js';
import { bundledConfig } from '../../src/paths.js';
import { browserMissing, drawnLines, saveScreenshot, tracePoints } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { browserSuite } from './element-suite.js';

describeIfAvailable('the page at / in headless Chromium', browserMissing, () => {
  // The bundled config and data, as `npm start` serves them, on a free port.
  const suite = browserSuite(async () => {
    const daemon = await startDaemon({ config: [bundledConfig], port: 0, logger: pino({ level: 'silent' }) });
    return { ...daemon, stop: () => daemon.close() };
  });
  // One page for the block: the tests follow one another on the same chart.
  let page: Page;
  beforeAll(async () => {
    page = await suite.visit(`${suite.daemon.url}/`, { viewport: { width: 1200, height: 640 }, keep: true });
  });

  it('fills the picker from /api/streams, with the first stream selected so that Start works at once', async () => {
    const picker = page.locator('realtime-graph select');
    await expect.poll(() => picker.locator('option').count()).toBe(6);
    expect(await picker.locator('option').allTextContents()).toEqual([
      'Choose…',
      'Pump 1 (scaled)',
      'Pump 2 (scaled)',
      'Pump 1 (raw units, looping at 60× real time)',
      'Pump 1 failure watch (60× real time)',
      'Pump 1, all 52 sensors (60× real time)',
    ]);
    expect(await picker.inputValue()).toBe('pump-1');
    expect(await page.locator('realtime-graph button', { hasText: 'Start' }).isEnabled()).toBe(true);
  });

  it('draws three traces that grow after Start, with a date x-axis and a legend', async () => {
    const start = page.locator('realtime-graph button', { hasText: 'Start' });
    await start.click();
    await expect.poll(() => start.isDisabled()).toBe(true);
    await expect.poll(() => tracePoints(page), { timeout: 15_000 }).toHaveLength(3);
    await expect.poll(async () => Math.min(...(await tracePoints(page))), { timeout: 15_000 }).toBeGreaterThanOrEqual(10);
    const early = await tracePoints(page);
    await expect.poll(async () => (await tracePoints(page))[0], { timeout: 5000 }).toBeGreaterThan(early[0]!);

    const layout = await page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        layout: { xaxis: { type: string } };
        data: { name: string; x: string[] }[];
      };
      return {
        xType: plot.layout.xaxis.type,
        names: plot.data.map((t) => t.name),
        firstX: plot.data[0]!.x[0],
        legendItems: plot.querySelectorAll('.legend .traces').length,
      };
    });
    expect(layout).toMatchObject({ xType: 'date', names: ['sensor_04', 'sensor_18', 'sensor_34'], legendItems: 3 });
    expect(layout.firstX).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent()).toMatch(/live · \d+(\.\d)? rows\/s/);
  });

  it('renders the Plotly mode bar styled inside the shadow root', async () => {
    const modebar = await page.evaluate(() => {
      const root = document.querySelector('realtime-graph')!.shadowRoot!;
      const bar = root.querySelector('.modebar') as HTMLElement | null;
      return bar ? { position: getComputedStyle(bar).position, adopted: root.adoptedStyleSheets.length } : null;
    });
    expect(modebar).not.toBeNull();
    expect(modebar!.position).toBe('absolute'); // unstyled, it would be static and stack over the chart
    expect(modebar!.adopted).toBeGreaterThan(1);
  });

  it('keeps at most `window` points (120 by default) as the chart scrolls', async () => {
    // pump-1 runs at 10 rows/s; at 120 points the chart must stop growing and scroll.
    await expect.poll(async () => (await tracePoints(page))[0], { timeout: 20_000, interval: 500 }).toBe(120);
    // Showing that it stays at 120 takes a wait: 600 ms is six more rows that must scroll, not grow.
    await page.waitForTimeout(600);
    expect((await tracePoints(page))[0]).toBe(120);
  });

  it('saves a screenshot of the running page (docs/screenshot.png with RTG_UPDATE_SCREENSHOTS=1)', async () => {
    // The picture shows a drawn chart: three lines across the plot, each through most of its 120
    // points (Plotly leaves out points that lie on a straight line between their neighbours).
    const lines = await drawnLines(page);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.points).toBeGreaterThan(60);
      expect(line.points).toBeLessThanOrEqual(120);
      expect(line.span).toBeGreaterThan(0.9);
    }
    await saveScreenshot(page, 'screenshot.png');
  });

  it('stops drawing after Stop and enables Start again', async () => {
    await page.locator('realtime-graph button', { hasText: 'Stop' }).click();
    await expect.poll(() => page.locator('realtime-graph button', { hasText: 'Start' }).isEnabled()).toBe(true);
    const stopped = await page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        data: { x: string[] }[];
      };
      return plot.data[0]!.x.at(-1);
    });
    // Showing that nothing more is drawn takes a wait: 800 ms is eight rows at 10 rows/s.
    await page.waitForTimeout(800);
    const after = await page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        data: { x: string[] }[];
      };
      return plot.data[0]!.x.at(-1);
    });
    expect(after).toBe(stopped);
    await expect.poll(() => suite.daemon.hub.get('pump-1')!.viewerCount).toBe(0);
  });
});
