// The Columns menu of <realtime-graph>: what it lists, what a choice draws (from the rows already
// in the window, without reconnecting), the reflected attribute and rg-columns, the keyboard, a
// chart of several streams, a daemon restart and a removal, and the start page's URL.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import pino from 'pino';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { startDaemon } from '../../src/main.js';
import { bundledConfig } from '../../src/paths.js';
import { browserMissing, saveScreenshot } from '../helpers/browser.js';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { browserSuite, elementSuite } from './element-suite.js';

const ROWS = 12;
const T0 = Date.UTC(2024, 0, 1);
/** The numeric columns of plant.csv with their units, then one text column (`status`). */
const COLUMNS: [string, string?][] = [
  ['flow', 'l/min'],
  ['current', 'A'],
  ['temp', '°C'],
  ['level', 'm'],
  ...Array.from({ length: 6 }, (_, k): [string] => [`sensor_0${k + 1}`]),
];
const NAMES = COLUMNS.map(([name]) => name);
/** Row i of column c: c·100 + i (so every column's points differ). */
const value = (c: number, i: number) => c * 100 + i;
const rows = [...Array(ROWS).keys()];
/** The points drawn for column `name` (flow_diff: the derived change of flow, null at the first row). */
const points = (name: string) =>
  name === 'flow_diff' ? rows.map((i) => (i === 0 ? null : 1)) : rows.map((i) => value(NAMES.indexOf(name), i));

function plantCsv(): string {
  const lines = [['timestamp', ...NAMES, 'status'].join(',')];
  for (const i of rows) lines.push([new Date(T0 + i * 1000).toISOString(), ...NAMES.map((_, c) => value(c, i)), 'RUN'].join(','));
  return `${lines.join('\n')}\n`;
}
/** A second stream's file: `flow` (as in plant.csv) and `pressure` = 1000 + i. */
function otherCsv(): string {
  return `timestamp,flow,pressure\n${rows.map((i) => `${new Date(T0 + i * 1000).toISOString()},${value(0, i)},${1000 + i}`).join('\n')}\n`;
}

const plantColumns = [
  'timestamp',
  ...COLUMNS.map(([column, unit]) => (unit ? { column, unit } : column)),
  { column: 'status', type: 'text' },
];
/** A finite replay of plant.csv (every row in the window once it finished), with a derived column. */
const plant = (id: string, rate = 200) => ({
  id,
  history: 0,
  source: { type: 'csv', file: 'plant.csv', rate },
  columns: plantColumns,
  stages: [{ type: 'diff', column: 'flow', unit: 'l/min' }],
});
const other = (id: string) => ({
  id,
  history: 0,
  source: { type: 'csv', file: 'other.csv', rate: 200 },
  columns: ['timestamp', 'flow', { column: 'pressure', unit: 'bar' }],
});
const files = { 'plant.csv': plantCsv(), 'other.csv': otherCsv() };

