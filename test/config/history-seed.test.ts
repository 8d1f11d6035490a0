import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { defaultRegistry } from '../../src/sources/registry.js';
import { startTestDaemon } from '../helpers/daemon.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

const registry = defaultRegistry();
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => (dir = await tempDir()));
afterEach(() => dir.remove());

const kafka = { type: 'kafka', brokers: ['127.0.0.1:9'], topic: 't' };
const csv = { type: 'csv', file: 'p.csv', rate: 5 };

function streamWith(source: Record<string, unknown>, history: Record<string, unknown>, columns: unknown[] = ['timestamp', 'sensor_04']) {
  return stringify({ streams: [{ id: 'pump-1', source, columns, history }] });
}

async function problemsOf(text: string): Promise<string> {
  await dir.write('a.yaml', text);
  try {
    await loadConfig([dir.path('a.yaml')], registry);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the config was accepted');
}

describe('history.seedFromTopic', () => {
  it('is read as a duration for a kafka stream', async () => {
    await dir.write('a.yaml', streamWith(kafka, { seedFromTopic: '1h' }));
    const config = await loadConfig([dir.path('a.yaml')], registry);
    expect(config.streams[0]!.history).toMatchObject({ rows: 120, seedFromTopicMs: 3_600_000 });
  });

  it.each([
    ['a csv stream', streamWith(csv, { seedFromTopic: '1h' }), /only kafka streams can seed their history from the topic; this stream's source is csv/],
    ['an mqtt stream', streamWith({ type: 'mqtt', url: 'mqtt://127.0.0.1:1883', subscriptions: [{ topic: 'a/b' }] }, { seedFromTopic: '1h' }), /this stream's source is mqtt/],
    ['a stream without a time column', streamWith(kafka, { seedFromTopic: '1h' }, ['sensor_04']), /needs a time column/],
  ])('is rejected for %s, naming the file, the stream and the path', async (_what, text, message) => {
    const problems = await problemsOf(text);
    expect(problems).toMatch(/a\.yaml: streams\[0\] \(id "pump-1"\)\.history\.seedFromTopic: /);
    expect(problems).toMatch(message);
  });

  it('is rejected when longer than the history keeps, or not a duration', async () => {
    expect(await problemsOf(streamWith(kafka, { seedFromTopic: '2h', keep: { duration: '1h' } }))).toMatch(
      /a\.yaml: streams\[0\] \(id "pump-1"\)\.history\.seedFromTopic: at most history\.keep\.duration \(1h\)/,
    );
    expect(await problemsOf(streamWith(kafka, { seedFromTopic: 'an hour' }))).toMatch(/history\.seedFromTopic: a duration such as 90s/);
  });

  it('is rejected on a hot reload, and the running config stays', async () => {
    const daemon = await startTestDaemon({ streams: [{ id: 'a', source: csv, columns: ['timestamp', 'sensor_04'] }], files: { 'p.csv': pumpCsv(5) } });
    try {
      await writeFile(daemon.configFile, stringify({ server: { port: 0, dataDir: '../data' }, streams: [{ id: 'a', source: csv, columns: ['timestamp', 'sensor_04'], history: { seedFromTopic: '1h' } }] }));
      const result = await daemon.reload();
      expect(result.ok).toBe(false);
      const rejected = daemon.logs.filter((l) => l.msg === 'config reload rejected; the running config stays').at(-1)!;
      expect((rejected.problems as string[]).join('\n')).toMatch(/test\.yaml: streams\[0\] \(id "a"\)\.history\.seedFromTopic: only kafka streams/);
      expect(daemon.hub.get('a')!.config.history.seedFromTopicMs).toBeUndefined();
    } finally {
      await daemon.stop();
    }
  });
});
