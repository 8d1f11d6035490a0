import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { serverSchema, type StreamConfig } from '../../src/config/schema.js';
import { DataDir } from '../../src/sources/data-dir.js';
import { SourceError } from '../../src/sources/errors.js';
import { SourceRegistry } from '../../src/sources/registry.js';
import { sameStream, StreamHub } from '../../src/stream/hub.js';
import { FakeResponse } from '../helpers/fake-response.js';
import { minuteRow, scriptedPlugin, scriptedStream, settle, type ScriptedOptions } from '../helpers/scripted-source.js';
import { parseSse } from '../helpers/sse-client.js';
import { tempDir } from '../helpers/temp.js';

const logger = pino({ level: 'silent' });
let dir: Awaited<ReturnType<typeof tempDir>>;
let dataDir: DataDir;

beforeAll(async () => {
  dir = await tempDir();
  dataDir = await DataDir.open(dir.root);
});
afterAll(() => dir.remove());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A hub whose streams (of source type csv, as scriptedStream makes them) read ScriptedSources. */
function hubOf(
  server: Record<string, unknown> = {},
  options: ScriptedOptions | ((stream: string) => ScriptedOptions) = { nominalRate: 10 },
) {
  const { plugin, sources } = scriptedPlugin(options, 'csv');
  const settings = serverSchema.parse({ heartbeatMs: 1000, retryMs: 1000, ...server });
  const hub = new StreamHub({ registry: new SourceRegistry([plugin]), dataDir, logger, server: settings });
  return { hub, sources, settings };
}

const stream = (id: string, more: Record<string, unknown> = {}) => scriptedStream({ id, ...more });

/** A viewer of stream `id` through the hub, and what it received. */
function watch(hub: StreamHub, id: string, lastEventId?: string) {
  const res = new FakeResponse();
  const viewer = hub.connect(hub.get(id)!, res.asResponse(), lastEventId);
  return { viewer, res, events: () => parseSse(res.text()) };
}

describe('sameStream', () => {
  it('compares two stream configs without the file they came from', () => {
    const a = stream('a');
    expect(sameStream(a, { ...a, file: 'other.yaml' })).toBe(true);
    expect(sameStream(a, stream('a', { idleStopMs: 1 }))).toBe(false);
  });
});