describeIfAvailable('<realtime-graph> column chooser', browserMissing, () => {
  // One finite replay per test (a replay that finished does not start again).
  const suite = elementSuite(() => ({
    streams: [
      plant('p-list'),
      plant('p-choose'),
      plant('p-keys'),
      plant('p-url'),
      plant('p-url-2'),
      plant('p-two'),
      other('o-two'),
      plant('p-move'),
    ],
    files,
  }));
  let page: Page;

  async function openPage(body: string, beforeLoad?: (page: Page) => void): Promise<void> {
    page = await suite.open(body, {
      beforeLoad,
      init: () => {
        const w = window as unknown as { __columns: string[][]; __starts: number };
        w.__columns = [];
        w.__starts = 0;
        document.addEventListener('rg-columns', (e) => w.__columns.push((e as CustomEvent<{ columns: string[] }>).detail.columns));
        document.addEventListener('rg-start', () => w.__starts++);
      },
    });
  }
  const eventsFired = () => page.evaluate(() => (window as unknown as { __columns: string[][] }).__columns);
  const finished = () =>
    expect.poll(() => page.locator('realtime-graph [part=status] [role=status]').textContent(), { timeout: 10_000 }).toBe('finished');
  const button = () => page.locator('realtime-graph [part~=columns-button]');
  const menu = () => page.locator('realtime-graph [part=columns-menu]');
  const search = () => page.locator('realtime-graph [part=columns-search]');
  const option = (label: string) =>
    page.locator('realtime-graph [part=columns-option]').filter({ has: page.getByText(label, { exact: true }) });
  /** The lines of the open menu: `[x] name (unit)`. */
  const listed = () =>
    page.evaluate(() =>
      [...document.querySelector('realtime-graph')!.shadowRoot!.querySelectorAll('[part=columns-option]')].map((label) => {
        const box = label.querySelector('input')!;
        const unit = label.querySelector('.column-unit')?.textContent;
        return `${box.checked ? '[x]' : '[ ]'} ${label.querySelector('.column-name')!.textContent}${unit ? ` (${unit})` : ''}`;
      }),
    );
  /** The chart's traces: name and y values. */
  const traces = (selector = 'realtime-graph') =>
    page.evaluate((sel) => {
      const plot = document.querySelector(sel)!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
        data?: { name: string; y: (number | null)[] }[];
      };
      return (plot?.data ?? []).map((t) => ({ name: t.name, y: [...t.y] }));
    }, selector);
  const expected = (names: string[], label = (n: string) => n) => names.map((n) => ({ name: label(n), y: points(n) }));
  const attribute = () => page.evaluate(() => document.querySelector('realtime-graph')!.getAttribute('columns'));
  const focused = () =>
    page.evaluate(() => document.querySelector('realtime-graph')!.shadowRoot!.activeElement?.getAttribute('part') ?? null);

  it('lists every numeric column with its unit, derived ones too, no text column; a search narrows the list', async () => {
    await openPage('<realtime-graph stream="p-list" window="100" autostart></realtime-graph>');
    await finished();
    await button().click();
    expect(await listed()).toEqual([
      '[x] flow (l/min)',
      '[x] current (A)',
      '[x] temp (°C)',
      '[x] level (m)',
      ...NAMES.slice(4).map((n) => `[x] ${n}`),
      '[x] flow_diff (l/min)',
    ]);
    // More than 8 lines: the search box, focused.
    expect(await focused()).toBe('columns-search');
    await search().fill('SENSOR_0');
    expect(await listed()).toEqual(NAMES.slice(4).map((n) => `[x] ${n}`));
    await search().fill('l/m');
    expect(await listed()).toEqual(['[x] flow (l/min)', '[x] flow_diff (l/min)']);
    await search().fill('pressure');
    expect(await listed()).toEqual([]);
    expect(await menu().locator('.columns-note').textContent()).toBe('No column matches.');
    // Searching draws nothing other.
    await expect.poll(async () => (await traces()).map((t) => t.name)).toEqual([...NAMES, 'flow_diff']);
    expect(await eventsFired()).toEqual([]);
  });

  it('draws the columns checked from the rows in the window, reflects them in `columns`, and fires rg-columns, without reconnecting', async () => {
    const connections: string[] = [];
    await openPage('<realtime-graph stream="p-choose" columns="temp,flow" window="100" autostart></realtime-graph>', (p) =>
      p.on('request', (r) => {
        if (r.url().includes('/events')) connections.push(r.url());
      }),
    );
    await finished();
    await expect.poll(traces).toEqual(expected(['temp', 'flow']));
    await button().click();
    expect((await listed()).filter((l) => l.startsWith('[x]'))).toEqual(['[x] flow (l/min)', '[x] temp (°C)']);

    await option('current').locator('input').check();
    await expect.poll(traces).toEqual(expected(['temp', 'flow', 'current']));
    expect(await attribute()).toBe('temp,flow,current');

    await option('temp').locator('input').uncheck();
    await expect.poll(traces).toEqual(expected(['flow', 'current']));
    expect(await attribute()).toBe('flow,current');

    // None: nothing is applied until a line is checked; then that line alone.
    await menu().locator('[part~=columns-none-button]').click();
    expect((await listed()).filter((l) => l.startsWith('[x]'))).toEqual([]);
    expect(await menu().locator('[role=status]').textContent()).toBe('Check a column to draw; the chart keeps its lines meanwhile.');
    expect(await traces()).toEqual(expected(['flow', 'current']));
    await option('flow_diff').locator('input').check();
    await expect.poll(traces).toEqual(expected(['flow_diff']));
    expect(await attribute()).toBe('flow_diff');

    // All: every column, and the attribute goes.
    await menu().locator('[part~=columns-all-button]').click();
    await expect.poll(traces).toEqual(expected([...NAMES, 'flow_diff']));
    expect(await attribute()).toBeNull();

    expect(await eventsFired()).toEqual([['temp', 'flow', 'current'], ['flow', 'current'], ['flow_diff'], []]);
    // The page setting `columns` draws it too, and is no user's choice: no rg-columns.
    await page.evaluate(() => {
      document.querySelector('realtime-graph')!.columns = 'level';
    });
    await expect.poll(traces).toEqual(expected(['level']));
    expect(await attribute()).toBe('level');
    expect((await listed()).filter((l) => l.startsWith('[x]'))).toEqual(['[x] level (m)']);
    expect(await eventsFired()).toHaveLength(4);
    // One connection the whole time, and one start.
    expect(connections).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { __starts: number }).__starts)).toBe(1);
  });

  it('works from the keyboard: Enter opens, arrows reach the checkboxes, Space toggles, Tab stays in the menu, Escape closes', async () => {
    await openPage('<realtime-graph stream="p-keys" window="100" autostart></realtime-graph>');
    await finished();
    await button().focus();
    await page.keyboard.press('Enter');
    expect(await menu().getAttribute('role')).toBe('dialog');
    expect(await button().getAttribute('aria-expanded')).toBe('true');
    expect(await focused()).toBe('columns-search');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space'); // current
    await expect.poll(eventsFired).toEqual([['flow', 'temp', 'level', ...NAMES.slice(4), 'flow_diff']]);
    await page.keyboard.press('Tab');
    expect(await menu().isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await menu().count()).toBe(0);
    expect(await button().getAttribute('aria-expanded')).toBe('false');
    expect(await focused()).toBe('button columns-button');
    await expect.poll(traces).toEqual(expected(['flow', 'temp', 'level', ...NAMES.slice(4), 'flow_diff']));
  });

  it('shows the Columns button with the other buttons, or as `show-columns` says', async () => {
    await openPage(
      ['', 'show-controls="false"', 'show-controls="false" show-columns', 'show-columns="false"']
        .map((attributes, i) => `<realtime-graph id="g${i}" stream="p-list" ${attributes}></realtime-graph>`)
        .join(''),
    );
    const shown = (part: string) =>
      page.evaluate(
        (p) => [0, 1, 2, 3].map((i) => document.getElementById(`g${i}`)!.shadowRoot!.querySelector(`[part~=${p}]`) !== null),
        part,
      );
    await expect.poll(() => shown('columns-button')).toEqual([true, false, true, false]);
    expect(await shown('start-button')).toEqual([true, false, false, true]);
    // Before the stream's columns are known there is nothing to choose from.
    expect(await page.locator('#g0 [part~=columns-button]').isDisabled()).toBe(true);
  });

  it('lists `stream · column` in a chart of several streams, a choice in one stream writing that stream’s name', async () => {
    await openPage('<realtime-graph streams="p-two,o-two" columns="flow" window="100" autostart></realtime-graph>');
    await expect
      .poll(() => page.locator('realtime-graph [part=status] [role=status]').textContent(), { timeout: 10_000 })
      .toBe('p-two finished · o-two finished');
    const label = (n: string) => (n === 'pressure' ? `o-two · ${n}` : `p-two · ${n}`);
    await button().click();
    await search().fill('o-two');
    expect(await listed()).toEqual(['[x] o-two · flow', '[ ] o-two · pressure (bar)']);
    await option('o-two · flow').locator('input').uncheck();
    await expect.poll(traces).toEqual(expected(['flow'], label));
    expect(await attribute()).toBe('p-two · flow');
    await option('o-two · pressure').locator('input').check();
    const pressure = { name: 'o-two · pressure', y: rows.map((i) => 1000 + i) };
    await expect.poll(traces).toEqual([...expected(['flow'], label), pressure]);
    expect(await attribute()).toBe('p-two · flow,o-two · pressure');
    await option('o-two · flow').locator('input').check();
    await expect.poll(traces).toEqual([...expected(['flow'], label), { name: 'o-two · flow', y: points('flow') }, pressure]);
    expect(await attribute()).toBe('flow,o-two · pressure');
    expect(await eventsFired()).toEqual([['p-two · flow'], ['p-two · flow', 'o-two · pressure'], ['flow', 'o-two · pressure']]);
  });

  it('keeps the choice when the element is removed and attached again', async () => {
    await openPage('<div id="a"><realtime-graph stream="p-move" window="100" autostart></realtime-graph></div><div id="b"></div>');
    await finished();
    await button().click();
    await option('level').locator('input').uncheck();
    const chosen = ['flow', 'current', 'temp', ...NAMES.slice(4), 'flow_diff'];
    await expect.poll(traces).toEqual(expected(chosen));
    await page.evaluate(() => document.getElementById('b')!.append(document.querySelector('realtime-graph')!));
    await expect.poll(traces).toEqual(expected(chosen));
    expect(await attribute()).toBe(chosen.join(','));
  });

  it('the start page keeps the stream and the columns in its URL, and takes them from it', async () => {
    page = await suite.visit(`${suite.daemon.url}/?stream=p-url&columns=temp,flow`);
    await page.waitForFunction(() => customElements.get('realtime-graph') !== undefined);
    expect(await page.evaluate(() => document.querySelector('realtime-graph')!.stream)).toBe('p-url');
    await page.locator('realtime-graph [part~=start-button]').click();
    await finished();
    await expect.poll(traces).toEqual(expected(['temp', 'flow']));

    await button().click();
    await option('level').locator('input').check();
    await expect.poll(() => new URL(page.url()).search).toBe('?stream=p-url&columns=temp%2Cflow%2Clevel');

    await page.reload();
    await page.locator('realtime-graph [part~=start-button]').click();
    await finished();
    await expect.poll(traces).toEqual(expected(['temp', 'flow', 'level']));
    // Another stream picked: the columns were the previous stream's, and go.
    await page.locator('realtime-graph [part=picker]').selectOption('p-url-2');
    await expect.poll(() => new URL(page.url()).search).toBe('?stream=p-url-2');
    expect(await attribute()).toBeNull();
  });

  it('draws the same columns after the daemon restarts', async () => {
    // A looping replay, live at the restart; the new daemon starts it again from its first row.
    const live = { ...plant('live'), source: { type: 'csv', file: 'plant.csv', rate: 4, loop: true } };
    let first: TestDaemon | undefined = await startTestDaemon({ server: { retryMs: 300 }, streams: [live], files });
    let second: TestDaemon | undefined;
    try {
      page = await suite.open('<realtime-graph stream="live" window="100" autostart></realtime-graph>', {
        origin: first.url,
        expectedErrors: /ERR_CONNECTION_REFUSED|Failed to load resource|EventSource/,
      });
      const status = () => page.locator('realtime-graph [part=status] [role=status]').textContent();
      await expect.poll(status, { timeout: 10_000 }).toBe('live');
      await button().click();
      await menu().locator('[part~=columns-none-button]').click();
      for (const name of ['current', 'sensor_03']) await option(name).locator('input').check();
      await expect.poll(async () => (await traces()).map((t) => t.name)).toEqual(['current', 'sensor_03']);

      const port = Number(new URL(first.url).port);
      await first.stop();
      first = undefined;
      await expect.poll(status, { timeout: 10_000 }).toBe('reconnecting…');
      second = await startTestDaemon({ server: { retryMs: 300, port }, streams: [live], files });
      await expect.poll(status, { timeout: 15_000 }).toBe('live');
      // The new run's first rows, of the chosen columns only.
      await expect.poll(async () => Math.min(...(await traces()).map((t) => t.y.length)), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      const after = await traces();
      const n = Math.min(...after.map((t) => t.y.length));
      expect(after.map((t) => ({ name: t.name, y: t.y.slice(0, n) }))).toEqual([
        { name: 'current', y: points('current').slice(0, n) },
        { name: 'sensor_03', y: points('sensor_03').slice(0, n) },
      ]);
      expect(await attribute()).toBe('current,sensor_03');
    } finally {
      await first?.stop();
      await second?.stop();
    }
  }, 60_000);
});

