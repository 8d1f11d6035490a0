import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { changedDashboards, type DashboardConfig, dashboardInfo } from '../../src/config/dashboards.js';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { defaultPlugins } from '../../src/plugins.js';
import { tempDir } from '../helpers/temp.js';

const plugins = defaultPlugins();
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
  await dir.write('a.csv', 'timestamp,sensor_04,status\n2024-01-01 00:00:00,1,NORMAL\n');
});
afterEach(() => dir.remove());

const streams = {
  streams: [
    {
      id: 'pump-1',
      source: { type: 'csv', file: 'a.csv', rate: 5 },
      columns: ['timestamp', { column: 'sensor_04', unit: 'A' }, { column: 'status', type: 'text' }],
      stages: [{ type: 'zscore', column: 'sensor_04', window: 10, as: 'z', unit: 'σ' }],
    },
    { id: 'pump-2', source: { type: 'csv', file: 'a.csv', rate: 5 }, columns: ['timestamp', 'sensor_04'] },
  ],
};

async function load(files: Record<string, unknown>) {
  for (const [name, value] of Object.entries(files)) await dir.write(name, typeof value === 'string' ? value : stringify(value));
  return loadConfig([dir.root], plugins, {});
}

async function problemsOf(files: Record<string, unknown>): Promise<string[]> {
  try {
    await load(files);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.replaceAll(`${dir.root}/`, '').split('\n');
  }
  throw new Error('the config was accepted');
}

const dashboard = (panels: unknown[], extra: Record<string, unknown> = {}) => ({
  dashboards: [{ id: 'plant', title: 'Plant', panels, ...extra }],
});

describe('dashboards in config files', () => {
  it('fills the defaults and gives every panel kind the one form clients read', async () => {
    const config = await load({
      'a.yaml': streams,
      'b.yaml': dashboard([
        { type: 'chart', stream: 'pump-1', x: 0, y: 0, w: 8 },
        { type: 'chart', streams: ['pump-1', 'pump-2'], columns: ['sensor_04'], layout: 'stack', window: 50, h: 6 },
        { type: 'value', stream: 'pump-1', column: 'z', sparkline: '90s', colors: [{ below: -3, color: '#d62728' }] },
        { type: 'value', stream: 'pump-2', column: 'sensor_04', sparkline: false, decimals: 2, unit: 'bar' },
        { type: 'state', stream: 'pump-1', title: 'State' },
      ]),
    });
    expect(config.dashboards.map(dashboardInfo)).toEqual([
      {
        id: 'plant',
        title: 'Plant',
        columns: 12,
        rowHeight: 80,
        panels: [
          { type: 'chart', streams: ['pump-1'], layout: 'overlay', window: 600, x: 0, y: 0, w: 8, h: 4 },
          { type: 'chart', streams: ['pump-1', 'pump-2'], columns: ['sensor_04'], layout: 'stack', window: 50, w: 6, h: 6 },
          { type: 'value', stream: 'pump-1', column: 'z', sparklineMs: 90_000, colors: [{ below: -3, color: '#d62728' }], w: 6, h: 4 },
          { type: 'value', stream: 'pump-2', column: 'sensor_04', sparklineMs: 0, decimals: 2, unit: 'bar', colors: [], w: 6, h: 4 },
          { type: 'state', stream: 'pump-1', title: 'State', w: 6, h: 4 },
        ],
      },
    ]);
    expect(config.dashboards[0]!.file).toMatch(/b\.yaml$/);
  });

  it('passes column units and stage units on to the stream', async () => {
    const config = await load({ 'a.yaml': streams });
    expect(config.streams[0]!.columns[1]).toEqual({ from: 'sensor_04', as: 'sensor_04', type: 'number', axis: 'y', unit: 'A' });
    expect(config.streams[0]!.stages[0]).toMatchObject({ type: 'zscore', unit: 'σ' });
  });

  it('names the file and the field of every problem, with the dashboard id', async () => {
    const problems = await problemsOf({
      'a.yaml': streams,
      'b.yaml': dashboard([
        { type: 'chart', stream: 'pump-9' },
        { type: 'chart', stream: 'pump-2', columns: ['sensor_04', 'nope'] },
        { type: 'value', stream: 'pump-1', column: 'status' },
        { type: 'value', stream: 'pump-1', column: 'missing' },
        { type: 'chart', streams: ['pump-1', 'pump-7'] },
      ]),
    });
    expect(problems).toEqual([
      'b.yaml: dashboards[0] (id "plant").panels[0].stream: no stream "pump-9" (streams: pump-1, pump-2)',
      'b.yaml: dashboards[0] (id "plant").panels[1].columns[1]: no stream of this chart has a column "nope"',
      'b.yaml: dashboards[0] (id "plant").panels[2].column: "status" is a text column; a value tile needs a number column',
      'b.yaml: dashboards[0] (id "plant").panels[3].column: stream "pump-1" has no column "missing" (columns: sensor_04, status, z)',
      'b.yaml: dashboards[0] (id "plant").panels[4].streams: no stream "pump-7" (streams: pump-1, pump-2)',
    ]);
  });

  it('rejects what the schema forbids, at the field', async () => {
    const problems = await problemsOf({
      'a.yaml': streams,
      'b.yaml': dashboard([
        { type: 'chart', stream: 'pump-1', streams: ['pump-2'] },
        { type: 'gauge', stream: 'pump-1' },
        { type: 'value', stream: 'pump-1', column: 'z', colors: [{ color: 'red' }] },
        { type: 'chart', stream: 'pump-1', layout: 'grid', w: 0 },
      ]),
    });
    expect(problems.map((p) => p.split(': ').slice(0, 2).join(': '))).toEqual([
      'b.yaml: dashboards[0] (id "plant").panels[0]',
      'b.yaml: dashboards[0] (id "plant").panels[1].type',
      'b.yaml: dashboards[0] (id "plant").panels[2].colors[0]',
      'b.yaml: dashboards[0] (id "plant").panels[3].layout',
      'b.yaml: dashboards[0] (id "plant").panels[3].w',
    ]);
    expect(problems[0]).toMatch(/name the stream \(stream: id\) or the streams \(streams: \[ids\]\), not both$/);
    expect(problems[2]).toMatch(/give above, below or both$/);
  });

  it('refuses a dashboard id used twice, naming the file of the first', async () => {
    const problems = await problemsOf({
      'a.yaml': { ...streams, ...dashboard([{ type: 'state', stream: 'pump-1' }]) },
      'b.yaml': dashboard([{ type: 'state', stream: 'pump-2' }]),
    });
    expect(problems).toEqual([`b.yaml: dashboards[0] (id "plant").id: dashboard id "plant" is already used in a.yaml`]);
  });
});

describe('changedDashboards', () => {
  const make = (id: string, title: string): DashboardConfig => ({ id, title, columns: 12, rowHeight: 80, panels: [], file: 'x.yaml' });

  it('lists the added, removed and changed ids, not the unchanged or merely moved ones', () => {
    expect(changedDashboards([make('a', 'A'), make('b', 'B'), make('c', 'C')], [make('c', 'C'), make('b', 'B2'), make('d', 'D')])).toEqual([
      'b',
      'd',
      'a',
    ]);
    expect(changedDashboards([make('a', 'A')], [{ ...make('a', 'A'), file: 'moved.yaml' }])).toEqual([]);
  });
});
