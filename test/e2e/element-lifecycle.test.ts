import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing, tracePoints } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { connectSse } from '../helpers/sse-client.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite, type PageOptions } from './element-suite.js';

const columns = ['timestamp', 'sensor_04', 'sensor_18'];

const status = (page: Page) => page.locator('realtime-graph [part=status]').textContent();
const startStream = (page: Page, id: string) =>
  page.evaluate((stream) => {
    const element = document.querySelector('realtime-graph')!;
    element.stream = stream;
    element.start();
  }, id);

describeIfAvailable('<realtime-graph> through a stream’s lifecycle', browserMissing, () => {
  const suite = elementSuite(() => ({
    server: { maxViewersPerStream: 1, retryMs: 500 },
    streams: [
      { id: 'busy', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns },
      { id: 'short', source: { type: 'csv', file: 'short.csv', rate: 20 }, columns },
      { id: 'looping', source: { type: 'csv', file: 'short.csv', rate: 40, loop: true }, columns },
      // A looping replay that starts after the file's last row fails while it runs. (A damaged
      // record does not: it is skipped, see element-first-use.test.ts.)
      { id: 'broken', source: { type: 'csv', file: 'short.csv', rate: 50, loop: true, startRow: 100 }, columns },
      // Kafka brokers that cannot be reached (nothing listens on port 9 of loopback)
      { id: 'unreachable', source: { type: 'kafka', brokers: ['127.0.0.1:9'], topic: 't', connectionTimeoutMs: 200 }, columns },
    ],
    files: { 'p.csv': pumpCsv(2000, ['sensor_04', 'sensor_18']), 'short.csv': pumpCsv(30, ['sensor_04', 'sensor_18']) },
  }));

  /** The daemon's page, its picker filled. */
  async function openHome(options: PageOptions = {}): Promise<Page> {
    const page = await suite.visit(`${suite.daemon.url}/`, { viewport: { width: 1280, height: 720 }, ...options });
    await page.locator('realtime-graph select option').nth(1).waitFor({ state: 'attached' });
    return page;
  }

  it('keeps retrying after a 503 and goes live when a place frees up', async () => {
    // The browser logs each refused attempt (503) itself; nothing else may go wrong.
    const page = await openHome({ expectedErrors: /status of 503/ });
    const occupant = await connectSse(`${suite.daemon.url}/api/streams/busy/events`);
    expect(occupant.status).toBe(200);
    await startStream(page, 'busy');
    await expect.poll(() => status(page), { timeout: 5000 }).toMatch(/reconnecting/);
    // Showing that it keeps retrying (and draws nothing) while refused takes a wait: several retries.
    await page.waitForTimeout(1500);
    expect(await status(page)).toMatch(/reconnecting/);
    expect((await tracePoints(page)).length).toBe(0);
    occupant.close();
    await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/live/);
    await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(5);
  });

  it('shows finished when a replay ends, and enables Start again', async () => {
    const page = await openHome();
    await startStream(page, 'short');
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/finished/);
    expect((await tracePoints(page))[0]).toBe(30);
    expect(await page.locator('realtime-graph button', { hasText: 'Start' }).isEnabled()).toBe(true);
    expect(await page.locator('realtime-graph progress').getAttribute('value')).toBe('30');
  });

  it('shows the pass of a looping replay and a progress bar', async () => {
    const page = await openHome();
    await startStream(page, 'looping');
    // Any pass from the second on: under load the badge may be many passes on before it is read.
    const pass = async () => Number(/pass (\d+)/.exec((await status(page)) ?? '')?.[1] ?? 0);
    await expect.poll(pass, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.locator('realtime-graph progress').getAttribute('max')).toBe('30');
  });

  it('shows a source error as text, and stops', async () => {
    const page = await openHome();
    await startStream(page, 'broken');
    const alert = page.locator('realtime-graph [role=alert]');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toBe('short.csv has no rows after startRow 100');
    await expect.poll(() => status(page)).toBe('error');
    expect(await page.locator('realtime-graph button', { hasText: 'Start' }).isEnabled()).toBe(true);
  });

  it('shows reconnecting, with the reason, while a Kafka source cannot reach its brokers', async () => {
    const page = await openHome();
    await startStream(page, 'unreachable');
    await expect
      .poll(() => status(page), { timeout: 15_000 })
      .toMatch(/reconnecting… \(cannot reach the Kafka brokers \(127\.0\.0\.1:9\)\)/);
  });
});
