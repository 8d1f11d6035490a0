import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { dataRows } from '../helpers/sse-events.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';
import { brokerUrl, describeWithMqtt, mqttDaemons, uniqueRoot } from './helpers.js';

// The command line runs dist/: build first (node scripts/build.mjs).
const CLI = fileURLToPath(new URL('../../bin/realtime-graph.js', import.meta.url));
const daemons = mqttDaemons();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await daemons.stopAll();
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile('node', [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, ms: Date.now() - started });
    });
  });
}

async function csvFile(rows: number): Promise<string> {
  const dir = await tempDir();
  cleanup.push(() => dir.remove());
  return dir.write('p.csv', pumpCsv(rows, ['sensor_04', 'sensor_18']));
}

const COLUMNS = ['timestamp', 'sensor_04', 'sensor_18'];
const minute = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();

describeWithMqtt('realtime-graph produce --mqtt', () => {
  it('publishes a CSV file at the given pace, one JSON object per row on a topic', async () => {
    const file = await csvFile(20);
    const topic = `${uniqueRoot()}/rows`;
    const { watch } = await daemons.start({ subscriptions: [{ topic }], timestamp: 'field' }, COLUMNS);
    const sse = await watch();
    const result = await cli(['produce', file, '--mqtt', brokerUrl(), '--topic', topic, '--rate', '40']);
    expect(result.code, result.stderr).toBe(0);
    // 20 rows at 40 rows/s: the last is due 475 ms after the first
    expect(result.ms).toBeGreaterThanOrEqual(450);
    await sse.until((events) => dataRows(events, COLUMNS).length >= 20);
    const rows = dataRows(sse.events, COLUMNS);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toEqual({ timestamp: minute(0), sensor_04: 0, sensor_18: 0.03 });
    expect(rows.map((r) => r.timestamp)).toEqual(Array.from({ length: 20 }, (_, i) => minute(i)));
  });

  it('publishes one message per sensor per row on a topic template, retained: a new stream starts with the last values', async () => {
    const file = await csvFile(5);
    const root = uniqueRoot();
    const live = await daemons.start({ subscriptions: [{ topic: `${root}/pump1/+`, column: '{3}' }], timestamp: 'field' }, COLUMNS);
    const sse = await live.watch();
    const result = await cli([
      'produce',
      file,
      '--mqtt',
      brokerUrl(),
      '--topic',
      `${root}/pump1/{column}`,
      '--format',
      'json',
      '--rate',
      'unlimited',
      '--retain',
      '--qos',
      '1',
    ]);
    expect(result.code, result.stderr).toBe(0);
    await sse.until((events) => dataRows(events, COLUMNS).length >= 10);
    // Two messages per row (sensor_04, then sensor_18), each making a wide row.
    const rows = dataRows(sse.events, COLUMNS);
    expect(rows.slice(0, 4)).toEqual([
      { timestamp: minute(0), sensor_04: 0, sensor_18: null },
      { timestamp: minute(0), sensor_04: 0, sensor_18: 0.03 },
      { timestamp: minute(1), sensor_04: 0.07, sensor_18: 0.03 },
      { timestamp: minute(1), sensor_04: 0.07, sensor_18: 0.1 },
    ]);
    expect(rows).toHaveLength(10);

    // Retained: a stream started afterwards gets the last row's values at once.
    const later = await daemons.start({ subscriptions: [{ topic: `${root}/pump1/+`, column: '{3}' }], sampleMs: 50 }, COLUMNS);
    const second = await later.watch();
    await second.until((events) => dataRows(events, COLUMNS).some((r) => r.sensor_18 !== null && r.sensor_04 !== null));
    const first = dataRows(second.events, COLUMNS).find((r) => r.sensor_18 !== null && r.sensor_04 !== null)!;
    expect({ sensor_04: first.sensor_04, sensor_18: first.sensor_18 }).toEqual({ sensor_04: 0.28, sensor_18: 0.31 });
  });

  it('says what is wrong in one line, without a stack trace', async () => {
    expect((await cli(['produce', 'data/pump_raw.csv', '--mqtt', brokerUrl(), '--topic', 't', '--qos', '3'])).stderr).toBe(
      'realtime-graph: --qos must be 0, 1 or 2 (got 3)\n',
    );
    expect((await cli(['produce', 'data/pump_raw.csv', '--mqtt', 'http://x', '--topic', 't'])).stderr).toBe(
      'realtime-graph: --mqtt must be an mqtt://, mqtts://, ws:// or wss:// URL (got http://x)\n',
    );
    expect((await cli(['produce', 'data/pump_raw.csv', '--topic', 't', '--retain'])).stderr).toBe(
      'realtime-graph: --qos and --retain need --mqtt\n',
    );
    const unreachable = await cli(['produce', 'data/pump_raw.csv', '--mqtt', 'mqtt://127.0.0.1:9', '--topic', 't']);
    expect(unreachable.code).not.toBe(0);
    expect(unreachable.stderr).toMatch(/^realtime-graph: cannot connect to 127\.0\.0\.1:9: .*\n$/);
  });
});
