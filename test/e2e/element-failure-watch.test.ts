import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserMissing, saveScreenshot, tracePoints } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { elementSuite } from './element-suite.js';

// The bundled failure-watch stream on data/pump_raw.csv, replayed at once: NORMAL until 10:59,
// BROKEN 10:59–11:06, RECOVERING until 11:55; the rule fires at 11:01, after the failure began (so
// `realtime-graph backtest config/default.yaml` counts a miss), and resolves at 11:11. `cut` is
// its first 70 rows: it ends while firing.
const root = new URL('../..', import.meta.url).pathname;
const raw = await readFile(`${root}data/pump_raw.csv`, 'utf8');
const cut = `${raw.split('\n').slice(0, 71).join('\n')}\n`;
const time = (hhmm: string) => `2024-03-04T${hhmm}:00.000Z`;

const watch = (id: string, file: string) => ({
  id,
  title: 'Pump 1 failure watch',
  source: { type: 'csv', file, rate: 'unlimited' },
  columns: ['timestamp', { column: 'sensor_04', as: 'motor_current' }, { column: 'machine_status', type: 'text' }],
  stages: [
    { type: 'scale', column: 'motor_current', as: 'motor_scaled' },
    { type: 'zscore', column: 'motor_current', window: '1h', as: 'motor_z', axis: 'y2' },
  ],
  states: { column: 'machine_status', colors: { BROKEN: '#d62728', RECOVERING: '#ff9f1c' }, unshaded: ['NORMAL'] },
  alerts: [{ name: 'motor-current-low', column: 'motor_z', below: -3, for: '2m', resolve: -1 }],
  history: 720,
});

const paced = { ...watch('paced', 'cut.csv'), source: { type: 'csv', file: 'cut.csv', rate: 4 } };
/** The page around the chart in the README's pictures. */
const PICTURE = {
  head: '<style>body { margin: 0; padding: 20px; background: #f5f7fa; } realtime-graph { --rg-height: 460px; }</style>',
  viewport: { width: 1100, height: 620 },
};

type Plot = HTMLElement & {
  layout: { shapes: Record<string, unknown>[]; annotations: { text: string }[] };
  _fullLayout: Record<string, { _offset: number; _length: number; l2p(v: number): number }>;
};

/** The state bands and alert marks the chart draws (Plotly's layout shapes that have a name). */
function marksOf(page: Page) {
  return page.evaluate(() => {
    const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as Plot;
    return (plot?.layout?.shapes ?? []).filter((s) => s.name).map((s) => [s.type, s.layer, s.x0, s.x1, s.name, s.showlegend]);
  });
}
const WHOLE_FILE_MARKS = [
  ['rect', 'below', time('10:59'), time('11:06'), 'BROKEN', true],
  ['rect', 'below', time('11:06'), time('11:55'), 'RECOVERING', true],
  ['rect', 'above', time('11:01'), time('11:11'), 'alert motor-current-low', true],
  ['line', 'above', time('11:01'), time('11:01'), 'alert motor-current-low', false],
];

