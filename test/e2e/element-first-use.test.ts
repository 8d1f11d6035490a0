import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserMissing, saveScreenshot, tracePoints } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite } from './element-suite.js';

const LONG_TITLE = 'Pump 1 (raw units, looping at 60× real time)';

/** `pumpCsv(rows)` with the records at `bad` (0-based) made longer than 1024 bytes. */
function damagedCsv(rows: number, bad: number[]): string {
  const lines = pumpCsv(rows).trimEnd().split('\n');
  for (const i of bad) lines[i + 1] = `${lines[i + 1]!.split(',')[0]},${'9'.repeat(2000)},0,0`;
  return `${lines.join('\n')}\n`;
}

/** One toolbar line per distinct vertical centre of the toolbar's visible children (±8 px). */
function toolbarLines(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('realtime-graph')!.shadowRoot!;
    const toolbar = root.querySelector('[part=toolbar]')!;
    const children = [...toolbar.children].filter((c) => c.getAttribute('aria-hidden') !== 'true');
    const boxes = children.map((c) => ({ name: c.getAttribute('part') ?? c.className, box: c.getBoundingClientRect() }));
    const centres: number[] = [];
    const lineOf: Record<string, number> = {};
    for (const { name, box } of boxes) {
      const centre = box.top + box.height / 2;
      let line = centres.findIndex((c) => Math.abs(c - centre) <= 8);
      if (line === -1) line = centres.push(centre) - 1;
      lineOf[name] = line;
    }
    const title = root.querySelector<HTMLElement>('[part=title]')!;
    const status = root.querySelector<HTMLElement>('[part=status] .text')!;
    const label = root.querySelector<HTMLElement>('.source-label')!.getBoundingClientRect();
    return {
      lines: centres.length,
      lineOf,
      height: toolbar.getBoundingClientRect().height,
      tallest: Math.max(...boxes.map((b) => b.box.height)),
      // Fits within the element's content box (nothing pushed out to the right).
      right: Math.max(...boxes.map((b) => b.box.right)),
      contentRight: toolbar.getBoundingClientRect().right,
      title: { text: title.textContent, tooltip: title.title, cut: title.scrollWidth > title.clientWidth },
      statusCut: status.scrollWidth > status.clientWidth,
      labelShown: label.width > 1,
    };
  });
}

