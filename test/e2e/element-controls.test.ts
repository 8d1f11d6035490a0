import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing, tracePoints } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite } from './element-suite.js';

// Signed values and column names that a spreadsheet would take for formulas.
const SIGNED_ROWS = 30;
const signedValues = (i: number) => [-(i + 0.5), i * 2, -i, ((i % 7) - 3) / 4];
function signedCsv(): string {
  const lines = ['timestamp,a,b,c,d,note'];
  for (let i = 0; i < SIGNED_ROWS; i++) {
    const time = new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString().slice(0, 19).replace('T', ' ');
    lines.push([time, ...signedValues(i), i % 2 ? '=1+1' : 'ok'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describeIfAvailable('<realtime-graph> controls: pause, zoom, export, columns', browserMissing, () => {
  const suite = elementSuite(() => ({
    streams: [
      { id: 'slow', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns: ['timestamp', 'sensor_04', 'sensor_18'] },
      {
        id: 'signed',
        source: { type: 'csv', file: 'signed.csv', rate: 100 },
        columns: [
          'timestamp',
          { column: 'a', as: '=SUM(A1)' },
          { column: 'b', as: '-delta' },
          { column: 'c', as: '@user', axis: 'y2' },
          { column: 'd', as: 'plain, "quoted"' },
          { column: 'note', type: 'text' },
        ],
        thresholds: [{ value: 10, label: 'limit' }],
      },
    ],
    files: { 'p.csv': pumpCsv(3000, ['sensor_04', 'sensor_18']), 'signed.csv': signedCsv() },
  }));
  let page: Page;

  /** A page on the daemon's origin with the given body, recording every rg-* event. */
  async function openPage(body: string): Promise<void> {
    page = await suite.open(body, {
      init: () => {
        const w = window as unknown as { __received: (string | null)[]; __states: string[] };
        w.__received = [];
        w.__states = [];
        document.addEventListener('rg-data', (e) => w.__received.push(...(e as CustomEvent<{ t: (string | null)[] }>).detail.t));
        document.addEventListener('rg-status', (e) => w.__states.push((e as CustomEvent<{ state: string }>).detail.state));
      },
    });
  }

  const chartX = () =>
    page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        data?: { x: string[] }[];
      };
      return plot.data?.[0]?.x.slice() ?? [];
    });
  const received = () => page.evaluate(() => (window as unknown as { __received: string[] }).__received.slice());
  const status = () => page.locator('realtime-graph [part=status]').textContent();

  it('pause freezes the chart while rows keep arriving; resume draws all of them at once', async () => {
    await openPage('<realtime-graph stream="slow" window="1000" autostart></realtime-graph>');
    await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(10);
    await page.locator('realtime-graph button', { hasText: 'Pause' }).click();
    await expect.poll(status).toMatch(/^paused · \d+\.\d rows\/s · \d+ new/);
    const frozen = await chartX();
    const before = (await received()).length;
    // Rows keep arriving (20 of them)…
    await expect.poll(async () => (await received()).length - before, { timeout: 10_000 }).toBeGreaterThanOrEqual(20);
    expect(await chartX()).toEqual(frozen); // …and none is drawn
    await expect.poll(status, { timeout: 3000 }).toMatch(/ [1-9]\d* new/);
    expect(await page.evaluate(() => (window as unknown as { __states: string[] }).__states)).toContain('paused');

    // Resume: the chart catches up in the same task, with every row received meanwhile, in order.
    const after = await page.evaluate(() => {
      const host = document.querySelector('realtime-graph')!;
      (host.shadowRoot!.querySelector('[part~=pause-button]') as HTMLButtonElement).click();
      const plot = host.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & { data: { x: string[] }[] };
      return { x: plot.data[0]!.x.slice(), received: (window as unknown as { __received: string[] }).__received.slice() };
    });
    expect(after.x.length).toBeGreaterThan(frozen.length + 20);
    expect(after.x).toEqual(after.received.slice(-after.x.length));
    expect(after.x.slice(0, frozen.length)).toEqual(frozen);
    await expect.poll(status).toMatch(/^live · /);
    expect(await page.locator('realtime-graph button', { hasText: 'Pause' }).isVisible()).toBe(true);
  });

  it('keeps at most `window` rows while paused, and resume shows exactly the newest ones', async () => {
    await openPage('<realtime-graph stream="slow" window="25" autostart></realtime-graph>');
    await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(3);
    await page.evaluate(() => document.querySelector('realtime-graph')!.pause());
    const frozen = await chartX();
    const before = (await received()).length;
    await expect.poll(async () => (await received()).length - before, { timeout: 10_000 }).toBeGreaterThan(40);
    expect(await chartX()).toEqual(frozen);
    const after = await page.evaluate(() => {
      document.querySelector('realtime-graph')!.resume();
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        data: { x: string[] }[];
      };
      return { x: plot.data[0]!.x.slice(), received: (window as unknown as { __received: string[] }).__received.slice() };
    });
    expect(after.x).toEqual(after.received.slice(-25));
  });

  it('keeps a zoom across new points until Live is pressed, and after a double-click follows again', async () => {
    await openPage('<realtime-graph stream="slow" window="2000" autostart></realtime-graph>');
    await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(30);
    const live = page.locator('realtime-graph button', { hasText: 'Live' });
    expect(await live.count()).toBe(0);

    const drag = page.locator('realtime-graph .nsewdrag').first();
    const box = (await drag.boundingBox())!;
    const zoom = async () => {
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 8 });
      await page.mouse.up();
    };
    const axes = () =>
      page.evaluate(() => {
        const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
          layout: { xaxis: { range: unknown[]; autorange: unknown }; yaxis: { range: unknown[]; autorange: unknown } };
        };
        const { xaxis, yaxis } = plot.layout;
        return { x: [...xaxis.range], xAuto: xaxis.autorange, y: [...yaxis.range], yAuto: yaxis.autorange };
      });

    await zoom();
    await expect.poll(() => live.count()).toBe(1);
    const zoomed = await axes();
    expect(zoomed.xAuto).toBe(false);
    const points = (await tracePoints(page))[0]!;
    await expect.poll(async () => (await tracePoints(page))[0], { timeout: 10_000 }).toBeGreaterThan(points + 20);
    expect(await axes()).toEqual(zoomed); // new points arrived; the view stayed

    await live.click();
    await expect.poll(() => live.count()).toBe(0);
    const following = await axes();
    expect(following.xAuto).toBe(true);
    expect(following.x).not.toEqual(zoomed.x);

    await zoom();
    await expect.poll(() => live.count()).toBe(1);
    await page.mouse.dblclick(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await expect.poll(() => live.count()).toBe(0);
    expect((await axes()).xAuto).toBe(true);
  });

  it('exports the window as CSV with the formula rule, as the CSV button downloads it', async () => {
    await openPage('<realtime-graph stream="signed" window="20" autostart></realtime-graph>');
    await expect.poll(status, { timeout: 10_000 }).toMatch(/finished/);
    await expect.poll(async () => (await tracePoints(page))[0]).toBe(20);
    const csv = await page.evaluate(() => document.querySelector('realtime-graph')!.exportCsv());
    // Text (the header) that starts with = + - @ gets a leading '; numbers never do.
    const expected = [`timestamp,'=SUM(A1),'-delta,'@user,"plain, ""quoted"""`];
    for (let i = SIGNED_ROWS - 20; i < SIGNED_ROWS; i++) {
      const time = new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
      expected.push([time, ...signedValues(i).map(String)].join(','));
    }
    expect(csv).toBe(`${expected.join('\r\n')}\r\n`);
    expect(csv).toContain(',-10.5,'); // a negative number stays a number

    // The buffer is what the chart shows: the same rows and values.
    const chart = await page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        data: { x: string[]; y: number[]; name: string; yaxis: string }[];
        layout: { shapes: unknown[]; annotations: { text: string }[]; yaxis2?: unknown };
      };
      return {
        data: plot.data,
        shapes: plot.layout.shapes.length,
        labels: plot.layout.annotations.map((a) => a.text),
        y2: !!plot.layout.yaxis2,
      };
    });
    const lines = csv.trimEnd().split('\r\n').slice(1);
    expect(chart.data[0]!.x).toEqual(lines.map((l) => l.split(',')[0]));
    expect(chart.data[1]!.y.map(String)).toEqual(lines.map((l) => l.split(',')[2]));
    expect(chart.data.map((t) => t.yaxis)).toEqual(['y', 'y', 'y2', 'y']); // the second y-axis
    expect(chart).toMatchObject({ shapes: 1, labels: ['limit'], y2: true }); // the threshold

    // The Export menu's CSV item.
    const exportButton = page.locator('realtime-graph [part~=export-button]');
    await exportButton.click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('realtime-graph [role=menuitem]', { hasText: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^signed-.*\.csv$/);
    const file = await readFile((await download.path())!, 'utf8');
    expect(file).toBe(`\ufeff${csv}`);

    const png = await page.evaluate(() => document.querySelector('realtime-graph')!.exportPng());
    expect(png).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(png.split(',')[1]!, 'base64').length).toBeGreaterThan(5000);
    await exportButton.click();
    const [image] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('realtime-graph [role=menuitem]', { hasText: 'PNG' }).click(),
    ]);
    expect(image.suggestedFilename()).toMatch(/^signed-.*\.png$/);
  });

  it('draws only the columns listed in `columns`, and switches when the attribute changes', async () => {
    await openPage('<realtime-graph stream="signed" window="50" columns="-delta, plain, &quot;quoted&quot;" autostart></realtime-graph>');
    // "plain, "quoted"" cannot be named in a comma-separated list: only -delta is drawn, and the rest is reported.
    await expect.poll(status, { timeout: 10_000 }).toMatch(/finished/);
    const names = () =>
      page.evaluate(() => {
        const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as
          | (HTMLElement & { data?: { name: string; x: unknown[] }[] })
          | null;
        return plot?.data?.map((t) => [t.name, t.x.length]) ?? [];
      });
    await expect.poll(names, { timeout: 10_000 }).toEqual([['-delta', SIGNED_ROWS]]);
    expect(await page.locator('realtime-graph [role=alert]').textContent()).toMatch(/no numeric column "plain", ""quoted"" in this stream/);
    await page.evaluate(() => {
      document.querySelector('realtime-graph')!.columns = '@user,=SUM(A1)';
    });
    await expect.poll(names).toEqual([
      ['@user', SIGNED_ROWS],
      ['=SUM(A1)', SIGNED_ROWS],
    ]);
    const csvHeader = await page.evaluate(() => document.querySelector('realtime-graph')!.exportCsv().split('\r\n')[0]);
    expect(csvHeader).toBe(`timestamp,'@user,'=SUM(A1)`);
  });
});
