import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { browserMissing, saveScreenshot } from '../helpers/browser.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { elementSuite } from './element-suite.js';

// A small recording built here, 300 rows at 1-minute steps from 2024-03-04 00:00 to 04:59 (UTC):
// `sensor` is 1 but for three bumps, and `machine_status` BROKEN twice.
//   00:40–00:49  sensor 6                      (precursor of failure 1)
//   01:00–01:09  BROKEN                        failure 1: [01:00, 01:10)
//   01:40–01:49  sensor 6, 01:50–02:09 sensor 8 (precursor of failure 2)
//   02:30–02:39  BROKEN                        failure 2: [02:30, 02:40)
//   03:20–03:24  sensor 6                      (no failure follows: a false alarm)
// Rule `sensor-high`: above 5 for 2m, resolve 2. It breaches from 00:40 and fires 2 minutes
// later, at 00:42, resolves at 00:50 (back to 1 ≤ 2): span [00:42, 00:50], 18 minutes before
// failure 1. Likewise [01:42, 02:10], 48 minutes before failure 2, and [03:22, 03:25], a false
// alarm (after the last failure, so in no warning window): 1 in 279 minutes of normal operation
// (299 minutes, less 2 × 10 BROKEN) = 5.16 a day; firing 8 + 28 + 3 = 39 of 299 minutes = 13 %.
// Rule `sensor-spike`: above 7 for 3 points (resolve: the threshold). Only the 8s breach it:
// from 01:50, the third point 01:52 fires, 02:10 resolves: [01:52, 02:10], failure 1 missed,
// failure 2 warned 38 minutes before; 18 of 299 minutes firing = 6 %.
// (any rule): the first start of either rule before each failure: 18 and 48 minutes.
// Tried with `sensor-high` above 7: like `sensor-spike` but 2 minutes of data time from 01:50:
// [01:52, 02:10], failure 1 missed, failure 2 38 minutes, no false alarm.
// The scores (NAB's normalized score, standard profile) are the daemon's: 86.3 and 46.1.
const T0 = Date.UTC(2024, 2, 4);
const MINUTE = 60_000;
const ROWS = 300;
const between = (i: number, a: number, b: number) => i >= a && i < b;
const sensorAt = (i: number) => (between(i, 40, 50) || between(i, 100, 110) || between(i, 200, 205) ? 6 : between(i, 110, 130) ? 8 : 1);
const stateAt = (i: number) => (between(i, 60, 70) || between(i, 150, 160) ? 'BROKEN' : 'NORMAL');
const CSV = `timestamp,sensor,machine_status\n${Array.from(
  { length: ROWS },
  (_, i) => `${new Date(T0 + i * MINUTE).toISOString().slice(0, 19).replace('T', ' ')},${sensorAt(i)},${stateAt(i)}`,
).join('\n')}\n`;
const at = (hhmm: string) => `2024-03-04T${hhmm}:00.000Z`;

const stream = (id: string, alerts: unknown[]) => ({
  id,
  title: 'Backtest bench',
  source: { type: 'csv', file: 'bt.csv', rate: 'unlimited' },
  columns: ['timestamp', 'sensor', { column: 'machine_status', type: 'text' }],
  states: { column: 'machine_status', colors: { BROKEN: '#d62728' }, unshaded: ['NORMAL'] },
  alerts,
  history: 720,
});
// The bundled failure-watch stream (config/default.yaml's pump-watch, read from it) on
// data/pump_raw.csv, replayed at once: BROKEN from 10:59, and the z-score rule fires at 11:01,
// after the failure began: missed. The anomaly rule never fires on this file (its 10 h warm-up
// ends at 19:55, and no sensor drifts after it).
const PUMP_RAW = await readFile(new URL('../../data/pump_raw.csv', import.meta.url), 'utf8');
const BUNDLED = parse(await readFile(new URL('../../config/default.yaml', import.meta.url), 'utf8')) as {
  streams: { id: string; source: object }[];
};
const PUMP_WATCH = {
  ...BUNDLED.streams.find((s) => s.id === 'pump-watch')!,
  title: 'Pump 1 failure watch',
  source: { type: 'csv', file: 'pump_raw.csv', rate: 'unlimited' },
  history: 720,
};
const RULES = [
  { name: 'sensor-high', column: 'sensor', above: 5, for: '2m', resolve: 2 },
  { name: 'sensor-spike', column: 'sensor', above: 7, for: 3 },
];

