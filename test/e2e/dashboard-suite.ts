// What the dashboard's browser tests share: a daemon on a config directory of its own (so that a
// test can rewrite the dashboard's file), and readers of the charts and tiles inside the dashboard.
import type { Page } from 'playwright-core';
import pino from 'pino';
import { stringify } from 'yaml';
import { startDaemon } from '../../src/main.js';
import { tempDir } from '../helpers/temp.js';
import { browserSuite, type BrowserSuite, type SuiteDaemon } from './element-suite.js';

export interface DashboardDaemon extends SuiteDaemon {
  /** Writes a file of the config directory (`dash.yaml`…); the daemon reloads by itself. */
  writeConfig(name: string, content: unknown): Promise<void>;
  reload(): Promise<{ ok: boolean }>;
}

/** A browser suite on a daemon whose config directory holds `server` (port 0), `streams`, `dashboards` (in dash.yaml) and the data `files`. */
export function dashboardSuite(setup: {
  server?: Record<string, unknown>;
  streams: Record<string, unknown>[];
  dashboards: Record<string, unknown>[];
  files: Record<string, string>;
}): BrowserSuite<DashboardDaemon> {
  return browserSuite(async () => {
    const dir = await tempDir();
    for (const [name, content] of Object.entries(setup.files)) await dir.write(`data/${name}`, content);
    await dir.write('config/00-server.yaml', stringify({ server: { port: 0, host: '127.0.0.1', dataDir: '../data', ...setup.server } }));
    await dir.write('config/streams.yaml', stringify({ streams: setup.streams }));
    await dir.write('config/dash.yaml', stringify({ dashboards: setup.dashboards }));
    const daemon = await startDaemon({ config: [dir.path('config')], logger: pino({ level: 'silent' }) });
    return {
      url: daemon.url,
      reload: () => daemon.reload(),
      async writeConfig(name, content) {
        await dir.write(`config/${name}`, typeof content === 'string' ? content : stringify(content));
      },
      async stop() {
        await daemon.close();
        await dir.remove();
      },
    };
  });
}

/** A chart panel's points (x in epoch ms) of trace `trace`, the `index`th chart of the dashboard. */
export function chartTrace(page: Page, index: number, trace = 0): Promise<{ x: (number | null)[]; y: (number | null)[] }> {
  return page.evaluate(
    ([index, trace]) => {
      const chart = document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')[index];
      const plot = chart?.shadowRoot?.querySelector('.js-plotly-plot') as
        | (HTMLElement & { data?: { x: (Date | string | null)[]; y: (number | null)[] }[] })
        | null;
      const t = plot?.data?.[trace];
      if (!t) return { x: [], y: [] };
      // Dates are shifted so that Plotly shows UTC (see plotly-time.ts): undo it; strings are the daemon's ISO times.
      const ms = (v: Date | string | null) =>
        v === null ? null : typeof v === 'string' ? Date.parse(v) : v.getTime() - v.getTimezoneOffset() * 60_000;
      return { x: t.x.map(ms), y: t.y.slice() };
    },
    [index, trace] as const,
  );
}

/** Each chart's x-axis as drawn: `[fromMs, toMs]` while it shows a range of its own (autorange off), else null. */
export function chartRanges(page: Page): Promise<([number, number] | null)[]> {
  return page.evaluate(() =>
    [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll('realtime-graph')].map((chart) => {
      const plot = chart.shadowRoot?.querySelector('.js-plotly-plot') as
        | (HTMLElement & { layout?: { xaxis?: { autorange?: unknown; range?: string[] } } })
        | null;
      const axis = plot?.layout?.xaxis;
      if (axis?.autorange !== false || !axis.range) return null;
      const ms = (v: string) => Date.parse(`${v.replace(' ', 'T')}Z`);
      return [ms(axis.range[0]!), ms(axis.range[1]!)] as [number, number];
    }),
  );
}

/** The text of part `part` of each tile `tag` of the dashboard, whitespace collapsed. */
export function tileTexts(page: Page, tag: 'rg-value-tile' | 'rg-state-tile', part: string): Promise<string[]> {
  return page.evaluate(
    ([tag, part]) =>
      [...document.querySelector('realtime-dashboard')!.shadowRoot!.querySelectorAll(tag)].map(
        (tile) => tile.shadowRoot?.querySelector(`[part~=${part}]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      ),
    [tag, part] as const,
  );
}

/**
 * Zooms chart `index` to [from, to] (epoch ms) through Plotly's own API, as a drag does (Plotly
 * fires plotly_relayout as for the user's gesture). A string, so that vitest's transform leaves the
 * page's dynamic import alone.
 */
export function zoomChart(page: Page, index: number, from: number, to: number): Promise<unknown> {
  const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  return page.evaluate(`(async () => {
    const url = performance.getEntriesByType('resource').map((e) => e.name).find((name) => /plotly/i.test(name));
    const Plotly = (await import(url)).default;
    const chart = document.querySelector('realtime-dashboard').shadowRoot.querySelectorAll('realtime-graph')[${index}];
    await Plotly.relayout(chart.shadowRoot.querySelector('.js-plotly-plot'), { 'xaxis.range[0]': '${utc(from)}', 'xaxis.range[1]': '${utc(to)}' });
  })()`);
}

/** Counts the EventSources the page constructs, by URL (an init script: runs before the page's own). */
export function countEventSources(): void {
  const Native = window.EventSource;
  const opened: string[] = [];
  (window as unknown as { __eventSources: string[] }).__eventSources = opened;
  window.EventSource = class extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      opened.push(String(url));
    }
  } as typeof EventSource;
}

export function eventSources(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __eventSources: string[] }).__eventSources.slice());
}

/** The text of the dashboard's own part `part` (not of its panels'), or null when it has none. */
export function dashboardText(page: Page, part: string): Promise<string | null> {
  return page.evaluate(
    (part) => document.querySelector('realtime-dashboard')?.shadowRoot?.querySelector(`[part~=${part}]`)?.textContent?.trim() ?? null,
    part,
  );
}
