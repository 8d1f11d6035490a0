import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/p.csv', pumpCsv(5));
  await dir.write(
    'good.yaml',
    `server: { dataDir: data }\nstreams:\n  - id: a\n    source: { type: csv, file: p.csv }\n    columns: [timestamp, sensor_04]\n`,
  );
  await dir.write(
    'bad.yaml',
    `streams:\n  - id: a\n    source: { type: csv, file: p.csv, rate: -2 }\n    columns: [timestamp, sensor_04]\n  - id: b\n    source: { type: nope }\n    columns: [x]\n`,
  );
});
afterAll(() => dir.remove());

const oneLine = (text: string) => {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /); // no stack trace
};

describe('realtime-graph validate', () => {
  it('exits 0 and says how many streams a good config has', async () => {
    const result = await runCli(['validate', dir.path('good.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok: 1 stream\(s\) in .*good\.yaml\n$/);
  });

  it('exits 1 and names every bad field with its file', async () => {
    const result = await runCli(['validate', dir.path('bad.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.yaml: streams\[0\] \(id "a"\)\.source\.rate: Too small: expected number to be >0/);
    expect(result.stderr).toMatch(/bad\.yaml: streams\[1\] \(id "b"\)\.source/);
    expect(result.stdout).toBe('');
  });

  it('checks the bundled configs', async () => {
    expect((await runCli(['validate', 'config/default.yaml'])).code).toBe(0);
    expect((await runCli(['validate', 'config/kafka.yaml'])).code).toBe(0);
  });
});

describe('bad input gives one clear line and a non-zero exit', () => {
  it('an unknown flag', async () => {
    const result = await runCli(['serve', '--colour']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("realtime-graph: unknown option '--colour' (try --help)\n");
  });

  it('an unknown command', async () => {
    const result = await runCli(['launch']);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
  });

  it('a missing config path', async () => {
    const result = await runCli(['serve', '--config', dir.path('missing.yaml'), '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^realtime-graph: .*missing\.yaml: no such file or directory\n$/);
  });

  it('a data directory that does not exist', async () => {
    const result = await runCli(['serve', '--config', dir.path('good.yaml'), '--port', '0', '--data-dir', dir.path('nowhere')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^realtime-graph: data directory .*nowhere does not exist\n$/);
  });

  it('a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['serve', '--config', dir.path('good.yaml'), '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`realtime-graph: port ${port} on 127.0.0.1 is already in use\n`);
    } finally {
      blocker.close();
    }
  });

  it('a bad port or log level', async () => {
    for (const args of [
      ['--port', '99999'],
      ['--log-level', 'loud'],
    ]) {
      const result = await runCli(['serve', '--config', dir.path('good.yaml'), ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      oneLine(result.stderr);
    }
  });
});

describe('information commands', () => {
  it('--version and --help', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8'));
    expect((await runCli(['--version'])).stdout).toBe(`${pkg.version}\n`);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const word of [
      'serve',
      'validate',
      'sources',
      'produce',
      '--config',
      '--port',
      '--host',
      '--data-dir',
      '--log-level',
      'RTG_PORT',
    ]) {
      expect(help.stdout).toContain(word);
    }
  });

  it('sources lists every plugin type with every config field: its type, default or requirement, and meaning', async () => {
    const result = await runCli(['sources']);
    expect(result.stdout).toMatch(/^csv: /m);
    expect(result.stdout).toMatch(/^kafka: /m);
    for (const field of ['file', 'rate', 'timestampColumn', 'brokers', 'topic', 'lastPerPartition', 'sasl', 'connectionTimeoutMs']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${field}  \\(`, 'm'));
    }
    expect(result.stdout).toContain('  rate  (number | "unlimited"; optional)\n      rows per second');
    expect(result.stdout).toContain('  file  (string; required)\n');
    expect(result.stdout).toContain('  connectionTimeoutMs  (integer; default 3000; 100 to 60000)\n      how long to wait');
    expect(result.stdout).not.toContain('(no description)');
    expect(result.stdout).toMatch(/^mqtt: [\s\S]*\n\nStage types [\s\S]*^scale: [\s\S]*^clip: /m);
  });

  it('docs/sources.md is what `sources --markdown` prints (regenerate with npm run docs)', async () => {
    const result = await runCli(['sources', '--markdown']);
    expect(result.stdout, 'docs/sources.md is stale: run npm run docs').toBe(await readFile('docs/sources.md', 'utf8'));
  });

  it('schema prints the JSON Schema that config/schema.json holds (regenerate with npm run docs)', async () => {
    const result = await runCli(['schema']);
    expect(JSON.parse(result.stdout), 'config/schema.json is stale: run npm run docs').toEqual(
      JSON.parse(await readFile('config/schema.json', 'utf8')),
    );
  });

  it('environment variables override the port', async () => {
    const result = await runCli(['serve', '--config', dir.path('good.yaml')], { RTG_PORT: 'abc' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('realtime-graph: port must be 0 to 65535 (got abc)\n');
  });
});
