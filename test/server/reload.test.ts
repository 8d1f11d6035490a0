import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startDaemon, type Daemon } from '../../src/main.js';
import { connectSse, httpGet } from '../helpers/sse-client.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';
import pino from 'pino';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { builtinSources, SourceRegistry } from '../../src/sources/registry.js';
import { defineSource } from '../../src/sources/types.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
let daemon: Daemon;
let logs: Record<string, unknown>[];
// The slow-to-stop plugin's state (the last describe block).
const held = { open: 0, mostOpen: 0, released: false, release: () => {} };

const stream = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  source: { type: 'csv', file: 'p.csv', rate: 20, loop: true },
  columns: ['timestamp', 'sensor_04'],
  ...extra,
});

beforeEach(async () => {
  dir = await tempDir();
  await dir.write('data/p.csv', pumpCsv(100));
  await dir.write('config/00-server.yaml', stringify({ server: { port: 0, dataDir: '../data', retryMs: 300, store: false } }));
  await dir.write('config/a.yaml', stringify({ streams: [stream('a')] }));
  logs = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  daemon = await startDaemon({ config: [dir.path('config')], logger: pino({ level: 'info' }, sink) });
});
afterEach(async () => {
  held.released = true; // a failed slow-to-stop test must not hold the daemon's close
  held.release();
  await daemon.close();
  await dir.remove();
});

const ids = async () => JSON.parse((await httpGet(`${daemon.url}/api/streams`)).body).streams.map((s: { id: string }) => s.id);

describe('hot reload of a config directory', () => {
  it('adds a stream when a file is added, while a viewer of another stream stays connected', async () => {
    const viewer = await connectSse(`${daemon.url}/api/streams/a/events`);
    await viewer.until((events) => events.some((e) => e.event === 'update'));
    await dir.write('config/b.yaml', stringify({ streams: [stream('b', { title: 'Bee' })] }));
    await expect.poll(ids, { timeout: 5000 }).toEqual(['a', 'b']);
    const before = viewer.events.length;
    await viewer.until((events) => events.length > before + 3);
    expect(viewer.events.map((e) => e.event)).not.toContain('end');
    // … and is told that the list changed (so its picker refreshes), in an event without an id
    // that leaves its resume position alone.
    await viewer.until((events) => events.some((e) => e.event === 'streams'));
    const announced = viewer.events.find((e) => e.event === 'streams')!;
    expect(JSON.parse(announced.data)).toEqual({ added: ['b'], removed: [], changed: [] });
    expect(viewer.raw()).toMatch(/\n\nevent: streams\ndata: [^\n]*\n\n/);
    viewer.close();
    expect(logs.some((l) => l.msg === 'config reloaded' && (l.added as string[]).includes('b'))).toBe(true);
  });

  it('restarts a changed stream: its viewers get end {changed} and come back to the new version', async () => {
    const viewer = await connectSse(`${daemon.url}/api/streams/a/events`);
    await viewer.until((events) => events.some((e) => e.event === 'update'));
    await writeFile(dir.path('config/a.yaml'), stringify({ streams: [stream('a', { title: 'Changed title' })] }));
    await viewer.until((events) => events.some((e) => e.event === 'end'), 5000);
    await viewer.ended;
    const end = viewer.events.find((e) => e.event === 'end')!;
    expect(JSON.parse(end.data)).toEqual({ reason: 'changed' });
    expect(viewer.raw()).toMatch(/retry: \d+\n\nid: [^\n]+\nevent: end\n/);
    // reconnecting with the last id: a new run (memory only), so a reset, then the new stream's meta
    const again = await connectSse(`${daemon.url}/api/streams/a/events`, { 'Last-Event-ID': end.id });
    await again.until((events) => events.some((e) => e.event === 'meta'));
    again.close();
    expect(again.events[0]!.event).toBe('reset');
    expect(JSON.parse(again.events[1]!.data).title).toBe('Changed title');
  });

  it('ends a removed stream for its viewers with end {removed}', async () => {
    await dir.write('config/b.yaml', stringify({ streams: [stream('b')] }));
    await expect.poll(ids, { timeout: 5000 }).toEqual(['a', 'b']);
    const viewer = await connectSse(`${daemon.url}/api/streams/b/events`);
    await viewer.until((events) => events.some((e) => e.event === 'update'));
    await writeFile(dir.path('config/b.yaml'), stringify({ streams: [] }));
    await viewer.until((events) => events.some((e) => e.event === 'end'), 5000);
    expect(JSON.parse(viewer.events.find((e) => e.event === 'end')!.data)).toEqual({ reason: 'removed' });
    await expect.poll(ids).toEqual(['a']);
    expect((await httpGet(`${daemon.url}/api/streams/b/events`)).status).toBe(404);
  });

  it('rejects an invalid edit, keeps the running config, and logs the file and field', async () => {
    const viewer = await connectSse(`${daemon.url}/api/streams/a/events`);
    await viewer.until((events) => events.some((e) => e.event === 'update'));
    await writeFile(dir.path('config/a.yaml'), stringify({ streams: [stream('a', { source: { type: 'csv', file: 'p.csv', rate: -1 } })] }));
    await expect
      .poll(() => logs.find((l) => l.msg === 'config reload rejected; the running config stays'), { timeout: 5000 })
      .toBeDefined();
    const rejected = logs.find((l) => l.msg === 'config reload rejected; the running config stays')!;
    expect((rejected.problems as string[]).join('\n')).toMatch(/a\.yaml: streams\[0\] \(id "a"\)\.source\.rate/);
    // a column that is not in the file is caught by the source check, too
    await writeFile(dir.path('config/a.yaml'), stringify({ streams: [stream('a', { columns: ['timestamp', 'sensor_99'] })] }));
    await expect
      .poll(() => logs.filter((l) => l.msg === 'config reload rejected; the running config stays').length, { timeout: 5000 })
      .toBe(2);
    expect(await ids()).toEqual(['a']);
    const before = viewer.events.length;
    await viewer.until((events) => events.length > before + 3);
    expect(viewer.events.map((e) => e.event)).not.toContain('end');
    viewer.close();
  });

  it('reloads on demand (what SIGHUP calls) and reports what changed', async () => {
    await writeFile(dir.path('config/c.yaml'), stringify({ streams: [stream('c')] }));
    const result = await daemon.reload();
    expect(result).toEqual({ ok: true, changes: { added: ['c'], removed: [], changed: [] } });
    const again = await daemon.reload();
    expect(again).toEqual({ ok: true, changes: { added: [], removed: [], changed: [] } });
  });
});

