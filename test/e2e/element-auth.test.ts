import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { browserMissing, launchBrowser, serveElementPage, tracePoints, watchPageErrors } from '../helpers/browser.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';

const TOKEN = '0123456789abcdef0123';

describeIfAvailable('<realtime-graph token> on a daemon that needs a bearer token', browserMissing, () => {
  let daemon: TestDaemon;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    daemon = await startTestDaemon({
      server: { auth: { token: TOKEN } },
      streams: [
        { id: 'locked', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns: ['timestamp', 'sensor_04', 'sensor_18'] },
      ],
      files: { 'p.csv': pumpCsv(2000, ['sensor_04', 'sensor_18']) },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
  });
  afterEach(async () => {
    await page?.close();
  });

  /** A page on the daemon's origin (the page and the element's script need no token), recording requests and rg-error. */
  async function openPage(body: string): Promise<string[]> {
    page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    errors = watchPageErrors(page);
    const requested: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) requested.push(request.url());
    });
    const url = await serveElementPage(page, daemon.url, { body });
    await page.addInitScript(() => {
      const w = window as unknown as { __errors: string[] };
      w.__errors = [];
      document.addEventListener('rg-error', (e) => w.__errors.push((e as CustomEvent<{ message: string }>).detail.message));
    });
    await page.goto(url);
    return requested;
  }
  const reported = () => page.evaluate(() => (window as unknown as { __errors: string[] }).__errors.slice());

  it('without the token: reports that it cannot list the streams, and gives up on the stream', async () => {
    await openPage('<realtime-graph stream="locked" autostart></realtime-graph>');
    await expect
      .poll(reported, { timeout: 10_000 })
      .toContainEqual(expect.stringMatching(/^cannot list the streams: the server answered 401/));
    // The event stream is refused too (401): an error, not endless reconnecting.
    await expect.poll(reported, { timeout: 10_000 }).toContainEqual(expect.stringMatching(/refused the stream \(401\)/));
    await expect.poll(() => page.locator('realtime-graph [part=status]').getAttribute('data-state')).toBe('error');
    expect(await page.locator('realtime-graph [role=alert]').textContent()).toMatch(/token/);
    expect(await tracePoints(page)).toEqual([]);
    // The browser logs the refused requests as console errors; nothing else went wrong.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });

  it('with the token: lists the streams and draws, sending it as access_token on every request', async () => {
    const requested = await openPage(`<realtime-graph stream="locked" token="${TOKEN}" autostart></realtime-graph>`);
    await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(10);
    expect(await page.locator('realtime-graph select option').allTextContents()).toContain('locked');
    expect(await reported()).toEqual([]);
    const paths = requested.map((url) => new URL(url).pathname);
    expect(paths).toContain('/api/streams');
    expect(paths).toContain('/api/streams/locked/events');
    for (const url of requested) expect(new URL(url).searchParams.get('access_token')).toBe(TOKEN);
    expect(errors).toEqual([]);
  });
});
