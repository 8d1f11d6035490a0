import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { defaultPlugins } from '../../src/plugins.js';
import { startTestDaemon } from '../helpers/daemon.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

const plugins = defaultPlugins();
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => (dir = await tempDir()));
afterEach(() => dir.remove());

const stream = `
streams:
  - id: pump-1
    source: { type: csv, file: a.csv, rate: 5 }
    columns: [timestamp, sensor_04]
`;

async function problemsOf(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<string> {
  for (const [name, text] of Object.entries(files)) await dir.write(name, text);
  try {
    await loadConfig([dir.root], plugins, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the config was accepted');
}

describe('loadConfig', () => {
  it('fills defaults and normalizes columns', async () => {
    await dir.write('a.yaml', stream);
    const config = await loadConfig([dir.path('a.yaml')], plugins);
    expect(config.server).toMatchObject({ port: 5001, host: '127.0.0.1', heartbeatMs: 15_000 });
    const [s] = config.streams;
    expect(s).toMatchObject({
      id: 'pump-1',
      title: 'pump-1',
      autostart: false,
      history: { rows: 120, keep: { durationMs: 86_400_000, rows: 1_000_000, bytes: 32 * 1024 * 1024 } },
    });
    expect(s!.source).toMatchObject({ type: 'csv', file: 'a.csv', rate: 5, loop: false, startRow: 0 });
    expect(s!.columns).toEqual([
      { from: 'timestamp', as: 'timestamp', type: 'time', axis: 'y' },
      { from: 'sensor_04', as: 'sensor_04', type: 'number', axis: 'y' },
    ]);
  });

  it('reads JSON as well as YAML, and merges a directory of files', async () => {
    await dir.write('a.yaml', stream);
    await dir.write(
      'b.json',
      JSON.stringify({ streams: [{ id: 'pump-2', source: { type: 'csv', file: 'b.csv' }, columns: ['timestamp', 'x'] }] }),
    );
    await dir.write('notes.txt', 'ignored');
    const config = await loadConfig([dir.root], plugins);
    expect(config.streams.map((s) => s.id)).toEqual(['pump-1', 'pump-2']);
    expect(config.files).toHaveLength(2);
  });

  it('names the file and line of invalid YAML', async () => {
    expect(await problemsOf({ 'bad.yaml': 'streams:\n  - id: [unclosed\n' })).toMatch(/bad\.yaml: invalid YAML at line \d+/);
  });

  it('names the file and the field of a bad value, with the stream id', async () => {
    const message = await problemsOf({ 'bad.yaml': stream.replace('rate: 5', 'rate: -5') });
    expect(message).toMatch(/bad\.yaml: streams\[0\] \(id "pump-1"\)\.source\.rate: /);
    expect(message).toMatch(/>\s*0|positive|greater/i);
  });

  it('names an unknown source type', async () => {
    const message = await problemsOf({ 'bad.yaml': stream.replace('type: csv', 'type: carrier-pigeon') });
    expect(message).toMatch(/bad\.yaml: streams\[0\] \(id "pump-1"\)\.source/);
    expect(message).toMatch(/csv/);
  });

  it('rejects unknown fields (typos) instead of ignoring them', async () => {
    const message = await problemsOf({ 'bad.yaml': stream.replace('rate: 5', 'rat: 5') });
    expect(message).toMatch(/streams\[0\] \(id "pump-1"\)\.source.*rat/);
  });

  it('rejects bad stream ids, duplicate ids and duplicate column names', async () => {
    expect(await problemsOf({ 'a.yaml': stream.replace('id: pump-1', 'id: ../etc') })).toMatch(/streams\[0\].*\.id/);
    await dir.remove();
    dir = await tempDir();
    expect(await problemsOf({ 'a.yaml': stream, 'b.yaml': stream })).toMatch(
      /b\.yaml: streams\[0\]\.id: stream id "pump-1" is already used in .*a\.yaml/,
    );
    await dir.remove();
    dir = await tempDir();
    expect(await problemsOf({ 'a.yaml': stream.replace('[timestamp, sensor_04]', '[timestamp, sensor_04, sensor_04]') })).toMatch(
      /columns\[2\]: column name "sensor_04" is used twice/,
    );
  });

  it('substitutes ${ENV} references and names the ones that are not set', async () => {
    await dir.write('a.yaml', stream.replace('a.csv', '"${CSV_NAME}"'));
    const config = await loadConfig([dir.root], plugins, { CSV_NAME: 'from-env.csv' });
    expect(config.streams[0]!.source.file).toBe('from-env.csv');
    expect(await problemsOf({ 'a.yaml': stream.replace('a.csv', '"${NOT_SET}"') })).toMatch(
      /streams\[0\]\.source\.file: environment variable NOT_SET is not set/,
    );
  });

  it('says when a config path does not exist', async () => {
    await expect(loadConfig([dir.path('missing.yaml')], plugins)).rejects.toThrow(/missing\.yaml: no such file or directory/);
  });
});

describe('start-up checks', () => {
  it('refuses to start when a column is not in the CSV, naming the column, the file and the stream', async () => {
    const start = startTestDaemon({
      streams: [{ id: 'pump-1', source: { type: 'csv', file: 'p.csv' }, columns: ['timestamp', 'sensor_99'] }],
      files: { 'p.csv': pumpCsv(3) },
    });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/test\.yaml: stream "pump-1".*"sensor_99" not found in p\.csv/);
  });

  it('refuses to start when a CSV file does not exist', async () => {
    const start = startTestDaemon({
      streams: [{ id: 'pump-1', source: { type: 'csv', file: 'nope.csv' }, columns: ['timestamp', 'x'] }],
    });
    await expect(start).rejects.toThrow(/stream "pump-1".*nope\.csv does not exist/);
  });
});

const kafka = { type: 'kafka', brokers: ['127.0.0.1:9'], topic: 't' };
const csv = { type: 'csv', file: 'p.csv', rate: 5 };

function streamWith(source: Record<string, unknown>, history: Record<string, unknown>, columns: unknown[] = ['timestamp', 'sensor_04']) {
  return stringify({ streams: [{ id: 'pump-1', source, columns, history }] });
}

describe('history.seedFromTopic', () => {
  it('is read as a duration for a kafka stream', async () => {
    await dir.write('a.yaml', streamWith(kafka, { seedFromTopic: '1h' }));
    const config = await loadConfig([dir.path('a.yaml')], plugins);
    expect(config.streams[0]!.history).toMatchObject({ rows: 120, seedFromTopicMs: 3_600_000 });
  });

  it.each([
    [
      'a csv stream',
      streamWith(csv, { seedFromTopic: '1h' }),
      /only kafka streams can seed their history from the topic; this stream's source is csv/,
    ],
    [
      'an mqtt stream',
      streamWith({ type: 'mqtt', url: 'mqtt://127.0.0.1:1883', subscriptions: [{ topic: 'a/b' }] }, { seedFromTopic: '1h' }),
      /this stream's source is mqtt/,
    ],
    ['a stream without a time column', streamWith(kafka, { seedFromTopic: '1h' }, ['sensor_04']), /needs a time column/],
  ])('is rejected for %s, naming the file, the stream and the path', async (_what, text, message) => {
    const problems = await problemsOf({ 'a.yaml': text });
    expect(problems).toMatch(/a\.yaml: streams\[0\] \(id "pump-1"\)\.history\.seedFromTopic: /);
    expect(problems).toMatch(message);
  });

  it('is rejected when longer than the history keeps, or not a duration', async () => {
    expect(await problemsOf({ 'a.yaml': streamWith(kafka, { seedFromTopic: '2h', keep: { duration: '1h' } }) })).toMatch(
      /a\.yaml: streams\[0\] \(id "pump-1"\)\.history\.seedFromTopic: at most history\.keep\.duration \(1h\)/,
    );
    expect(await problemsOf({ 'a.yaml': streamWith(kafka, { seedFromTopic: 'an hour' }) })).toMatch(
      /history\.seedFromTopic: a duration such as 90s/,
    );
  });

  it('is rejected on a hot reload, and the running config stays', async () => {
    const daemon = await startTestDaemon({
      streams: [{ id: 'a', source: csv, columns: ['timestamp', 'sensor_04'] }],
      files: { 'p.csv': pumpCsv(5) },
    });
    try {
      await writeFile(
        daemon.configFile,
        stringify({
          server: { port: 0, dataDir: '../data' },
          streams: [{ id: 'a', source: csv, columns: ['timestamp', 'sensor_04'], history: { seedFromTopic: '1h' } }],
        }),
      );
      const result = await daemon.reload();
      expect(result.ok).toBe(false);
      const rejected = daemon.logs.filter((l) => l.msg === 'config reload rejected; the running config stays').at(-1)!;
      expect((rejected.problems as string[]).join('\n')).toMatch(
        /test\.yaml: streams\[0\] \(id "a"\)\.history\.seedFromTopic: only kafka streams/,
      );
      expect(daemon.hub.get('a')!.config.history.seedFromTopicMs).toBeUndefined();
    } finally {
      await daemon.stop();
    }
  });
});