// A source that is slow to let go (a Kafka consumer leaving its group, an MQTT session closing):
// it holds its stop until the test releases it, and counts how many copies are open at once.
const slowToStop = defineSource({
  type: 'slow-to-stop',
  description: 'Yields a row, then waits; after an abort it closes only when released (a test plugin).',
  configSchema: z.object({ version: z.number() }).strict(),
  create(config) {
    return {
      async *read(signal) {
        held.open++;
        held.mostOpen = Math.max(held.mostOpen, held.open);
        try {
          yield { timestamp: '2024-01-01T00:00:00.000Z', version: config.version };
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
          if (!held.released) await new Promise<void>((resolve) => (held.release = resolve));
        } finally {
          held.open--;
        }
      },
    };
  },
});

describe('a changed stream whose old source is slow to stop', () => {
  it('sends a viewer that reconnects at once to the new version, which opens its source after the old one closed', async () => {
    await daemon.close(); // this test's daemon knows the slow plugin
    const slow = (version: number) =>
      stringify({
        streams: [{ id: 's', source: { type: 'slow-to-stop', version }, columns: ['timestamp', 'version'], title: `version ${version}` }],
      });
    await dir.write('slow/00-server.yaml', stringify({ server: { port: 0, dataDir: '../data', retryMs: 300, store: false } }));
    await dir.write('slow/s.yaml', slow(1));
    daemon = await startDaemon({
      config: [dir.path('slow')],
      logger: pino({ level: 'silent' }),
      registry: new SourceRegistry([...builtinSources, slowToStop]),
      watch: false,
    });
    const viewer = await connectSse(`${daemon.url}/api/streams/s/events`);
    await viewer.until((events) => events.some((e) => e.event === 'update'));
    await writeFile(dir.path('slow/s.yaml'), slow(2));
    const reloaded = daemon.reload();
    await viewer.ended;
    // The old source has not closed yet: the reconnect must not reach it.
    const end = viewer.events.find((e) => e.event === 'end')!;
    const again = await connectSse(`${daemon.url}/api/streams/s/events`, { 'Last-Event-ID': end.id });
    await again.until((events) => events.some((e) => e.event === 'meta'));
    expect(again.events[0]!.event).toBe('reset');
    expect(JSON.parse(again.events[1]!.data).title).toBe('version 2');
    expect(held.open).toBe(1);
    held.released = true;
    held.release();
    await again.until((events) => events.some((e) => e.event === 'update'));
    expect(JSON.parse(again.events.find((e) => e.event === 'update')!.data)).toEqual({ timestamp: '2024-01-01T00:00:00.000Z', version: 2 });
    again.close();
    expect(held.mostOpen).toBe(1);
    expect((await reloaded).ok).toBe(true);
  });
});
