import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.js';
import { connectSse } from '../helpers/sse-client.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';
import { brokers, createTopic, describeWithKafka } from './helpers.js';

const CLI = fileURLToPath(new URL('../../bin/realtime-graph.js', import.meta.url));
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile('node', [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, ms: Date.now() - started });
    });
  });
}

async function readTopic(topic: string, source: Record<string, unknown>, rows: number): Promise<Record<string, unknown>[]> {
  const daemon: TestDaemon = await startTestDaemon({
    streams: [
      {
        id: 'k',
        source: { type: 'kafka', brokers: brokers(), topic, start: 'earliest', ...source },
        columns: ['timestamp', 'sensor_04', 'sensor_18'],
        batch: { aboveRate: 1e6 },
      },
    ],
  });
  cleanup.push(() => daemon.stop());
  const sse = await connectSse(`${daemon.url}/api/streams/k/events`);
  cleanup.push(() => sse.close());
  await sse.until((events) => events.filter((e) => e.event === 'update').length >= rows, 20_000);
  return sse.events.filter((e) => e.event === 'update').map((e) => JSON.parse(e.data));
}

describeWithKafka('realtime-graph produce', () => {
  it('publishes a CSV file to a topic at the given pace, one JSON object per row', async () => {
    const dir = await tempDir();
    cleanup.push(() => dir.remove());
    const file = await dir.write('p.csv', pumpCsv(20, ['sensor_04', 'sensor_18']));
    const topic = await createTopic();
    const result = await cli(['produce', file, '--topic', topic, '--brokers', brokers().join(','), '--rate', '40']);
    expect(result.code, result.stderr).toBe(0);
    // 20 rows at 40 rows/s: the last is due 475 ms after the first
    expect(result.ms).toBeGreaterThanOrEqual(450);
    const rows = await readTopic(topic, {}, 20);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toEqual({ timestamp: '2024-01-01T00:00:00.000Z', sensor_04: 0, sensor_18: 0.03 });
    expect(rows[19]!.timestamp).toBe('2024-01-01T00:19:00.000Z');
  });

  it('publishes CSV lines with --format csv', async () => {
    const dir = await tempDir();
    cleanup.push(() => dir.remove());
    const file = await dir.write('p.csv', pumpCsv(5, ['sensor_04', 'sensor_18']));
    const topic = await createTopic();
    const result = await cli([
      'produce',
      file,
      '--topic',
      topic,
      '--brokers',
      brokers().join(','),
      '--rate',
      'unlimited',
      '--format',
      'csv',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const rows = await readTopic(topic, { format: 'csv', fields: ['timestamp', 'sensor_04', 'sensor_18'] }, 5);
    expect(rows.map((r) => r.sensor_18)).toEqual([0.03, 0.1, 0.17, 0.24, 0.31]);
  });

  it('says what is wrong in one line, without a stack trace', async () => {
    const missingTopic = await cli(['produce', 'data/pump_raw.csv']);
    expect(missingTopic.code).not.toBe(0);
    expect(missingTopic.stderr).toBe('realtime-graph: produce needs --topic\n');
    const missingFile = await cli(['produce', 'nope.csv', '--topic', 't']);
    expect(missingFile.stderr).toBe('realtime-graph: no such file: nope.csv\n');
  });
});
