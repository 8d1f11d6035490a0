import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing, tracePoints } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { pumpCsv } from '../helpers/temp.js';
import { elementSuite } from './element-suite.js';

const XSS = '<img src=x onerror="window.__xss=1">';
// Markup Plotly itself would render (bold, a line break, a link) if names were not escaped.
const MARKUP = '<b>bold</b><br><a href="https://example.com/">link</a> %{y}';

describeIfAvailable('<realtime-graph> is safe to embed: names stay text, styles stay inside, keys work', browserMissing, () => {
  const suite = elementSuite(() => ({
    streams: [
      {
        id: 'hostile',
        title: XSS,
        source: { type: 'csv', file: 'p.csv', rate: 20, loop: true },
        columns: ['timestamp', { column: 'sensor_04', as: XSS }, { column: 'sensor_18', as: MARKUP, axis: 'y2' }],
        thresholds: [{ value: 0.5, label: XSS }],
      },
      { id: 'plain', title: 'Plain', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns: ['timestamp', 'sensor_04'] },
    ],
    files: { 'p.csv': pumpCsv(2000, ['sensor_04', 'sensor_18']) },
  }));
  let page: Page;

  async function openPage(head: string, body: string): Promise<void> {
    page = await suite.open(body, { head });
    await page.waitForFunction(() => customElements.get('realtime-graph') !== undefined);
  }

  it('shows a stream title, column names and threshold labels with HTML in them as text, and never runs them', async () => {
    await openPage('', '<realtime-graph stream="hostile" autostart></realtime-graph>');
    await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(10);

    const shown = await page.evaluate(() => {
      const root = document.querySelector('realtime-graph')!.shadowRoot!;
      return {
        title: root.querySelector('[part=title]')!.textContent,
        option: root.querySelector('option[value=hostile]')!.textContent,
        legend: [...root.querySelectorAll('.legendtext')].map((e) => e.textContent),
        annotation: [...root.querySelectorAll('.annotation-text')].map((e) => e.textContent),
        images: root.querySelectorAll('img').length + document.querySelectorAll('img').length,
        links: root.querySelectorAll('a[href^="https://example.com"]').length,
        bold: root.querySelectorAll('.legendtext [style*="bold"]').length,
      };
    });
    expect(shown).toEqual({ title: XSS, option: XSS, legend: [XSS, MARKUP], annotation: [XSS], images: 0, links: 0, bold: 0 });

    // Hover labels show the names too.
    const box = (await page.locator('realtime-graph .nsewdrag').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
    await expect.poll(() => page.locator('realtime-graph .hoverlayer').textContent()).toContain(XSS);
    expect(await page.locator('realtime-graph .hoverlayer').textContent()).toContain(MARKUP); // as text, and %{y} not filled in

    // The heading set by the page, the PNG (Plotly renders the title) and the CSV (header text).
    await page.evaluate((text) => {
      document.querySelector('realtime-graph')!.heading = text;
    }, XSS);
    await expect.poll(() => page.locator('realtime-graph [part=title]').textContent()).toBe(XSS);
    const png = await page.evaluate(() => document.querySelector('realtime-graph')!.exportPng());
    expect(png).toMatch(/^data:image\/png;base64,/);
    const header = await page.evaluate(() => document.querySelector('realtime-graph')!.exportCsv().split('\r\n')[0]);
    expect(header).toBe(`timestamp,"${XSS.replaceAll('"', '""')}","${MARKUP.replaceAll('"', '""')}"`);

    // Showing that no injected script runs takes a wait: an onerror handler would fire within it.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelector('realtime-graph')!.shadowRoot!.querySelectorAll('img').length)).toBe(0);
  });

  it('takes no page styles in (but the custom properties) and leaks none out', async () => {
    await openPage(
      `<style>
        body { letter-spacing: 9px; line-height: 50px; text-transform: uppercase; font-style: italic; color: rgb(0, 128, 0); }
        button { background: rgb(255, 0, 0) !important; }
        h2, [part], div { color: rgb(255, 0, 0) !important; display: inline !important; }
        realtime-graph { --rg-accent: rgb(1, 2, 3); --rg-height: 250px; margin: 7px; }
      </style>`,
      `<h2 class="title">Page heading</h2><span class="status">page status</span><span class="dot">•</span><button>Page button</button>
       <realtime-graph stream="plain" autostart></realtime-graph>`,
    );
    const headStylesBefore = await page.evaluate(() => document.head.querySelectorAll('style').length);
    await expect.poll(async () => (await tracePoints(page)).length, { timeout: 10_000 }).toBe(1);
    const styles = await page.evaluate(() => {
      const host = document.querySelector('realtime-graph')!;
      const root = host.shadowRoot!;
      const css = (e: Element) => getComputedStyle(e);
      const start = root.querySelector('[part~=start-button]')!;
      const title = root.querySelector('[part=title]')!;
      const toolbar = root.querySelector('[part=toolbar]')!;
      const chart = root.querySelector('[part=chart]')!;
      return {
        inside: {
          letterSpacing: css(start).letterSpacing,
          textTransform: css(title).textTransform,
          fontStyle: css(title).fontStyle,
          lineHeight: css(title).lineHeight === '50px',
          startBackground: css(start).backgroundColor,
          titleColor: css(title).color === 'rgb(255, 0, 0)' || css(title).color === 'rgb(0, 128, 0)',
          toolbarDisplay: css(toolbar).display,
          chartHeight: chart.getBoundingClientRect().height,
          hostMargin: css(host).marginTop,
        },
        outside: {
          titleWeight: css(document.querySelector('body > h2.title')!).fontWeight,
          statusDisplay: css(document.querySelector('body > .status')!).display,
          dotRadius: css(document.querySelector('body > .dot')!).borderTopLeftRadius,
          buttonRadius: css(document.querySelector('body > button')!).borderTopLeftRadius,
        },
        headStyles: [...document.head.querySelectorAll('style')].map((s) => s.id),
      };
    });
    expect(styles.inside).toEqual({
      letterSpacing: 'normal',
      textTransform: 'none',
      fontStyle: 'normal',
      lineHeight: false,
      startBackground: 'rgb(1, 2, 3)', // the page's --rg-accent
      titleColor: false,
      toolbarDisplay: 'flex',
      chartHeight: 250, // the page's --rg-height
      hostMargin: '7px', // the page styles the element's box
    });
    expect(styles.outside).toEqual({ titleWeight: '700', statusDisplay: 'inline', dotRadius: '0px', buttonRadius: '0px' });
    // The only style elements added to the page are Plotly's own, which match only Plotly's classes.
    expect(styles.headStyles.slice(headStylesBefore).every((id) => id.startsWith('plotly.js-style'))).toBe(true);
    const plotlySelectors = await page.evaluate(() =>
      [...document.head.querySelectorAll<HTMLStyleElement>('style[id^="plotly.js-style"]')].flatMap((s) =>
        [...(s.sheet?.cssRules ?? [])].map((r) => (r as CSSStyleRule).selectorText ?? ''),
      ),
    );
    expect(plotlySelectors.length).toBeGreaterThan(10);
    expect(plotlySelectors.filter((s) => !/js-plotly-plot|plotly-notifier|\.plotly/.test(s))).toEqual([]);
  });

  it('can be driven from the keyboard, with accessible names for every control', async () => {
    await openPage('', '<button id="before">before</button><realtime-graph stream="plain"></realtime-graph>');
    await page.locator('realtime-graph select option[value=plain]').waitFor({ state: 'attached' });
    expect(await page.getByRole('combobox', { name: 'Data source' }).count()).toBe(1);
    for (const name of ['Start', 'Stop', 'Pause', 'Export']) {
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(1);
    }
    expect(await page.getByRole('status').count()).toBe(1);
    expect(await page.getByRole('figure').getAttribute('aria-label')).toBe('Line chart of Plain');

    const focused = () =>
      page.evaluate(() => {
        const inner = document.querySelector('realtime-graph')!.shadowRoot!.activeElement;
        return inner?.getAttribute('part') ?? document.activeElement?.id ?? null;
      });
    await page.locator('#before').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('picker');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button start-button');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent(), { timeout: 10_000 }).toMatch(/^live/);
    await expect.poll(async () => (await tracePoints(page))[0] ?? 0, { timeout: 10_000 }).toBeGreaterThan(3);
    // Start is disabled now, so focus moves on: Stop, then Pause.
    await page.locator('realtime-graph [part~=stop-button]').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button pause-button');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent()).toMatch(/^paused/);
    expect(await page.getByRole('button', { name: 'Resume', exact: true }).count()).toBe(1);
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('realtime-graph [part=status]').textContent()).toMatch(/^live/);

    // The Export menu: Enter opens it on its first item, arrows move, Escape closes it and returns to the button.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button export-button');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('menu-item csv-button');
    expect(await page.getByRole('menu', { name: 'Export' }).count()).toBe(1);
    for (const name of ['Download CSV', 'Download PNG']) expect(await page.getByRole('menuitem', { name, exact: true }).count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('menu-item png-button');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('menu-item csv-button'); // round again
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    expect(await focused()).toBe('button export-button');
    // Enter on an item exports and closes the menu.
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('menu-item csv-button');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^plain-.*\.csv$/);
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    expect(await focused()).toBe('button export-button');
  });
});
