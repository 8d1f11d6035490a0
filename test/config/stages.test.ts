import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { defaultPlugins } from '../../src/plugins.js';
import { tempDir } from '../helpers/temp.js';

const plugins = defaultPlugins();
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => (dir = await tempDir()));
afterEach(() => dir.remove());

/** The problems of a config whose one stream (id "pump") has these extra settings, one message a line. */
async function problemsOf(extra: Record<string, unknown>): Promise<string[]> {
  const stream = {
    id: 'pump',
    source: { type: 'csv', file: 'a.csv' },
    columns: ['timestamp', 'sensor_04', { column: 'machine_status', type: 'text' }],
    ...extra,
  };
  await dir.write('a.yaml', stringify({ streams: [stream] }));
  try {
    await loadConfig([dir.path('a.yaml')], plugins);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n').map((line) => line.replace(/^.*a\.yaml: /, ''));
  }
  throw new Error('the config was accepted');
}

describe('stages, states and alerts in config', () => {
  it('accepts a chain where each stage reads source columns or earlier outputs', async () => {
    await dir.write(
      'a.yaml',
      stringify({
        streams: [
          {
            id: 'pump',
            source: { type: 'csv', file: 'a.csv' },
            columns: ['timestamp', 'sensor_04', { column: 'machine_status', type: 'text' }],
            stages: [
              { type: 'scale', column: 'sensor_04' },
              { type: 'zscore', column: 'sensor_04_scaled', window: '30m', as: 'z' },
            ],
            states: { column: 'machine_status', unshaded: ['NORMAL'] },
            alerts: [{ name: 'low', column: 'z', below: -3, for: '2m' }],
          },
        ],
      }),
    );
    const config = await loadConfig([dir.path('a.yaml')], plugins);
    expect(config.streams[0]!.stages.map((s) => s.type)).toEqual(['scale', 'zscore']);
    expect(config.streams[0]!.alerts).toEqual([{ name: 'low', column: 'z', below: -3, for: '2m' }]);
  });

  it("knows the columns each stage type writes: a rolling stage's <as>_<stat>, a clip's <column>_clipped", async () => {
    const stages = [
      { type: 'rolling', column: 'sensor_04', window: 5, stats: ['min', 'max'], as: 'r' },
      { type: 'clip', column: 'r_max', max: 10 },
    ];
    expect(await problemsOf({ stages, alerts: [{ name: 'high', column: 'r_max_clipped', above: 9 }] }).catch(String)).toBe(
      'Error: the config was accepted',
    );
    expect(await problemsOf({ stages, alerts: [{ name: 'high', column: 'r_mean', above: 9 }] })).toEqual([
      'streams[0] (id "pump").alerts[0].column: unknown column "r_mean" (columns here: timestamp, sensor_04, machine_status, r_min, r_max, r_max_clipped)',
    ]);
  });

  it('names the stream, the stage path and the unknown input column', async () => {
    expect(await problemsOf({ stages: [{ type: 'diff', column: 'sensor_99' }] })).toEqual([
      'streams[0] (id "pump").stages[0].column: unknown column "sensor_99" (columns here: timestamp, sensor_04, machine_status)',
    ]);
  });

  it('rejects an output that collides with a column', async () => {
    expect(await problemsOf({ stages: [{ type: 'ewma', column: 'sensor_04', alpha: 0.2, as: 'machine_status' }] })).toEqual([
      'streams[0] (id "pump").stages[0].as: output column "machine_status" is already a column of the stream',
    ]);
  });

  it('rejects windows of zero or less, in rows or in time', async () => {
    expect(
      await problemsOf({
        stages: [
          { type: 'rolling', column: 'sensor_04', window: 0 },
          { type: 'zscore', column: 'sensor_04', window: '0m' },
          { type: 'zscore', column: 'sensor_04', window: -5, as: 'z2' },
        ],
      }),
    ).toEqual([
      'streams[0] (id "pump").stages[0].window: must be greater than zero (rows)',
      'streams[0] (id "pump").stages[1].window: must be greater than zero',
      'streams[0] (id "pump").stages[2].window: must be greater than zero (rows)',
    ]);
  });

  it("checks that an anomaly stage's ignore.column names a column of the stream, not the time", async () => {
    const anomaly = (column: string) => ({
      type: 'anomaly',
      columns: ['sensor_04'],
      as: `a_${column}`,
      ignore: { column, values: ['BROKEN'] },
    });
    expect(await problemsOf({ stages: [anomaly('machine_status')] }).catch(String)).toBe('Error: the config was accepted');
    expect(await problemsOf({ stages: [anomaly('status'), anomaly('timestamp')] })).toEqual([
      'streams[0] (id "pump").stages[0].ignore.column: unknown column "status" (columns here: timestamp, sensor_04, machine_status)',
      'streams[0] (id "pump").stages[1].ignore.column: "timestamp" is the time column',
    ]);
  });

  it('rejects a stage that reads a column only a later stage defines', async () => {
    expect(
      await problemsOf({
        stages: [
          { type: 'zscore', column: 'sensor_04_scaled', window: 10 },
          { type: 'scale', column: 'sensor_04' },
        ],
      }),
    ).toEqual(['streams[0] (id "pump").stages[0].column: "sensor_04_scaled" is defined by a later stage (stages[1]); move this after it']);
  });

  it('rejects a derive stage or an alert on a text column, and an unknown state column', async () => {
    expect(
      await problemsOf({
        stages: [{ type: 'diff', column: 'machine_status' }],
        states: { column: 'status' },
        alerts: [{ name: 'a', column: 'timestamp', above: 1 }],
      }),
    ).toEqual([
      'streams[0] (id "pump").stages[0].column: "machine_status" is a text column; this needs a number column',
      'streams[0] (id "pump").states.column: unknown column "status"',
      'streams[0] (id "pump").alerts[0].column: "timestamp" is a time column; this needs a number column',
    ]);
  });

  it('checks alert rules: one of above/below, a resolve level on the safe side, unique names', async () => {
    expect(
      await problemsOf({
        alerts: [
          { name: 'a', column: 'sensor_04', above: 1, below: 0 },
          { name: 'b', column: 'sensor_04', above: 1, resolve: 2 },
        ],
      }),
    ).toEqual([
      'streams[0] (id "pump").alerts[0].above: give above or below (one of them)',
      'streams[0] (id "pump").alerts[1].resolve: resolve must be on the safe side of the threshold (≤ above, ≥ below)',
    ]);
    expect(
      await problemsOf({
        alerts: [
          { name: 'a', column: 'sensor_04', above: 1 },
          { name: 'a', column: 'sensor_04', below: 0 },
        ],
      }),
    ).toEqual(['streams[0] (id "pump").alerts[1].name: alert name "a" is used twice']);
  });
});