describeIfAvailable('<realtime-graph> column chooser on the bundled 52-sensor stream', browserMissing, () => {
  // The bundled config and data, as `npm start` serves them, on a free port.
  const suite = browserSuite(async () => {
    const daemon = await startDaemon({ config: [bundledConfig], port: 0, logger: pino({ level: 'silent' }) });
    return { ...daemon, stop: () => daemon.close() };
  });
  /** pump-sensors' columns as config/default.yaml gives them: `name (unit)`. */
  const sensors = (
    parse(readFileSync(bundledConfig, 'utf8')).streams.find((s: { id: string }) => s.id === 'pump-sensors').columns as (
      | { column: string; unit?: string; type?: string }
      | string
    )[]
  ).flatMap((c) => (typeof c === 'string' || c.type === 'text' ? [] : [`${c.column}${c.unit ? ` (${c.unit})` : ''}`]));

  it('lists the 52 sensors with their units, and narrows them to a unit (docs/screenshot-columns.png)', async () => {
    const page = await suite.visit(`${suite.daemon.url}/?stream=pump-sensors&columns=sensor_01,sensor_02,sensor_03`, {
      viewport: { width: 1100, height: 640 },
    });
    const graph = page.locator('realtime-graph');
    await graph.locator('[part~=start-button]').click();
    const names = () =>
      page.evaluate(() =>
        (
          (
            document.querySelector('realtime-graph')!.shadowRoot!.querySelector('.js-plotly-plot') as HTMLElement & {
              data?: { name: string; x: unknown[] }[];
            }
          ).data ?? []
        ).map((t) => `${t.name}: ${t.x.length > 10}`),
      );
    await expect.poll(names, { timeout: 15_000 }).toEqual(['sensor_01: true', 'sensor_02: true', 'sensor_03: true']);
    await graph.locator('[part~=columns-button]').click();
    const listed = () =>
      graph
        .locator('[part=columns-option]')
        .evaluateAll((labels) =>
          labels.map((l) => `${(l.querySelector('input') as HTMLInputElement).checked ? '[x]' : '[ ]'} ${l.textContent}`),
        );
    expect(sensors).toHaveLength(52);
    const checked = ['sensor_01', 'sensor_02', 'sensor_03'];
    expect(await listed()).toEqual(
      sensors.map((s) => `${checked.includes(s.split(' ')[0]!) ? '[x]' : '[ ]'} ${s.replace(' (', '').replace(')', '')}`),
    );
    await graph.locator('[part=columns-search]').fill('°C');
    expect(await listed()).toEqual(
      sensors.filter((s) => s.endsWith('(°C)')).map((s) => `${checked.includes(s.split(' ')[0]!) ? '[x]' : '[ ]'} ${s.split(' ')[0]}°C`),
    );
    expect(await listed()).toHaveLength(18);
    await saveScreenshot(graph, 'screenshot-columns.png');
  });
});
