import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { browserMissing, launchBrowser, tracePoints } from '../helpers/browser.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { connectSse } from '../helpers/sse-client.js';
import { pumpCsv } from '../helpers/temp.js';

const columns = ['timestamp', 'sensor_04', 'sensor_18'];

describeIfAvailable('<realtime-graph> through a stream’s lifecycle', browserMissing, () => {
  let daemon: TestDaemon;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    daemon = await startTestDaemon({
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
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage();
    await page.goto(`${daemon.url}/`);
    await page.locator('realtime-graph select option').nth(1).waitFor({ state: 'attached' });
  });

  const status = () => page.locator('realtime-graph [part=status]').textContent();
  const startStream = (id: string) =>
    page.evaluate((stream) => {
      const element = document.querySelector('realtime-graph')!;
      element.stream = stream;
      element.start();
    }, id);

  it('keeps retrying after a 503 and goes live when a place frees up', async () => {
    const occupant = await connectSse(`${daemon.url}/api/streams/busy/events`);
    expect(occupant.status).toBe(200);
    await startStream('busy');
    await expect.poll(status, { timeout: 5000 }).toMatch(/reconnecting/);
    // Showing that it keeps retrying (and draws nothing) while refused takes a wait: several retries.
    await page.waitForTimeout(1500);
    expect(await status()).toMatch(/reconnecting/);
    expect((await tracePoints(page)).length).toBe(0);
    occupant.close();
    await expect.poll(status, { timeout: 15_000 }).toMatch(/live/);
    await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(5);
    await page.close();
  });

  it('shows finished when a replay ends, and enables Start again', async () => {
    await startStream('short');
    await expect.poll(status, { timeout: 10_000 }).toMatch(/finished/);
    expect((await tracePoints(page))[0]).toBe(30);
    expect(await page.locator('realtime-graph button', { hasText: 'Start' }).isEnabled()).toBe(true);
    expect(await page.locator('realtime-graph progress').getAttribute('value')).toBe('30');
    await page.close();
  });

  it('shows the pass of a looping replay and a progress bar', async () => {
    await startStream('looping');
    await expect.poll(status, { timeout: 10_000 }).toMatch(/pass [2-9]/);
    expect(await page.locator('realtime-graph progress').getAttribute('max')).toBe('30');
    await page.close();
  });

  it('shows a source error as text, and stops', async () => {
    await startStream('broken');
    const alert = page.locator('realtime-graph [role=alert]');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toBe('short.csv has no rows after startRow 100');
    await expect.poll(status).toBe('error');
    expect(await page.locator('realtime-graph button', { hasText: 'Start' }).isEnabled()).toBe(true);
    await page.close();
  });

  it('shows reconnecting, with the reason, while a Kafka source cannot reach its brokers', async () => {
    await startStream('unreachable');
    await expect.poll(status, { timeout: 15_000 }).toMatch(/reconnecting… \(cannot reach the Kafka brokers \(127\.0\.0\.1:9\)\)/);
    await page.close();
  });
});