/** What the Backtest view shows, read from its parts. */
function lanes(page: Page) {
  return page.evaluate(() => {
    const view = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('rg-backtest-lanes')!.shadowRoot!;
    const all = (root: ParentNode, part: string) => [...root.querySelectorAll<HTMLElement>(`[part~=${part}]`)];
    return {
      failures: all(view, 'failure').map((f) => [f.dataset.start, f.dataset.end]),
      lanes: all(view, 'lane').map((lane) => ({
        rule: lane.dataset.rule,
        spans: all(lane, 'span').map((s) => [s.dataset.start, s.dataset.end]),
        leads: all(lane, 'lead').map((l) => [l.dataset.failure, l.textContent]),
      })),
      figures: all(view, 'rule').map((r) => [r.dataset.rule, r.querySelector('[part~=figures]')?.textContent]),
      yaml: all(view, 'yaml').map((y) => y.textContent),
      message: view.querySelector('[part~=message]')?.textContent ?? '',
    };
  });
}

const FIRST = {
  failures: [
    [at('01:00'), at('01:10')],
    [at('02:30'), at('02:40')],
  ],
  lanes: [
    {
      rule: 'sensor-high',
      spans: [
        [at('00:42'), at('00:50')],
        [at('01:42'), at('02:10')],
        [at('03:22'), at('03:25')],
      ],
      leads: [
        [at('01:00'), '18 min'],
        [at('02:30'), '48 min'],
      ],
    },
    {
      rule: 'sensor-spike',
      spans: [[at('01:52'), at('02:10')]],
      leads: [
        [at('01:00'), 'missed'],
        [at('02:30'), '38 min'],
      ],
    },
    {
      rule: '(any rule)',
      spans: [
        [at('00:42'), at('00:50')],
        [at('01:42'), at('02:10')],
        [at('03:22'), at('03:25')],
      ],
      leads: [
        [at('01:00'), '18 min'],
        [at('02:30'), '48 min'],
      ],
    },
  ],
  figures: [
    ['sensor-high', 'warned 2 of 2 · 5.16 false alarms/day · firing 13 % · score 86.3 (standard)'],
    ['sensor-spike', 'warned 1 of 2 · 0 false alarms/day · firing 6 % · score 46.1 (standard)'],
    ['(any rule)', 'warned 2 of 2 · 5.16 false alarms/day · firing 13 % · score 86.3 (standard)'],
  ],
  yaml: [],
  message: '',
};

type Plot = HTMLElement & {
  data: { x: (Date | string)[] }[];
  layout: { xaxis: { range: string[] } };
  _fullLayout: { xaxis: { _offset: number; l2p(v: number): number } };
};

