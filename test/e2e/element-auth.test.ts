import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing, tracePoints } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite, type PageOptions } from './element-suite.js';

const TOKEN = '0123456789abcdef0123';

describeIfAvailable('<realtime-graph token> on a daemon that needs a bearer token', browserMissing, () => {
  const suite = elementSuite(() => ({
    server: { auth: { token: TOKEN } },
    streams: [
      { id: 'locked', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns: ['timestamp', 'sensor_04', 'sensor_18'] },
    ],
    files: { 'p.csv': pumpCsv(2000, ['sensor_04', 'sensor_18']) },
  }));
  let page: Page;

  /** A page on the daemon's origin (the page and the element's script need no token), recording requests and rg-error. */
  async function openPage(body: string, options: PageOptions = {}): Promise<string[]> {
    const requested: string[] = [];
    page = await suite.open(body, {
      viewport: { width: 1000, height: 600 },
      beforeLoad: (p) =>
        p.on('request', (request) => {
          if (new URL(request.url()).pathname.startsWith('/api/')) requested.push(request.url());
        }),
      init: () => {
        const w = window as unknown as { __errors: string[] };
        w.__errors = [];
        document.addEventListener('rg-error', (e) => w.__errors.push((e as CustomEvent<{ message: string }>).detail.message));
      },
      ...options,
    });
    return requested;
  }
  const reported = () => page.evaluate(() => (window as unknown as { __errors: string[] }).__errors.slice());

  it('without the token: reports that it cannot list the streams, and gives up on the stream', async () => {
    // The browser logs the refused requests as console errors; nothing else may go wrong.
    await openPage('<realtime-graph stream="locked" autostart></realtime-graph>', { expectedErrors: /status of 401/ });
    await expect
      .poll(reported, { timeout: 10_000 })
      .toContainEqual(expect.stringMatching(/^cannot list the streams: the server answered 401/));
    // The event stream is refused too (401): an error, not endless reconnecting.
    await expect.poll(reported, { timeout: 10_000 }).toContainEqual(expect.stringMatching(/refused the stream \(401\)/));
    await expect.poll(() => page.locator('realtime-graph [part=status]').getAttribute('data-state')).toBe('error');
    expect(await page.locator('realtime-graph [role=alert]').textContent()).toMatch(/token/);
    expect(await tracePoints(page)).toEqual([]);
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
  });
});
