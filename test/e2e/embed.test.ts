import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browserMissing, tracePoints } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite } from './element-suite.js';

const root = new URL('../..', import.meta.url).pathname;

/** A tiny web server for a page on another origin: docs/embed.html pointed at the test daemon. */
async function pageServer(daemonUrl: () => string, options: { ownCopy?: boolean } = {}): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/embed.html') {
        let html = (await readFile(join(root, 'docs/embed.html'), 'utf8')).replaceAll('http://localhost:5001', daemonUrl());
        // A page that serves its own copy of the element (so only the daemon's API can refuse it).
        if (options.ownCopy) html = html.replace(`src="${daemonUrl()}/realtime-graph.js"`, 'src="/realtime-graph.js"');
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
        return;
      }
      if (options.ownCopy && (path === '/realtime-graph.js' || /^\/chunks\/[\w.-]+\.js$/.test(path))) {
        res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(await readFile(join(root, 'dist/public', path)));
        return;
      }
      res.writeHead(404).end('not found');
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** What the browser logs when the daemon refuses a page's origin (CORS): expected, not failures. */
const REFUSED = /CORS|net::ERR_FAILED/;

describeIfAvailable('<realtime-graph> embedded in a page of another origin', browserMissing, () => {
  let allowed: { origin: string; server: Server };
  let refused: { origin: string; server: Server };
  let refusedWithCopy: { origin: string; server: Server };

  beforeAll(async () => {
    const url = () => suite.daemon.url;
    allowed = await pageServer(url);
    refused = await pageServer(url);
    refusedWithCopy = await pageServer(url, { ownCopy: true });
  });
  afterAll(async () => {
    for (const s of [allowed, refused, refusedWithCopy]) await new Promise((done) => s?.server.close(done));
  });
  // Started after the page servers (it lets the first of them in), stopped before them.
  const suite = elementSuite(() => ({
    server: { cors: { origins: [allowed.origin] } },
    streams: [
      {
        id: 'pump-1',
        title: 'Pump 1',
        idleStopMs: 0,
        source: { type: 'csv', file: 'p.csv', rate: 20, loop: true },
        columns: ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'],
      },
    ],
    files: { 'p.csv': pumpCsv(2000) },
  }));

  it('works from a listed origin: the module, the Plotly chunk, the list and the events come from the daemon', async () => {
    const requests: string[] = [];
    const page = await suite.visit(`${allowed.origin}/embed.html`, {
      viewport: { width: 1100, height: 900 },
      beforeLoad: (p) => p.on('request', (request) => requests.push(request.url())),
    });

    await page.waitForFunction(() => customElements.get('realtime-graph') !== undefined, undefined, { timeout: 10_000 });
    await expect.poll(async () => (await tracePoints(page, 'realtime-graph:not(#compact)')).length, { timeout: 15_000 }).toBe(3);
    await expect.poll(async () => (await tracePoints(page, '#compact')).length, { timeout: 15_000 }).toBe(2); // columns="sensor_04,sensor_34"
    await expect.poll(async () => (await tracePoints(page, '#compact'))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(10);
    await expect.poll(() => page.locator('realtime-graph:not(#compact) select option').count()).toBe(2);
    expect(await page.locator('#compact [part=title]').textContent()).toBe('Pump 1: two sensors');
    expect(await page.locator('#compact [part=picker]').count()).toBe(0); // show-picker="false"
    expect(await page.locator('#compact [part~=button]').count()).toBe(0); // show-controls="false"

    const plotlyChunk = requests.find((u) => /\/chunks\/plotly[^/]*\.js$/.test(u));
    expect(plotlyChunk?.startsWith(`${suite.daemon.url}/chunks/`)).toBe(true);
    expect(requests).toContain(`${suite.daemon.url}/realtime-graph.js`);
    expect(requests.some((u) => u.startsWith(`${suite.daemon.url}/api/streams/pump-1/events`))).toBe(true);
    expect(requests.filter((u) => u.startsWith(allowed.origin)).map((u) => new URL(u).pathname)).toEqual(['/embed.html']);
    // Two elements for the same stream: one connection.
    expect(suite.daemon.hub.get('pump-1')!.viewerCount).toBe(1);

    // The page drives the compact element through its methods and events.
    await page.locator('#pause').click();
    await expect.poll(() => page.locator('#compact [part=status]').textContent()).toMatch(/^paused/);
    await expect.poll(() => page.title()).toMatch(/^paused · /);
    await page.locator('#csv').click();
    await expect.poll(() => page.locator('#log').textContent()).toMatch(/^\d+ rows written to the console$/);
  });

  it('is refused from an origin the daemon does not list: the element never loads and no data flows', async () => {
    // The browser refuses the script: the page says so in its console.
    const page = await suite.visit(`${refused.origin}/embed.html`, { viewport: { width: 1280, height: 720 }, expectedErrors: REFUSED });
    await expect.poll(() => suite.errors().join('\n'), { timeout: 10_000 }).toMatch(/CORS/);
    expect(await page.evaluate(() => customElements.get('realtime-graph') === undefined)).toBe(true);
    // What the user sees: the fallback text inside the element, which never becomes a chart.
    expect(await page.locator('realtime-graph').first().textContent()).toMatch(
      /Loading the chart from http:\/\/127\.0\.0\.1:\d+… \(if this stays/,
    );
    expect(await page.locator('realtime-graph .js-plotly-plot').count()).toBe(0);
    expect(suite.daemon.hub.get('pump-1')!.viewerCount).toBe(0);
  });

  it('is refused from an unlisted origin that serves its own copy of the element: it shows why', async () => {
    const page = await suite.visit(`${refusedWithCopy.origin}/embed.html`, {
      viewport: { width: 1280, height: 720 },
      expectedErrors: REFUSED,
    });
    await page.waitForFunction(() => customElements.get('realtime-graph') !== undefined, undefined, { timeout: 10_000 });
    const alert = page.locator('realtime-graph:not(#compact) [role=alert]');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toMatch(/cannot list the streams: Failed to fetch/);
    await expect
      .poll(() => page.locator('realtime-graph:not(#compact) [part=status]').textContent(), { timeout: 10_000 })
      .toMatch(/reconnecting/);
    // Showing that nothing is drawn while refused takes a wait.
    await page.waitForTimeout(1000);
    expect(await tracePoints(page, 'realtime-graph:not(#compact)')).toEqual([]);
  });
});