describeIfAvailable('<realtime-graph> on first use: a stream picked, the true rate, a toolbar that fits', browserMissing, () => {
  const suite = elementSuite(() => ({
    streams: [
      {
        // Like the bundled pump-raw: 1-minute rows at 60×, 1 row/s.
        id: 'raw',
        title: LONG_TITLE,
        source: { type: 'csv', file: 'p.csv', timestampColumn: 'timestamp', speed: 60, loop: true },
        columns: ['timestamp', 'sensor_04', 'sensor_18'],
      },
      { id: 'other', title: 'Pump 2', source: { type: 'csv', file: 'p.csv', rate: 10, loop: true }, columns: ['timestamp', 'sensor_04'] },
      { id: 'damaged', source: { type: 'csv', file: 'damaged.csv', rate: 200, maxRecordBytes: 1024 }, columns: ['timestamp', 'sensor_04'] },
      { id: 'one-bad', source: { type: 'csv', file: 'one-bad.csv', rate: 200, maxRecordBytes: 1024 }, columns: ['timestamp', 'sensor_04'] },
      { id: 'clean', source: { type: 'csv', file: 'clean.csv', rate: 200 }, columns: ['timestamp', 'sensor_04'] },
    ],
    files: {
      'p.csv': pumpCsv(720),
      'damaged.csv': damagedCsv(23, [4, 9, 14]),
      'one-bad.csv': damagedCsv(21, [20]),
      'clean.csv': pumpCsv(20),
    },
  }));
  let page: Page;

  /** A page `width` px wide (the body without margin), recording the element's rg-status details and rg-start streams. */
  async function openPage(body: string, width = 1280): Promise<void> {
    page = await suite.open(body, {
      head: '<style>body { margin: 0 }</style>',
      viewport: { width, height: 700 },
      init: () => {
        const w = window as unknown as { __status: Record<string, unknown>[]; __starts: string[] };
        w.__status = [];
        w.__starts = [];
        document.addEventListener('rg-status', (e) => w.__status.push({ id: (e.target as Element).id, ...(e as CustomEvent).detail }));
        document.addEventListener('rg-start', (e) => w.__starts.push((e as CustomEvent<{ stream: string }>).detail.stream));
      },
    });
  }
  const status = (selector = 'realtime-graph') => page.locator(`${selector} [part=status]`).textContent();
  const picker = () => page.locator('realtime-graph [part=picker]');
  const startButton = () => page.locator('realtime-graph [part~=start-button]');

  describe('picking a stream', () => {
    it('selects the first stream when no `stream` is given, so Start works at once', async () => {
      await openPage('<realtime-graph></realtime-graph>');
      await expect.poll(() => picker().inputValue()).toBe('raw');
      expect(await startButton().isEnabled()).toBe(true);
      expect(await page.locator('realtime-graph [part=title]').textContent()).toBe(LONG_TITLE);
      await startButton().click();
      await expect.poll(() => status(), { timeout: 10_000 }).toMatch(/^live/);
      expect(await page.evaluate(() => (window as unknown as { __starts: string[] }).__starts)).toEqual(['raw']);
    });

    it('keeps "Choose…" and Start disabled with preselect="false"', async () => {
      await openPage('<realtime-graph preselect="false"></realtime-graph>');
      await expect.poll(() => picker().locator('option').count()).toBe(6);
      expect(await picker().inputValue()).toBe('');
      expect(await startButton().isDisabled()).toBe(true);
      await picker().selectOption('other');
      expect(await startButton().isEnabled()).toBe(true);
    });

    it('does not select a stream again after the user chose "Choose…"', async () => {
      await openPage('<realtime-graph></realtime-graph>');
      await expect.poll(() => picker().inputValue()).toBe('raw');
      await picker().selectOption('');
      await picker().focus(); // reloads the list
      await picker().blur();
      await page.evaluate(() => document.querySelector('realtime-graph')!.updateComplete);
      expect(await picker().inputValue()).toBe('');
      expect(await startButton().isDisabled()).toBe(true);
    });
  });

  it('shows 1.0 rows/s for a replay of 1 row/s once it has run for 10 s', async () => {
    await openPage('<realtime-graph stream="raw" autostart></realtime-graph>');
    await expect.poll(() => status(), { timeout: 10_000 }).toMatch(/^live · /);
    const liveAt = await page.evaluate(() => performance.now());
    await page.waitForFunction((at) => performance.now() - at >= 10_000, liveAt, { timeout: 15_000, polling: 200 });
    // The badge, every 100 ms for 3 s (three of its once-a-second updates, and rows between them).
    const shown = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          const badge = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('[part=status]')!;
          const timer = setInterval(() => {
            seen.push(badge.textContent!.trim());
            if (seen.length === 30) {
              clearInterval(timer);
              resolve(seen);
            }
          }, 100);
        }),
    );
    expect(new Set(shown)).toEqual(new Set(['live · 1.0 rows/s']));
    const details = await page.evaluate(() => (window as unknown as { __status: { rowsPerSecond: number }[] }).__status.at(-1));
    expect(details!.rowsPerSecond).toBe(1);
  });

  describe('the heading', () => {
    it('comes from the `heading` attribute, which leaves the element without a tooltip of its own', async () => {
      await openPage('<realtime-graph stream="raw" heading="Pump A, raw"></realtime-graph>');
      await expect.poll(() => page.locator('realtime-graph [part=title]').textContent()).toBe('Pump A, raw');
      expect(
        await page.evaluate(() => [document.querySelector('realtime-graph')!.title, document.querySelector('realtime-graph')!.heading]),
      ).toEqual(['', 'Pump A, raw']);
    });

    it('leaves the global `title` attribute to the browser (a tooltip): the heading stays the stream title', async () => {
      await openPage('<realtime-graph stream="raw" title="A tooltip"></realtime-graph>');
      await expect.poll(() => page.locator('realtime-graph [part=title]').textContent()).toBe(LONG_TITLE);
      expect(await page.evaluate(() => document.querySelector('realtime-graph')!.heading)).toBe('');
    });
  });

  describe('the toolbar', () => {
    const oneLine = [
      { width: 1400, what: 'with the long title shown in full', cut: false, label: true },
      { width: 720, what: 'the title cut with an ellipsis (the full title as tooltip), no "Data source" label', cut: true, label: false },
    ];
    for (const c of oneLine) {
      it(`is one line at ${c.width} px: ${c.what}`, async () => {
        await openPage(`<realtime-graph stream="raw" autostart style="width: ${c.width}px"></realtime-graph>`, Math.max(c.width, 800));
        await expect.poll(() => status(), { timeout: 10_000 }).toMatch(/^live · /);
        const layout = await toolbarLines(page);
        expect(layout.lines).toBe(1);
        expect(layout.height).toBeLessThanOrEqual(layout.tallest + 1);
        expect(layout.title).toEqual({ text: LONG_TITLE, tooltip: LONG_TITLE, cut: c.cut });
        expect(layout.labelShown).toBe(c.label);
        expect(await page.getByRole('combobox', { name: 'Data source' }).count()).toBe(1); // its name, shown or not
        expect(layout.statusCut).toBe(false); // "live · 1.0 rows/s" in full
        expect(layout.right).toBeLessThanOrEqual(layout.contentRight + 0.5);
        if (c.width !== 720) return;
        await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(2);
        await saveScreenshot(page.locator('realtime-graph'), 'screenshot-narrow.png');
      });
    }

    // 660 px: the buttons would fit after the picker, but go to the second line with the status;
    // at 420 px the status's text would not fit beside them: it takes a line of its own.
    for (const { width, statusLine } of [
      { width: 660, statusLine: 1 },
      { width: 540, statusLine: 1 },
      { width: 420, statusLine: 2 },
    ]) {
      it(`takes ${statusLine + 1} lines at ${width} px: title and picker, then the buttons${statusLine === 1 ? ' and' : ', then'} the status`, async () => {
        await openPage(`<realtime-graph stream="raw" autostart style="width: ${width}px"></realtime-graph>`, 800);
        await expect.poll(() => status(), { timeout: 20_000 }).toMatch(/^live · /);
        const layout = await toolbarLines(page);
        expect(layout.lines).toBe(statusLine + 1);
        expect(layout.lineOf).toEqual({
          title: 0,
          source: 0,
          'button start-button': 1,
          'button stop-button': 1,
          'button pause-button': 1,
          export: 1,
          columns: 1,
          status: statusLine,
        });
        expect(layout.statusCut).toBe(false);
        expect(layout.right).toBeLessThanOrEqual(layout.contentRight + 0.5);
      });
    }

    it('folds CSV and PNG into an Export menu, closed by a press outside it', async () => {
      await openPage('<realtime-graph stream="other" window="30" autostart></realtime-graph>');
      await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(3);
      const menu = page.locator('realtime-graph [part=export-menu]');
      const exportButton = page.locator('realtime-graph [part~=export-button]');
      expect(await menu.count()).toBe(0);
      expect(await exportButton.getAttribute('aria-expanded')).toBe('false');
      await exportButton.click();
      expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['CSV', 'PNG']);
      expect(await exportButton.getAttribute('aria-expanded')).toBe('true');
      const [download] = await Promise.all([page.waitForEvent('download'), menu.getByRole('menuitem', { name: 'Download CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^other-.*\.csv$/);
      expect(await menu.count()).toBe(0); // an item closes the menu

      await exportButton.click();
      expect(await menu.count()).toBe(1);
      const chart = (await page.locator('realtime-graph [part=chart]').boundingBox())!;
      await page.mouse.click(chart.x + chart.width / 2, chart.y + chart.height - 20);
      await expect.poll(() => menu.count()).toBe(0);
    });
  });

  it('reports the bad records a finished run skipped: "finished · 3 bad records skipped"', async () => {
    await openPage(
      `<realtime-graph id="damaged" stream="damaged" window="100" autostart></realtime-graph>
       <realtime-graph id="one-bad" stream="one-bad" window="100" autostart></realtime-graph>
       <realtime-graph id="clean" stream="clean" window="100" autostart></realtime-graph>`,
    );
    await expect.poll(() => status('#damaged'), { timeout: 10_000 }).toBe('finished · 3 bad records skipped');
    await expect.poll(() => status('#one-bad'), { timeout: 10_000 }).toBe('finished · 1 bad record skipped');
    await expect.poll(() => status('#clean'), { timeout: 10_000 }).toBe('finished');
    await expect.poll(() => tracePoints(page, '#damaged'), { timeout: 10_000 }).toEqual([20]); // every good row, none of the bad ones
    await expect.poll(() => tracePoints(page, '#one-bad'), { timeout: 10_000 }).toEqual([20]);
    const last = await page.evaluate(() => {
      const all = (window as unknown as { __status: { id: string; state: string; skipped: number }[] }).__status;
      return Object.fromEntries(['damaged', 'one-bad', 'clean'].map((id) => [id, all.filter((s) => s.id === id).at(-1)]));
    });
    expect(last.damaged).toMatchObject({ state: 'finished', skipped: 3 });
    expect(last['one-bad']).toMatchObject({ state: 'finished', skipped: 1 });
    expect(last.clean).toMatchObject({ state: 'finished', skipped: 0 });
  });
});
