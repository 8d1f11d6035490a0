import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startDaemon, type Daemon } from '../../src/main.js';
import { connectSse, httpGet } from '../helpers/sse-client.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';
import pino from 'pino';
import { Writable } from 'node:stream';

let dir: Awaited<ReturnType<typeof tempDir>>;
let daemon: Daemon;
let logs: Record<string, unknown>[];

const stream = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  source: { type: 'csv', file: 'p.csv', rate: 20, loop: true },
  columns: ['timestamp', 'sensor_04'],
  ...extra,
});

beforeEach(async () => {
  dir = await tempDir();
  await dir.write('data/p.csv', pumpCsv(100));
  await dir.write('config/00-server.yaml', stringify({ server: { port: 0, dataDir: '../data', retryMs: 300 } }));
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
    // reconnecting with the last id: a new run, so a reset, then the new stream's meta
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
    await expect.poll(() => logs.find((l) => l.msg === 'config reload rejected; the running config stays'), { timeout: 5000 }).toBeDefined();
    const rejected = logs.find((l) => l.msg === 'config reload rejected; the running config stays')!;
    expect((rejected.problems as string[]).join('\n')).toMatch(/a\.yaml: streams\[0\] \(id "a"\)\.source\.rate/);
    // a column that is not in the file is caught by the source check, too
    await writeFile(dir.path('config/a.yaml'), stringify({ streams: [stream('a', { columns: ['timestamp', 'sensor_99'] })] }));
    await expect.poll(() => logs.filter((l) => l.msg === 'config reload rejected; the running config stays').length, { timeout: 5000 }).toBe(2);
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