describeIfAvailable('<realtime-graph> failure watch: state bands and alerts', browserMissing, () => {
  const suite = elementSuite(() => ({
    streams: [watch('watch', 'pump_raw.csv'), watch('cut', 'cut.csv'), paced],
    files: { 'pump_raw.csv': raw, 'cut.csv': cut },
  }));

  it('draws the BROKEN and RECOVERING bands behind the lines and marks the alert; the state at the pointer, the CSV and the PNG have them', async () => {
    const page = await suite.open(
      '<realtime-graph stream="watch" columns="motor_scaled,motor_z" window="720" autostart></realtime-graph>',
      PICTURE,
    );
    const badge = () => page.locator('realtime-graph [part=status] [role=status]').textContent();
    await expect.poll(badge, { timeout: 15_000 }).toBe('finished');
    const marks = () => marksOf(page);
    await expect.poll(marks, { timeout: 5000 }).toEqual(WHOLE_FILE_MARKS);
    const legend = await page.evaluate(() =>
      [...document.querySelector('realtime-graph')!.shadowRoot!.querySelectorAll('.legend .legendtext')].map((t) => t.textContent),
    );
    expect(legend).toEqual(['motor_scaled', 'motor_z', 'BROKEN', 'RECOVERING', 'alert motor-current-low']);

    // The state at the pointer, in the plot's corner.
    const hover = async (hhmm: string) => {
      const at = await page.evaluate(
        (ms) => {
          const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as Plot;
          const box = plot.getBoundingClientRect();
          const { xaxis, yaxis } = plot._fullLayout;
          return { x: box.left + xaxis!._offset + xaxis!.l2p(ms), y: box.top + yaxis!._offset + yaxis!._length / 2 };
        },
        Date.parse(time(hhmm)),
      );
      await page.mouse.move(at.x, at.y);
    };
    const note = () =>
      page.evaluate(() => {
        const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as Plot;
        return plot.layout.annotations.map((a) => a.text);
      });
    // What Plotly says the pointer is at, and the state the note gives for it.
    await page.evaluate(() => {
      const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as {
        on(e: string, f: (d: { points: { x: unknown }[] }) => void): void;
      };
      const w = window as unknown as { __hovered: string };
      plot.on('plotly_hover', (d) => (w.__hovered = String(d.points[0]!.x)));
    });
    const stateOf = (hovered: string) => {
      const hhmm = hovered.slice(11, 16);
      return hhmm >= '10:59' && hhmm < '11:06' ? 'BROKEN' : hhmm >= '11:06' && hhmm < '11:55' ? 'RECOVERING' : 'NORMAL';
    };
    for (const [hhmm, state] of [
      ['11:02', 'BROKEN'],
      ['16:00', 'NORMAL'],
    ] as const) {
      await hover(hhmm);
      await expect.poll(note, { timeout: 5000 }).toEqual([`machine_status: ${state}`]);
      const hovered = await page.evaluate(() => (window as unknown as { __hovered: string }).__hovered);
      expect(stateOf(hovered)).toBe(state);
    }

    // Zoomed in (a drag from 10:30 to 12:00): the bands stay where the data puts them.
    const zoomBox = await page.evaluate(
      ([from, to]) => {
        const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as Plot;
        const box = plot.getBoundingClientRect();
        const { xaxis, yaxis } = plot._fullLayout;
        const x = (ms: number) => box.left + xaxis!._offset + xaxis!.l2p(ms);
        return { x0: x(from!), x1: x(to!), y: box.top + yaxis!._offset + yaxis!._length / 2 };
      },
      [Date.parse(time('10:30')), Date.parse(time('12:00'))],
    );
    await page.mouse.move(zoomBox.x0, zoomBox.y);
    await page.mouse.down();
    await page.mouse.move(zoomBox.x1, zoomBox.y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('realtime-graph [part~=live-button]').isVisible(), { timeout: 5000 }).toBe(true);
    expect(await marks()).toEqual(WHOLE_FILE_MARKS);
    await page.locator('realtime-graph [part~=live-button]').click();

    const csv = (await page.evaluate(() => document.querySelector('realtime-graph')!.exportCsv())).split('\r\n');
    expect(csv[0]).toBe('timestamp,motor_scaled,motor_z,machine_status');
    expect(csv.filter((line) => line.endsWith(',BROKEN')).map((line) => line.slice(11, 16))).toEqual([
      '10:59',
      '11:00',
      '11:01',
      '11:02',
      '11:03',
      '11:04',
      '11:05',
    ]);
    expect(csv).toHaveLength(722); // header, 720 rows, the final empty line

    // The PNG has the bands: along a row through the middle of the image, the RECOVERING band
    // (#ff9f1c at 18 % over white: about 255, 238, 214) spans about 49 minutes of the 12 hours.
    const png = await page.evaluate(() => document.querySelector('realtime-graph')!.exportPng());
    const band = await page.evaluate(async (url) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const row = context.getImageData(0, Math.round(image.height * 0.6), image.width, 1).data;
      let tinted = 0;
      for (let i = 0; i < row.length; i += 4)
        if (row[i]! > 245 && Math.abs(row[i + 1]! - 238) < 8 && Math.abs(row[i + 2]! - 214) < 10) tinted++;
      return { tinted, width: image.width };
    }, png);
    const plotWidth = await page.evaluate(
      () =>
        (document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as Plot)._fullLayout.xaxis!
          ._length,
    );
    expect(band.tinted).toBeGreaterThan(Math.floor((plotWidth * 45) / 720));
    expect(band.tinted).toBeLessThan(Math.ceil((plotWidth * 50) / 720));
  });

  it('keeps the bands and marks when the lines are drawn decimated (M4) in a narrow chart', async () => {
    const page = await suite.open('<realtime-graph stream="watch" columns="motor_scaled" window="720" autostart></realtime-graph>', {
      viewport: { width: 420, height: 500 },
    });
    await expect.poll(() => marksOf(page), { timeout: 15_000 }).toEqual(WHOLE_FILE_MARKS);
    // 720 rows on a plot a few hundred pixels wide: fewer points are drawn than rows
    const [points] = await tracePoints(page);
    expect(points).toBeLessThan(720);
    expect(points).toBeGreaterThan(0);
  });

  it('while paused, the bands stay as drawn; on resume they follow the rows that came meanwhile', async () => {
    const page = await suite.open('<realtime-graph stream="paced" window="720" autostart></realtime-graph>', {
      viewport: { width: 1280, height: 720 },
    });
    // 4 rows/s: the pump breaks at row 64, 16 s in, which leaves room for the chart library to
    // load on a busy machine before the pause (at 10 rows/s it sometimes did not).
    await expect.poll(() => tracePoints(page), { timeout: 10_000 }).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    await page.evaluate(() => (document.querySelector('realtime-graph') as unknown as { pause(): void }).pause());
    const drawnAtPause = (await tracePoints(page))[0]!;
    expect(drawnAtPause).toBeLessThan(60);
    await expect
      .poll(() => page.locator('realtime-graph [part=status] [role=status]').textContent(), { timeout: 30_000 })
      .toBe('finished · 1 alert firing');
    expect(await marksOf(page)).toEqual([]); // nothing drawn past the rows shown when paused
    await page.evaluate(() => (document.querySelector('realtime-graph') as unknown as { resume(): void }).resume());
    await expect
      .poll(() => marksOf(page), { timeout: 5000 })
      .toEqual([
        ['rect', 'below', time('10:59'), time('11:04'), 'BROKEN', true],
        ['rect', 'above', time('11:01'), time('11:04'), 'alert motor-current-low', true],
        ['line', 'above', time('11:01'), time('11:01'), 'alert motor-current-low', false],
      ]);
  }, 60_000);

  it('counts the alerts firing in the badge and fires rg-alert, for a viewer that joins while it fires', async () => {
    const page = await suite.open('<realtime-graph stream="cut" columns="motor_scaled,motor_z" window="720" autostart></realtime-graph>', {
      ...PICTURE,
      init: () => {
        const w = window as unknown as { __alerts: unknown[] };
        w.__alerts = [];
        document.addEventListener('rg-alert', (e) => w.__alerts.push((e as CustomEvent).detail));
      },
    });
    const badge = () => page.locator('realtime-graph [part=status] [role=status]').textContent();
    await expect.poll(badge, { timeout: 15_000 }).toBe('finished · 1 alert firing');
    // The README's screenshot: the pump broke at 10:59, the alert fires since 11:01.
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              (
                (document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as Plot)?.layout
                  ?.shapes ?? []
              ).length,
          ),
        { timeout: 5000 },
      )
      .toBe(3);
    await saveScreenshot(page.locator('realtime-graph'), 'screenshot-failure-watch.png');
    const alerts = await page.evaluate(() =>
      (window as unknown as { __alerts: { value: number }[] }).__alerts.map((a) => ({ ...a, value: Math.round(a.value) })),
    );
    expect(alerts).toEqual([{ stream: 'cut', rule: 'motor-current-low', state: 'firing', at: time('11:01'), value: -5 }]);
    // A second viewer, after the run ended, joins while the rule fires: the same.
    const again = await page.evaluate(async () => {
      const graph = document.createElement('realtime-graph');
      graph.setAttribute('stream', 'cut');
      const seen = new Promise<unknown>((resolve) => graph.addEventListener('rg-alert', (e) => resolve((e as CustomEvent).detail)));
      document.body.append(graph);
      (graph as unknown as { start(): void }).start();
      return seen;
    });
    expect(again).toMatchObject({ stream: 'cut', rule: 'motor-current-low', state: 'firing', at: time('11:01') });
  });
});
