import type { Page } from 'playwright-core';
import pino from 'pino';
import { expect, it } from 'vitest';
import { startDaemon } from '../../src/main.js';
import { bundledConfig } from '../../src/paths.js';
import { browserMissing, saveScreenshot } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { browserSuite } from './element-suite.js';
import { chartTrace, countEventSources, dashboardText, eventSources, tileTexts } from './dashboard-suite.js';

describeIfAvailable("the default config's Plant overview at /dashboards/plant, in headless Chromium", browserMissing, () => {
  // The bundled config and data, as `npm start` serves them, on a free port.
  const suite = browserSuite(async () => {
    const daemon = await startDaemon({ config: [bundledConfig], port: 0, logger: pino({ level: 'silent' }) });
    return { ...daemon, stop: () => daemon.close() };
  });
  let page: Page;

  /** Opens the dashboard and waits until every chart has a few seconds of rows and every tile a value. */
  async function open(query = ''): Promise<void> {
    page = await suite.visit(`${suite.daemon.url}/dashboards/plant${query}`, {
      viewport: { width: 1280, height: 1480 },
      init: countEventSources,
    });
    await expect.poll(() => dashboardText(page, 'title'), { timeout: 15_000 }).toBe('Plant overview');
    // A few seconds of data: the runs start with the page (its first viewer); pump-1 and pump-2
    // play 10 rows/s, the others 1 row/s.
    for (const [chart, rows] of [
      [0, 8],
      [1, 80],
      [2, 80],
      [3, 8],
    ] as const) {
      await expect.poll(async () => (await chartTrace(page, chart)).x.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(rows);
    }
    await expect.poll(async () => (await tileTexts(page, 'rg-value-tile', 'value')).every((text) => /^[\d.]+( A)?$/.test(text))).toBe(true);
    expect((await tileTexts(page, 'rg-state-tile', 'state'))[0]).toMatch(/^(NORMAL|BROKEN|RECOVERING)$/);
  }

  it('shows every panel, on one EventSource per stream', { timeout: 60_000 }, async () => {
    await open();
    expect(await tileTexts(page, 'rg-value-tile', 'title')).toEqual([
      'Pump 1 motor current',
      'Pump 1 sensor 04 (scaled)',
      'Pump 2 sensor 04 (scaled)',
    ]);
    expect((await eventSources(page)).map((url) => new URL(url).pathname).sort()).toEqual([
      '/api/streams/pump-1/events',
      '/api/streams/pump-2/events',
      '/api/streams/pump-sensors/events',
      '/api/streams/pump-watch/events',
    ]);
    await saveScreenshot(page, 'screenshot-dashboard.png');
  });

  it('in the dark theme (?theme=dark)', { timeout: 60_000 }, async () => {
    await open('?theme=dark');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('realtime-dashboard')!).backgroundColor)).toBe(
      'rgb(13, 17, 23)',
    );
    await saveScreenshot(page, 'screenshot-dashboard-dark.png');
  });
});
