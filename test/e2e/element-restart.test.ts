// A page with <realtime-graph> on a CSV replay left open across a kill -9 of the daemon and its
// restart at once on the same port: the element reconnects by itself (with its last event id), and
// what it draws holds every row once, in order, with no gap and no duplicate.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { browserMissing, launchBrowser, serveElementPage, watchPageErrors } from '../helpers/browser.js';
import { crashLogs } from '../helpers/cli.js';
import { daemons, freePort } from '../helpers/crash.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tempDir } from '../helpers/temp.js';

const ROWS = 1500;
/** Rows a second: the replay takes 5 s, so the crash lands mid-stream. */
const RATE = 300;
const T0 = Date.UTC(2024, 0, 1);
const all = [...Array(ROWS).keys()];

/** Row i: one second after row i-1, `n` = i. */
function sequenceCsv(): string {
  return `timestamp,n\n${all.map((i) => `${new Date(T0 + i * 1000).toISOString()},${i}`).join('\n')}\n`;
}

describeIfAvailable('<realtime-graph> across a kill -9 and a restart of the daemon', browserMissing, () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const processes = daemons();
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = await tempDir('rtg-element-restart-');
    await dir.write('data/seq.csv', sequenceCsv());
    await dir.write(
      'seq.yaml',
      stringify({
        server: { dataDir: 'data', store: 'store', retryMs: 200 },
        streams: [{ id: 'seq', source: { type: 'csv', file: 'seq.csv', rate: RATE }, columns: ['timestamp', 'n'] }],
      }),
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await processes.killAll();
    await dir.remove();
  });

  /** The first trace of the chart: x in epoch ms, and y (the row numbers). */
  const drawn = (page: Page) =>
    page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as
        | (HTMLElement & { data?: { x: (Date | string | null)[]; y: (number | null)[] }[] })
        | null;
      const t = plot?.data?.[0];
      if (!t) return { x: [] as (number | null)[], y: [] as (number | null)[] };
      return { x: t.x.map((v) => (v === null ? null : typeof v === 'string' ? Date.parse(v) : v.getTime())), y: t.y.slice() };
    });

  it('draws every row once, in order, after the daemon comes back', async () => {
    const port = await freePort();
    const config = dir.path('seq.yaml');
    const first = await processes.spawn(config, port);
    const page = await browser!.newPage({ viewport: { width: 1200, height: 700 } });
    const errors = watchPageErrors(page);
    await page.goto(
      await serveElementPage(page, first.url, { body: `<realtime-graph stream="seq" window="${ROWS}" autostart></realtime-graph>` }),
    );
    const status = () => page.locator('realtime-graph [part=status]').textContent();

    await expect.poll(async () => (await drawn(page)).y.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(ROWS / 4);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const atCrash = (await drawn(page)).y;
    expect(atCrash.length).toBeLessThan(ROWS); // (the crash was mid-stream)
    expect(atCrash).toEqual(all.slice(0, atCrash.length));

    const second = await processes.spawn(config, port);
    expect(second.url).toBe(first.url);
    await expect.poll(status, { timeout: 30_000 }).toMatch(/finished/);
    await expect.poll(async () => (await drawn(page)).y.length, { timeout: 10_000 }).toBe(ROWS);
    const { x, y } = await drawn(page);
    expect(y).toEqual(all);
    expect(x).toEqual(all.map((i) => T0 + i * 1000));
    // Only the browser's own lines for the requests the dead daemon refused.
    expect(errors.filter((e) => !/net::ERR_(CONNECTION_REFUSED|INCOMPLETE_CHUNKED_ENCODING|EMPTY_RESPONSE)/.test(e))).toEqual([]);
    await page.close();

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(crashLogs(second.logs)).toEqual([]);
  }, 90_000);
});