describe('StreamHub', () => {
  it('holds a channel per stream, in config order; start() starts the autostart ones', () => {
    const { hub, sources } = hubOf();
    hub.load([stream('b', { autostart: true }), stream('a')]);
    expect(hub.list().map((c) => c.id)).toEqual(['b', 'a']);
    expect(hub.get('nope')).toBeUndefined();
    hub.start();
    expect(hub.get('b')!.state).toBe('running');
    expect(hub.get('a')!.state).toBe('idle');
    expect(sources).toHaveLength(1);
    expect(hub.summary()).toEqual({ b: { viewers: 0, state: 'running', rowsRead: 0 }, a: { viewers: 0, state: 'idle', rowsRead: 0 } });
    expect(hub.sourcePlugins().map((p) => p.type)).toEqual(['csv']);
  });

  it('refuses a stream whose source type has no plugin', () => {
    const { hub } = hubOf();
    expect(() => hub.load([{ ...stream('a'), source: { type: 'nope' } } as StreamConfig])).toThrow(
      new TypeError('no source plugin for type nope'),
    );
  });

  it('check(): the streams whose source fails its checks, with the message of a SourceError or the error', async () => {
    const { hub } = hubOf({}, (id) => ({
      check:
        id === 'unchecked'
          ? undefined
          : async () => {
              if (id === 'missing') throw new SourceError('no such file: x.csv');
              if (id === 'odd') throw new Error('odd');
            },
    }));
    const streams = [stream('fine'), stream('missing'), stream('odd'), stream('unchecked')];
    hub.load(streams);
    const problems = await hub.check();
    expect(problems.map((p) => [p.stream.id, p.message]).sort()).toEqual([
      ['missing', 'no such file: x.csv'],
      ['odd', 'Error: odd'],
    ]);
    expect(await hub.check([streams[0]!])).toEqual([]);
  });

  it('connect(): a viewer of the channel, counted by the hub until it ends', async () => {
    const { hub, sources } = hubOf();
    hub.load([stream('a')]);
    const a = watch(hub, 'a');
    expect(hub.viewerCount).toBe(1);
    expect(hub.get('a')!.viewerCount).toBe(1);
    sources[0]!.rows(minuteRow(0));
    await settle();
    expect(a.events().map((e) => e.event)).toEqual(['meta', 'started', 'update']);
    expect(a.res.text().startsWith('retry: 1000\n\n')).toBe(true);
    a.res.destroy();
    expect(hub.viewerCount).toBe(0);
    expect(hub.get('a')!.viewerCount).toBe(0);
  });

  it('cuts a viewer past the server’s viewer queue bound', async () => {
    const { hub, sources } = hubOf({ viewerQueue: { bytes: 16 * 1024, events: 1000 } });
    hub.load([stream('a')]);
    const a = watch(hub, 'a');
    a.res.stalled = true;
    sources[0]!.rows(...Array.from({ length: 300 }, (_, i) => minuteRow(i)));
    await settle();
    expect(a.res.destroyed).toBe(true);
    expect(hub.get('a')!.stats.slowDisconnects).toBe(1);
    expect(hub.viewerCount).toBe(0);
  });

  it('sends every viewer a comment heartbeat every heartbeatMs', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const { hub } = hubOf({ heartbeatMs: 500 });
    hub.load([stream('a')]);
    hub.start();
    const a = watch(hub, 'a');
    vi.advanceTimersByTime(499);
    expect(a.res.text()).not.toContain(': heartbeat');
    vi.advanceTimersByTime(1);
    expect(a.res.text().endsWith(': heartbeat\n\n')).toBe(true);
    vi.advanceTimersByTime(500);
    expect(a.res.text().split(': heartbeat\n\n')).toHaveLength(3);
  });

  describe('admit()', () => {
    it('refuses a viewer past the per-stream limit, then past the daemon limit (extra viewers count)', () => {
      const { hub } = hubOf({ maxViewers: 3, maxViewersPerStream: 1 });
      hub.load([stream('a'), stream('b')]);
      expect(hub.admit(hub.get('a')!)).toEqual({ ok: true });
      watch(hub, 'a');
      expect(hub.admit(hub.get('a')!)).toEqual({
        ok: false,
        retryAfterSeconds: 5,
        message: 'too many viewers on this stream',
        reason: 'stream-full',
      });
      expect(hub.acquireExtraViewer()).toEqual({ ok: true });
      expect(hub.viewerCount).toBe(2);
      expect(hub.admit(hub.get('b')!)).toEqual({ ok: true });
      expect(hub.acquireExtraViewer()).toEqual({ ok: true });
      const full = { ok: false, retryAfterSeconds: 5, message: 'too many viewers on this server', reason: 'daemon-full' };
      expect(hub.admit(hub.get('b')!)).toEqual(full);
      expect(hub.acquireExtraViewer()).toEqual(full);
      expect(hub.viewerCount).toBe(3);
      hub.releaseExtraViewer();
      expect(hub.viewerCount).toBe(2);
      expect(hub.refused).toEqual({ draining: 0, 'daemon-full': 2, 'stream-full': 1 });
    });

    it('never counts extra viewers below zero', () => {
      const { hub } = hubOf();
      hub.releaseExtraViewer();
      expect(hub.viewerCount).toBe(0);
      expect(hub.acquireExtraViewer()).toEqual({ ok: true });
      expect(hub.viewerCount).toBe(1);
    });

    it('refuses everyone while draining', async () => {
      const { hub } = hubOf();
      hub.load([stream('a')]);
      await hub.close();
      const draining = { ok: false, retryAfterSeconds: 5, message: 'the server is shutting down', reason: 'draining' };
      expect(hub.admit(hub.get('a')!)).toEqual(draining);
      expect(hub.acquireExtraViewer()).toEqual(draining);
      expect(hub.refused.draining).toBe(2);
    });
  });

  describe('apply()', () => {
    it('keeps unchanged streams as they are, ends the viewers of changed and removed ones, and adds new ones in config order', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
      const { hub, sources } = hubOf();
      const [keep, change, remove] = [stream('keep'), stream('change'), stream('remove')];
      hub.load([keep, change, remove]);
      const kept = hub.get('keep')!;
      const watchers = { keep: watch(hub, 'keep'), change: watch(hub, 'change'), remove: watch(hub, 'remove') };
      const old = hub.get('change')!;
      const changes = await hub.apply(hubOf().settings, [
        stream('added', { autostart: true }),
        { ...keep, file: 'moved.yaml' },
        stream('change', { idleStopMs: 5 }),
      ]);
      expect(changes).toEqual({ added: ['added'], removed: ['remove'], changed: ['change'] });
      expect(hub.list().map((c) => c.id)).toEqual(['added', 'keep', 'change']);
      expect(hub.get('keep')).toBe(kept);
      expect(kept.state).toBe('running');
      expect(hub.get('change')).not.toBe(old);
      expect(old.state).toBe('idle');
      expect(hub.get('change')!.config.idleStopMs).toBe(5);
      expect(hub.get('change')!.state).toBe('idle'); // not autostart: it starts with its next viewer
      expect(hub.get('added')!.state).toBe('running');
      expect(sources.map((s) => s.signal?.aborted)).toEqual([false, true, true, false]);
      // the viewers of changed and removed streams: a retry of 1.5 × retryMs, then `end`
      for (const [name, reason] of [
        ['change', 'changed'],
        ['remove', 'removed'],
      ] as const) {
        const events = watchers[name].events();
        expect(watchers[name].res.text()).toMatch(/retry: 1500\n\nid: [0-9a-f]{8}\.1\nevent: end\n/);
        expect(events.at(-1)).toMatchObject({ event: 'end', data: JSON.stringify({ reason }) });
        expect(watchers[name].res.ended).toBe(true);
      }
      // every viewer still connected hears that the list changed, without an id
      expect(watchers.keep.res.text().endsWith(`\n\nevent: streams\ndata: ${JSON.stringify(changes)}\n\n`)).toBe(true);
      expect(hub.viewerCount).toBe(1);
    });

    it('adds a stream that does not autostart without starting it', async () => {
      const { hub, settings } = hubOf();
      hub.load([]);
      expect(await hub.apply(settings, [stream('a')])).toEqual({ added: ['a'], removed: [], changed: [] });
      expect(hub.get('a')!.state).toBe('idle');
    });

    it('tells viewers of a removal alone, and of a change alone', async () => {
      const { hub, settings } = hubOf();
      hub.load([stream('a'), stream('b')]);
      const a = watch(hub, 'a');
      await hub.apply(settings, [stream('a')]);
      expect(a.res.text().endsWith('event: streams\ndata: {"added":[],"removed":["b"],"changed":[]}\n\n')).toBe(true);
      hub.load([stream('c')]);
      const c = watch(hub, 'c');
      await hub.apply(settings, [stream('a'), stream('c', { idleStopMs: 5 })]);
      expect(c.res.text()).toContain('event: end');
      expect(a.res.text().endsWith('event: streams\ndata: {"added":[],"removed":[],"changed":["c"]}\n\n')).toBe(true);
    });

    it('says nothing when nothing changed', async () => {
      const { hub, settings } = hubOf();
      hub.load([stream('a')]);
      const a = watch(hub, 'a');
      expect(await hub.apply(settings, [stream('a')])).toEqual({ added: [], removed: [], changed: [] });
      expect(a.res.text()).not.toContain('event: streams');
    });

    it('starts a changed autostart stream at once, reading only after the old version has stopped', async () => {
      const { hub, sources } = hubOf({}, { nominalRate: 10, ignoresAbort: true });
      hub.load([stream('a', { autostart: true })]);
      hub.start();
      await settle();
      const applied = hub.apply(hubOf().settings, [stream('a', { autostart: true, idleStopMs: 5 })]);
      expect(hub.get('a')!.state).toBe('running');
      await settle();
      expect(sources[1]!.reads).toBe(0);
      sources[0]!.end();
      await applied;
      await settle();
      expect(sources[1]!.reads).toBe(1);
    });

    it('keeps the counters of replaced and removed versions in the totals, alert transitions included', async () => {
      const alerts = [{ name: 'high', column: 'v', above: 1.5 }];
      const { hub, sources, settings } = hubOf();
      hub.load([stream('a', { alerts }), stream('b')]);
      watch(hub, 'a');
      sources[0]!.rows(minuteRow(0), minuteRow(2));
      await settle();
      expect(hub.alertTotals()).toEqual([{ stream: 'a', rule: 'high', firing: true, transitions: { firing: 1, resolved: 0 } }]);
      await hub.apply(settings, [stream('a', { alerts, idleStopMs: 5 }), stream('b')]);
      watch(hub, 'a');
      sources[1]!.rows(minuteRow(3), { ...minuteRow(4), v: 0 });
      await settle();
      expect(hub.alertTotals()).toEqual([{ stream: 'a', rule: 'high', firing: false, transitions: { firing: 2, resolved: 1 } }]);
      expect(hub.totals().get('a')).toMatchObject({ runs: 2, rowsRead: 4, events: 4 + 5 });
      expect(hub.totals().get('b')).toMatchObject({ runs: 0, rowsRead: 0 });
      // a removed rule keeps its counts; it fires no more
      await hub.apply(settings, [stream('b')]);
      expect(hub.alertTotals()).toEqual([{ stream: 'a', rule: 'high', firing: false, transitions: { firing: 2, resolved: 1 } }]);
      expect(hub.totals().get('a')).toMatchObject({ runs: 2, rowsRead: 4 });
      expect([...hub.totals().keys()]).toEqual(['a', 'b']);
    });

    it('keeps the heartbeat as it goes when its interval is the same, and starts none before start()', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
      const { hub } = hubOf({ heartbeatMs: 1000 });
      hub.load([stream('a')]);
      await hub.apply(serverSchema.parse({ heartbeatMs: 500, retryMs: 1000 }), [stream('a')]);
      expect(vi.getTimerCount()).toBe(0);
      hub.start();
      const a = watch(hub, 'a');
      vi.advanceTimersByTime(300);
      await hub.apply(serverSchema.parse({ heartbeatMs: 500, retryMs: 1000 }), [stream('a')]);
      vi.advanceTimersByTime(200);
      expect(a.res.text().split(': heartbeat\n\n')).toHaveLength(2); // at 500, not 800
    });

    it('restarts the heartbeat when its interval changes', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
      const { hub } = hubOf({ heartbeatMs: 1000 });
      hub.load([stream('a')]);
      hub.start();
      const a = watch(hub, 'a');
      await hub.apply(serverSchema.parse({ heartbeatMs: 300, retryMs: 1000 }), [stream('a')]);
      expect(hub.settings.heartbeatMs).toBe(300);
      vi.advanceTimersByTime(300);
      expect(a.res.text().split(': heartbeat\n\n')).toHaveLength(2);
      vi.advanceTimersByTime(700);
      expect(a.res.text().split(': heartbeat\n\n')).toHaveLength(4); // 600, 900; the 1000 ms one is gone
    });
  });

  it('close(): drains, ends every viewer with a retry and `end` (shutdown), and stops every stream', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const { hub } = hubOf();
    hub.load([stream('a'), stream('b', { autostart: true })]);
    hub.start();
    const a = watch(hub, 'a');
    await hub.close();
    expect(hub.draining).toBe(true);
    expect(a.res.text()).toMatch(/retry: 1000\n\nid: [0-9a-f]{8}\.1\nevent: end\ndata: \{"reason":"shutdown"\}\n\n$/);
    expect(hub.list().map((c) => c.state)).toEqual(['idle', 'idle']);
    expect(hub.viewerCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0); // no heartbeat
  });
});
