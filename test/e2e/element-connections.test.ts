import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing, tracePoints } from '../helpers/browser.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite, type PageOptions } from './element-suite.js';

const columns = ['timestamp', 'sensor_04', 'sensor_18'];
const files = { 'p.csv': pumpCsv(3000, ['sensor_04', 'sensor_18']) };

describeIfAvailable('<realtime-graph> connections: sharing, removal, restarts', browserMissing, () => {
  const suite = elementSuite(() => ({
    server: { retryMs: 500 },
    streams: [
      { id: 'shared', idleStopMs: 0, source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns },
      { id: 'other', idleStopMs: 0, source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns },
    ],
    files,
  }));
  let page: Page;

  async function openPage(origin: string, body: string, options: PageOptions = {}): Promise<void> {
    page = await suite.open(body, {
      origin,
      viewport: { width: 1000, height: 900 },
      head: '<style>realtime-graph { --rg-height: 200px; }</style>',
      ...options,
    });
    await page.waitForFunction(() => customElements.get('realtime-graph') !== undefined);
  }

  const viewers = (id: string, on = suite.daemon) => on.hub.get(id)!.viewerCount;
  const points = async (selector: string) => (await tracePoints(page, selector))[0] ?? 0;

  it('two elements on the same stream share one connection; each draws its own chart', async () => {
    await openPage(
      suite.daemon.url,
      `<realtime-graph id="a" stream="shared" window="300" autostart></realtime-graph>
       <realtime-graph id="c" stream="other" window="300" autostart></realtime-graph>`,
    );
    await expect.poll(() => points('#a'), { timeout: 10_000 }).toBeGreaterThan(30);
    expect(viewers('shared')).toBe(1);
    expect(viewers('other')).toBe(1); // another stream: its own connection

    // A second element for the same stream, added later, joins the open connection and at once
    // gets the rows the first one has (kept by the shared connection), then the live ones.
    await page.evaluate(() => {
      const b = document.createElement('realtime-graph');
      b.id = 'b';
      b.stream = 'shared';
      b.window = 300;
      document.body.append(b);
      b.start();
    });
    await expect.poll(() => points('#b'), { timeout: 5000 }).toBeGreaterThan(30);
    expect(viewers('shared')).toBe(1);
    // Both charts then hold the same rows, give or take a draw in flight (each chart draws on its
    // own schedule, so on a busy machine one can be a few rows behind for a moment). Without the
    // shared rows, #b would stay behind #a by all the rows #a had when #b joined.
    const apart = async () => Math.abs((await points('#a')) - (await points('#b')));
    await expect.poll(apart, { timeout: 5000 }).toBeLessThanOrEqual(3);
    await expect.poll(() => page.locator('#b [part=status]').textContent()).toMatch(/^live · /);
    // Each element keeps its own window and chart: pausing one does not pause the other.
    await page.evaluate(() => document.querySelector<HTMLElement & { pause(): void }>('#a')!.pause());
    const frozen = await points('#a');
    await expect.poll(() => points('#b'), { timeout: 5000 }).toBeGreaterThan(frozen + 10);
    expect(await points('#a')).toBe(frozen);

    // Stopping one keeps the connection for the other; stopping both closes it.
    await page.evaluate(() => document.querySelector<HTMLElement & { stop(): void }>('#a')!.stop());
    // Showing that the shared connection stays open takes a wait (a close would show within it).
    await page.waitForTimeout(300);
    expect(viewers('shared')).toBe(1);
    const stillGrowing = await points('#b');
    await expect.poll(() => points('#b'), { timeout: 5000 }).toBeGreaterThan(stillGrowing);
    await page.evaluate(() => document.querySelector<HTMLElement & { stop(): void }>('#b')!.stop());
    await expect.poll(() => viewers('shared')).toBe(0);
    expect(viewers('other')).toBe(1);
  });

  it('switches to another stream when `stream` changes while streaming', async () => {
    await openPage(suite.daemon.url, '<realtime-graph id="s" stream="shared" window="100" autostart></realtime-graph>');
    await expect.poll(() => points('#s'), { timeout: 10_000 }).toBeGreaterThan(5);
    expect([viewers('shared'), viewers('other')]).toEqual([1, 0]);
    await page.evaluate(() => {
      document.querySelector('realtime-graph')!.stream = 'other';
    });
    await expect.poll(() => [viewers('shared'), viewers('other')]).toEqual([0, 1]);
    await expect.poll(() => page.locator('#s [part=picker]').inputValue()).toBe('other');
    await expect.poll(() => page.locator('#s [part=status]').textContent(), { timeout: 10_000 }).toMatch(/^live · /);
  });

  it('removing the element closes its connection and purges the chart; attaching it again resumes', async () => {
    await openPage(
      suite.daemon.url,
      '<div id="home"><realtime-graph id="g" stream="shared" window="200" autostart></realtime-graph></div><div id="away"></div>',
    );
    await expect.poll(() => points('#g'), { timeout: 10_000 }).toBeGreaterThan(10);
    expect(viewers('shared')).toBe(1);

    await page.evaluate(() => {
      const g = document.getElementById('g')!;
      (window as unknown as { __g: Element }).__g = g;
      g.remove();
    });
    await expect.poll(() => viewers('shared')).toBe(0);
    const purged = await page.evaluate(() => {
      const g = (window as unknown as { __g: HTMLElement }).__g;
      const chart = g.shadowRoot!.querySelector('.chart') as HTMLElement & { data?: unknown; _fullLayout?: unknown };
      return { svg: chart.querySelectorAll('svg').length, data: chart.data === undefined, layout: chart._fullLayout === undefined };
    });
    expect(purged).toEqual({ svg: 0, data: true, layout: true });
    // Showing that it does not reconnect behind our back takes a wait (retryMs is 300 here).
    await page.waitForTimeout(500);
    expect(viewers('shared')).toBe(0);

    // Moved elsewhere in the page: it connects again and draws.
    await page.evaluate(() => document.getElementById('away')!.append((window as unknown as { __g: Element }).__g));
    await expect.poll(() => viewers('shared'), { timeout: 5000 }).toBe(1);
    await expect.poll(() => points('#g'), { timeout: 10_000 }).toBeGreaterThan(10);
    await expect.poll(() => page.locator('#g [part=status]').textContent()).toMatch(/^live · /);

    // A stopped element stays stopped when it is moved.
    await page.evaluate(() => document.querySelector<HTMLElement & { stop(): void }>('#g')!.stop());
    await expect.poll(() => viewers('shared')).toBe(0);
    await page.evaluate(() => document.getElementById('home')!.append(document.getElementById('g')!));
    // Showing that a stopped element does not connect when moved takes a wait.
    await page.waitForTimeout(500);
    expect(viewers('shared')).toBe(0);
    expect(await points('#g')).toBeGreaterThan(10); // the chart is drawn again from the window
  });

  it('shows live → reconnecting → live when the daemon restarts on the same port', async () => {
    let first: TestDaemon | undefined = await startTestDaemon({
      server: { retryMs: 500 },
      streams: [{ id: 'restart', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns }],
      files,
    });
    let second: TestDaemon | undefined;
    try {
      const port = Number(new URL(first.url).port);
      // The failed reconnects are the browser's own network errors, nothing of the element's.
      await openPage(first.url, '<realtime-graph stream="restart" window="500" autostart></realtime-graph>', {
        expectedErrors: /ERR_CONNECTION_REFUSED|Failed to load resource|EventSource/,
      });
      await page.evaluate(() => {
        const w = window as unknown as { __states: string[] };
        w.__states = [];
        document.addEventListener('rg-status', (e) => {
          const state = (e as CustomEvent<{ state: string }>).detail.state;
          if (w.__states.at(-1) !== state) w.__states.push(state);
        });
      });
      const status = () => page.locator('realtime-graph [part=status]').textContent();
      await expect.poll(status, { timeout: 10_000 }).toMatch(/^live · /);
      await expect.poll(() => points('realtime-graph'), { timeout: 10_000 }).toBeGreaterThan(10);

      await first.stop();
      first = undefined;
      await expect.poll(status, { timeout: 10_000 }).toMatch(/^reconnecting…/);
      await page.waitForTimeout(1500); // the browser keeps retrying while nothing listens
      expect(await status()).toMatch(/^reconnecting…/);

      second = await startTestDaemon({
        server: { retryMs: 500, port },
        streams: [{ id: 'restart', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns }],
        files,
      });
      await expect.poll(status, { timeout: 15_000 }).toMatch(/^live · /);
      expect(second.hub.get('restart')!.viewerCount).toBe(1);
      // The new run replaced the old one's rows (a `reset`): the chart starts again and grows.
      const after = await points('realtime-graph');
      await expect.poll(() => points('realtime-graph'), { timeout: 10_000 }).toBeGreaterThan(after);
      const states = await page.evaluate(() => (window as unknown as { __states: string[] }).__states);
      expect(states.join(' → ')).toMatch(/live → reconnecting → live/);
    } finally {
      await first?.stop();
      await second?.stop();
    }
  });
});