describeIfAvailable('<realtime-graph backtest>: the Backtest view under the chart', browserMissing, () => {
  const suite = elementSuite(() => ({
    streams: [stream('bt', RULES), stream('plain', []), PUMP_WATCH],
    files: { 'bt.csv': CSV, 'pump_raw.csv': PUMP_RAW },
  }));

  it('draws a lane per rule on the chart’s time axis, zooms to a failure, and re-runs with a tried threshold', {
    timeout: 60_000,
  }, async () => {
    // The chart opens on the whole file (00:00–04:59), its window the last hour: older rows come from history.
    const page = await suite.open('<realtime-graph stream="bt" window="60" range="all" autostart></realtime-graph>', {
      viewport: { width: 1200, height: 900 },
    });
    const badge = () => page.locator('realtime-graph [part=status] [role=status]').textContent();
    await expect.poll(badge, { timeout: 15_000 }).toBe('finished');
    // Opened from the toolbar: the attribute follows.
    await page.locator('realtime-graph [part~=backtest-button]').click();
    expect(await page.evaluate(() => document.querySelector('realtime-graph')!.hasAttribute('backtest'))).toBe(true);
    await expect.poll(() => lanes(page), { timeout: 15_000 }).toEqual(FIRST);

    // Lined up with the plot: each failure's band starts where the chart puts its time.
    const plotX = (ms: number) =>
      page.evaluate((ms) => {
        const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as Plot;
        return plot.getBoundingClientRect().left + plot._fullLayout.xaxis._offset + plot._fullLayout.xaxis.l2p(ms);
      }, ms);
    const bandLefts = () =>
      page.evaluate(() =>
        [
          ...document
            .querySelector('realtime-graph')!
            .shadowRoot!.querySelector('rg-backtest-lanes')!
            .shadowRoot!.querySelectorAll<HTMLElement>('[part~=failure]'),
        ].map((b) => b.getBoundingClientRect().left),
      );
    await expect.poll(async () => (await bandLefts())[0]! - (await plotX(Date.parse(at('01:00')))), { timeout: 10_000 }).toBeCloseTo(0, 0);
    expect((await bandLefts())[1]! - (await plotX(Date.parse(at('02:30'))))).toBeCloseTo(0, 0);
    // A narrower page: the plot and the lanes narrow together.
    const before = await plotX(Date.parse(at('02:30')));
    await page.setViewportSize({ width: 900, height: 900 });
    await expect.poll(() => plotX(Date.parse(at('02:30'))), { timeout: 5000 }).toBeLessThan(before - 100);
    await expect.poll(async () => (await bandLefts())[1]! - (await plotX(Date.parse(at('02:30')))), { timeout: 5000 }).toBeCloseTo(0, 0);

    // A click on failure 1 shows the 3 hours before it to 15 minutes after: 2024-03-03 22:00 to
    // 2024-03-04 01:15, drawn from history, every row of it (00:00 to 01:15: 76 rows).
    await page.locator('realtime-graph rg-backtest-lanes [part~=failure]').first().click();
    const view = () =>
      page.evaluate(() => {
        const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as Plot;
        return plot.layout.xaxis.range.map((r) => new Date(`${r.replace(' ', 'T')}Z`).toISOString());
      });
    await expect.poll(view, { timeout: 5000 }).toEqual(['2024-03-03T22:00:00.000Z', at('01:15')]);
    const shown = () =>
      page.evaluate(
        ([from, to]) => {
          const plot = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as unknown as Plot;
          // x as Plotly holds it: ISO strings, or Dates shifted to show their UTC clock (plotly-time.ts).
          const ms = (x: Date | string) => (typeof x === 'string' ? Date.parse(x) : x.getTime() - x.getTimezoneOffset() * 60_000);
          return plot.data[0]!.x.map(ms).filter((t) => t >= from! && t <= to!);
        },
        [Date.parse('2024-03-03T22:00:00Z'), Date.parse(at('01:15'))],
      );
    await expect.poll(shown, { timeout: 10_000 }).toEqual(Array.from({ length: 76 }, (_, i) => T0 + i * MINUTE));
    // The lanes follow the chart's view: failure 1 under the chart's 01:00, failure 2 out of view.
    await expect.poll(async () => (await bandLefts())[0]! - (await plotX(Date.parse(at('01:00')))), { timeout: 5000 }).toBeCloseTo(0, 0);
    expect(await page.locator('realtime-graph rg-backtest-lanes [part~=failure]').nth(1).isVisible()).toBe(false);

    // Trying `sensor-high` above 7: the backtest runs again with it, the lanes and figures change,
    // and the tried rule's YAML line shows.
    const threshold = page.locator('realtime-graph rg-backtest-lanes [part~=rule][data-rule=sensor-high] [part~=threshold]');
    expect(await threshold.inputValue()).toBe('5');
    await threshold.fill('7');
    await threshold.press('Tab');
    const TRIED = {
      ...FIRST,
      lanes: [
        { rule: 'sensor-high', spans: [[at('01:52'), at('02:10')]], leads: FIRST.lanes[1]!.leads },
        FIRST.lanes[1],
        { rule: '(any rule)', spans: [[at('01:52'), at('02:10')]], leads: FIRST.lanes[1]!.leads },
      ],
      figures: [
        ['sensor-high', 'warned 1 of 2 · 0 false alarms/day · firing 6 % · score 46.1 (standard)'],
        FIRST.figures[1],
        ['(any rule)', 'warned 1 of 2 · 0 false alarms/day · firing 6 % · score 46.1 (standard)'],
      ],
      yaml: ['- { name: sensor-high, column: sensor, above: 7, for: 2m, resolve: 2 }'],
    };
    await expect.poll(() => lanes(page), { timeout: 15_000 }).toEqual(TRIED);
    // The chart kept its view.
    expect(await view()).toEqual(['2024-03-03T22:00:00.000Z', at('01:15')]);
  });

  it('opens from the `backtest` attribute, in either theme, and says in plain words why a backtest did not run', {
    timeout: 60_000,
  }, async () => {
    const page = await suite.open('<realtime-graph stream="bt" window="300" backtest autostart></realtime-graph>', {
      head: '<style>body { margin: 0; padding: 20px; background: #f5f7fa; } realtime-graph { --rg-height: 380px; }</style>',
      viewport: { width: 1100, height: 760 },
      expectedErrors: /status of 400/,
    });
    await expect.poll(() => lanes(page), { timeout: 15_000 }).toEqual(FIRST);
    // The view set the empty `range` to all, so that the chart can draw the past.
    expect(await page.evaluate(() => document.querySelector('realtime-graph')!.range)).toBe('all');
    // The whole file in the window: the chart's BROKEN bands and alert strips over the lanes'.
    await expect.poll(() => page.locator('realtime-graph [part=status] [role=status]').textContent(), { timeout: 15_000 }).toBe('finished');

    // Its colours are the element's: the dark theme's accent and text.
    const colours = () =>
      page.evaluate(() => {
        const view = document.querySelector('realtime-graph')!.shadowRoot!.querySelector('rg-backtest-lanes')!.shadowRoot!;
        return [
          getComputedStyle(view.querySelector('[part~=span]')!).backgroundColor,
          getComputedStyle(view.querySelector('[part~=figures]')!).color,
        ];
      });
    expect(await colours()).toEqual(['rgb(31, 111, 235)', 'rgb(97, 110, 124)']);
    await page.evaluate(() => document.querySelector('realtime-graph')!.setAttribute('theme', 'dark'));
    await expect.poll(colours).toEqual(['rgb(56, 139, 253)', 'rgb(139, 148, 158)']);

    // A threshold that is not a number: the daemon's message, the lanes as they were, the chart drawing on.
    const threshold = page.locator('realtime-graph rg-backtest-lanes [part~=rule][data-rule=sensor-spike] [part~=threshold]');
    await threshold.fill('seven');
    await threshold.press('Tab');
    await expect
      .poll(() => lanes(page), { timeout: 15_000 })
      .toEqual({ ...FIRST, message: 'The backtest did not run: rule.sensor-spike.above: Invalid input: expected number, received NaN' });
    expect(await threshold.inputValue()).toBe('seven');
    // The chart's own message line (not the view's) says nothing.
    expect(
      await page.evaluate(() => document.querySelector('realtime-graph')!.shadowRoot!.querySelector(':scope > [part=message]')),
    ).toBeNull();

    // Closed from the toolbar: the attribute goes, and so does the view.
    await page.locator('realtime-graph [part~=backtest-button]').click();
    expect(await page.evaluate(() => document.querySelector('realtime-graph')!.hasAttribute('backtest'))).toBe(false);
    expect(await page.locator('realtime-graph rg-backtest-lanes').count()).toBe(0);
  });

  it('shows the bundled failure watch: its rule misses the failure; tried at -1.2 it warns 50 minutes before, and fires falsely more (the screenshot)', {
    timeout: 60_000,
  }, async () => {
    const page = await suite.open(
      '<realtime-graph stream="pump-watch" columns="motor_scaled,motor_z" window="720" backtest autostart></realtime-graph>',
      {
        head: '<style>body { margin: 0; padding: 20px; background: #f5f7fa; } realtime-graph { --rg-height: 380px; }</style>',
        viewport: { width: 1100, height: 820 },
      },
    );
    await expect.poll(() => page.locator('realtime-graph [part=status] [role=status]').textContent(), { timeout: 15_000 }).toBe('finished');
    const leads = async () => (await lanes(page)).lanes.map((l) => [l.rule, l.spans, l.leads]);
    const missedAll = [
      ['motor-current-low', [[at('11:01'), at('11:11')]], [[at('10:59'), 'missed']]],
      ['sensors-unusual', [], [[at('10:59'), 'missed']]],
      ['(any rule)', [[at('11:01'), at('11:11')]], [[at('10:59'), 'missed']]],
    ];
    await expect.poll(leads, { timeout: 15_000 }).toEqual(missedAll);
    const threshold = page.locator('realtime-graph rg-backtest-lanes [part~=threshold]').first();
    await threshold.fill('-1.2');
    await threshold.press('Tab');
    await expect
      .poll(async () => (await lanes(page)).yaml, { timeout: 15_000 })
      .toEqual(['- { name: motor-current-low, column: motor_z, below: -1.2, for: 2m, resolve: -1 }']);
    // Below -1.2σ for 2 minutes: first at 10:09, 50 minutes before the failure; then 9 more spans after it.
    const tried = [
      [at('10:09'), at('10:10')],
      [at('10:13'), at('10:16')],
      [at('11:01'), at('11:11')],
      [at('12:58'), at('13:01')],
      [at('13:12'), at('13:18')],
      [at('13:24'), at('13:25')],
      [at('13:29'), at('13:31')],
      [at('15:45'), at('15:54')],
      [at('16:03'), at('16:06')],
      [at('16:57'), at('17:04')],
      [at('19:30'), at('19:41')],
      [at('21:48'), at('21:49')],
    ];
    expect(await leads()).toEqual([
      ['motor-current-low', tried, [[at('10:59'), '50 min']]],
      ['sensors-unusual', [], [[at('10:59'), 'missed']]],
      ['(any rule)', tried, [[at('10:59'), '50 min']]],
    ]);
    await page.mouse.click(5, 5); // no input focused in the picture
    await saveScreenshot(page.locator('realtime-graph'), 'screenshot-backtest.png');
  });

  it('has no Backtest button for a stream without alert rules; opened anyway, it says why', async () => {
    const page = await suite.open('<realtime-graph stream="plain" autostart></realtime-graph>', { expectedErrors: /status of 400/ });
    await expect.poll(() => page.locator('realtime-graph [part=status] [role=status]').textContent(), { timeout: 15_000 }).toBe('finished');
    expect(await page.locator('realtime-graph [part~=backtest-button]').count()).toBe(0);
    await page.evaluate(() => document.querySelector('realtime-graph')!.setAttribute('backtest', ''));
    await expect
      .poll(() => lanes(page), { timeout: 15_000 })
      .toEqual({
        failures: [],
        lanes: [],
        figures: [],
        yaml: [],
        message: 'The backtest did not run: stream plain has no alert rules to backtest',
      });
  });
});

describeIfAvailable('<realtime-graph backtest token>: the Backtest view of a daemon that needs a token', browserMissing, () => {
  const TOKEN = 'backtest-secret-token';
  const suite = elementSuite(() => ({ server: { auth: { token: TOKEN } }, streams: [stream('bt', RULES)], files: { 'bt.csv': CSV } }));

  it('asks with the token, as the other requests do', async () => {
    const asked: string[] = [];
    const page = await suite.open(`<realtime-graph stream="bt" token="${TOKEN}" backtest autostart></realtime-graph>`, {
      beforeLoad: (page) => page.on('request', (r) => void (r.url().includes('/backtest') && asked.push(r.url()))),
    });
    await expect.poll(() => lanes(page), { timeout: 15_000 }).toEqual(FIRST);
    expect(asked.map((url) => new URL(url).search)).toEqual([`?access_token=${TOKEN}`]);
  });
});
