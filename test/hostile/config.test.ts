import { writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startDaemon, type Daemon } from '../../src/main.js';
import { runCli } from '../helpers/cli.js';
import { connectSse } from '../helpers/sse-client.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

const good = { id: 'a', source: { type: 'csv', file: 'p.csv', rate: 20, loop: true }, columns: ['timestamp', 'sensor_04'] };

/** A bad config, and what the error must say: the file, the field, what was expected. */
const BAD: [string, string, RegExp][] = [
  ['invalid YAML', 'streams:\n  - id: a\n    source: { type: csv\n', /streams\.yaml: invalid YAML at line \d+, column \d+/],
  [
    'an unknown source type',
    stringify({ streams: [{ ...good, source: { type: 'ftp', file: 'p.csv' } }] }),
    /streams\.yaml: streams\[0\] \(id "a"\)\.source.*("csv"|csv)/,
  ],
  [
    'a negative rate',
    stringify({ streams: [{ ...good, source: { ...good.source, rate: -5 } }] }),
    /streams\.yaml: streams\[0\] \(id "a"\)\.source\.rate: Too small/,
  ],
  [
    'a missing file',
    stringify({ streams: [{ ...good, source: { ...good.source, file: 'gone.csv' } }] }),
    /streams\.yaml: stream "a" \(source\): file gone\.csv does not exist/,
  ],
  [
    'a column not in the file',
    stringify({ streams: [{ ...good, columns: ['timestamp', 'sensor_99'] }] }),
    /streams\.yaml: stream "a" \(source\): column "sensor_99" not found in p\.csv/,
  ],
  [
    'a string where a number goes',
    stringify({ streams: [{ ...good, history: 'lots' }] }),
    /streams\.yaml: streams\[0\] \(id "a"\)\.history: .*expected number/,
  ],
];

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/p.csv', pumpCsv(100));
  await dir.write('config/00-server.yaml', stringify({ server: { port: 0, dataDir: '../data' } }));
});
afterAll(() => dir.remove());

describe('hostile config at start-up', () => {
  it.each(BAD)('%s: the daemon refuses to start, naming the file and the field', async (_what, text, message) => {
    await writeFile(dir.path('config/streams.yaml'), text);
    const result = await runCli(['serve', '--config', dir.path('config')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('hostile config on hot reload', () => {
  let daemon: Daemon;
  const logs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    await writeFile(dir.path('config/streams.yaml'), stringify({ streams: [good] }));
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line));
        done();
      },
    });
    daemon = await startDaemon({ config: [dir.path('config')], logger: pino({ level: 'info' }, sink), watch: false });
  });
  afterAll(() => daemon?.close());

  it.each(BAD)('%s: rejected, logged with the file and the field, and the old config keeps running', async (_what, text, message) => {
    const viewer = await connectSse(`${daemon.url}/api/streams/a/events`);
    await viewer.until((events) => events.some((e) => e.event === 'update'));
    await writeFile(dir.path('config/streams.yaml'), text);
    const result = await daemon.reload();
    expect(result.ok).toBe(false);
    const logged = logs.filter((l) => l.msg === 'config reload rejected; the running config stays').at(-1)!;
    expect((logged.problems as string[]).join('\n')).toMatch(message);
    expect(daemon.hub.list().map((c) => c.id)).toEqual(['a']);
    const before = viewer.events.length;
    await viewer.until((events) => events.length > before + 2);
    viewer.close();
    expect(viewer.events.map((e) => e.event)).not.toContain('end');
  });
});
