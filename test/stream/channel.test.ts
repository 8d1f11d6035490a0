import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { normalizeStream, streamSchema } from '../../src/config/schema.js';
import { DataDir } from '../../src/sources/data-dir.js';
import { defaultPlugins } from '../../src/plugins.js';
import { SourceError } from '../../src/sources/errors.js';
import { defaultRegistry } from '../../src/sources/registry.js';
import type { SourcePlugin } from '../../src/sources/types.js';
import { StreamChannel } from '../../src/stream/channel.js';
import { Viewer, type ViewerEnd } from '../../src/stream/viewer.js';
import { FakeResponse } from '../helpers/fake-response.js';
import { minuteRow, scriptedPlugin, scriptedStream, settle, type ScriptedOptions } from '../helpers/scripted-source.js';
import { parseSse, type SseEvent } from '../helpers/sse-client.js';
import { dataRows } from '../helpers/sse-events.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

const registry = defaultRegistry();
const logger = pino({ level: 'silent' });
let dir: Awaited<ReturnType<typeof tempDir>>;
let dataDir: DataDir;

beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/pump.csv', pumpCsv(400));
  dataDir = await DataDir.open(dir.path('data'));
});
afterAll(() => dir.remove());
afterEach(() => {
  vi.useRealTimers();
});

function csvChannel(stream: Record<string, unknown>) {
  const config = normalizeStream(
    streamSchema(defaultPlugins(registry)).parse({ id: 's', columns: ['timestamp', 'sensor_04'], ...stream }),
    'test.yaml',
  );
  return new StreamChannel(config, { plugin: registry.get('csv')!, dataDir, logger, retryMs: () => 1000 });
}

/** A channel over ScriptedSources (`sources`: one per run, in order). */
function scriptedChannel(stream: Record<string, unknown> = {}, options: ScriptedOptions = { nominalRate: 10 }) {
  const { plugin, sources } = scriptedPlugin(options);
  return { ch: new StreamChannel(scriptedStream(stream), { plugin, dataDir, logger, retryMs: () => 1000 }), sources };
}

/** A viewer attached to `ch` (with `lastEventId` when given), and what it received. */
function connect(ch: StreamChannel, lastEventId?: string, limits = { maxQueueBytes: 1 << 20, maxQueueEvents: 1000 }) {
  const res = new FakeResponse();
  const ends: ViewerEnd[] = [];
  const v = new Viewer(res.asResponse(), limits, (me, why) => {
    ends.push(why);
    ch.detach(me, why);
  });
  ch.attach(v, lastEventId);
  return {
    v,
    res,
    ends,
    events: (): SseEvent[] => parseSse(res.text()),
    /** The client goes away. */
    leave: () => res.destroy(),
  };
}

const iso = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
const named = (events: SseEvent[]) => events.map((e) => e.event);
const payload = (e: SseEvent | undefined) => JSON.parse(e!.data);
/** The values of `v` of the rows in events (update and batch). */
const values = (events: SseEvent[]) => dataRows(events, ['timestamp', 'v']).map((r) => r.v);
const rows = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => minuteRow(from + k));

describe('StreamChannel', () => {
  it('serializes each event once and writes the same bytes to every viewer', async () => {
    const ch = csvChannel({ source: { type: 'csv', file: 'pump.csv', rate: 200 } });
    const responses = [new FakeResponse(), new FakeResponse(), new FakeResponse()];
    for (const res of responses)
      ch.attach(new Viewer(res.asResponse(), { maxQueueBytes: 1 << 20, maxQueueEvents: 1000 }, () => {}), undefined);
    await expect.poll(() => responses[0]!.chunks.length, { timeout: 5000 }).toBeGreaterThan(10);
    await ch.stop();
    // after the first (per-viewer) write, chunk i of every viewer is the very same Buffer object
    const live = responses.map((r) => r.chunks.slice(1, 10));
    for (let i = 0; i < live[0]!.length; i++) {
      expect(live[1]![i]).toBe(live[0]![i]);
      expect(live[2]![i]).toBe(live[0]![i]);
    }
  });

  it('disconnects a viewer that stops reading once it is past its bound, without slowing the others', async () => {
    const ch = csvChannel({ source: { type: 'csv', file: 'pump.csv', rate: 'unlimited' }, batch: { maxRows: 10 } });
    const stuck = new FakeResponse();
    stuck.stalled = true;
    const res = new FakeResponse();
    const slowEnds: ViewerEnd[] = [];
    const slow = new Viewer(stuck.asResponse(), { maxQueueBytes: 4096, maxQueueEvents: 1000 }, (me, why) => {
      slowEnds.push(why);
      ch.detach(me, why);
    });
    ch.attach(slow, undefined);
    const healthy = new Viewer(res.asResponse(), { maxQueueBytes: 1 << 20, maxQueueEvents: 1000 }, (me, why) => ch.detach(me, why));
    ch.attach(healthy, undefined);
    await expect.poll(() => ch.state, { timeout: 5000 }).toBe('finished');
    expect(slowEnds).toEqual(['slow']);
    expect(stuck.destroyed).toBe(true);
    expect(stuck.writableLength).toBeLessThanOrEqual(4096 + 2048);
    expect(ch.stats.slowDisconnects).toBe(1);
    // the healthy viewer got every row, in order, once, and the end of the run
    const events = parseSse(res.text());
    expect(dataRows(events, ['timestamp', 'sensor_04']).map((r) => [r.timestamp, r.sensor_04])).toEqual(
      Array.from({ length: 400 }, (_, i) => [iso(i), ((i * 7) % 100) / 100]),
    );
    expect(events.at(-1)!.event).toBe('jobfinished');
    expect(payload(events.at(-1))).toMatchObject({ rows: 400, skipped: 0 });
    expect(res.ended).toBe(true);
  });

  it('resumes a viewer with exactly the events it missed, and resets one whose id is not ours', async () => {
    const ch = csvChannel({ source: { type: 'csv', file: 'pump.csv', rate: 200 } });
    const first = connect(ch);
    await expect.poll(() => first.res.chunks.length, { timeout: 5000 }).toBeGreaterThan(5);
    const missedFrom = first.events().length;
    const lastId = first.events().at(-1)!.id;
    const back = connect(ch, lastId);
    const stranger = connect(ch, 'garbage');
    await expect.poll(() => first.res.chunks.length, { timeout: 5000 }).toBeGreaterThan(first.res.chunks.length + 3);
    await ch.stop();
    // the returning viewer: meta under its own last id, then every event the first viewer got after it
    const resumed = back.events();
    expect(resumed[0]).toMatchObject({ event: 'meta', id: lastId });
    expect(resumed.slice(1)).toEqual(first.events().slice(missedFrom));
    // the stranger: reset, meta, then the recent rows, and from there on the same events
    expect(named(stranger.events()).slice(0, 3)).toEqual(['reset', 'meta', 'batch']);
    expect(payload(stranger.events()[0])).toEqual({ reason: 'the last event id is not one of ours' });
    expect(ch.stats.resumes).toBe(1);
    expect(ch.stats.resets).toBe(1);
  });
});

describe('StreamChannel over a scripted source', () => {
  it('counts and logs a viewer cut as too slow (it resumes on reconnect); a viewer that leaves is no slow one', async () => {
    const lines: Record<string, unknown>[] = [];
    const { plugin, sources } = scriptedPlugin({ nominalRate: 10 });
    const capture = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const ch = new StreamChannel(scriptedStream(), { plugin, dataDir, logger: capture, retryMs: () => 1000 });
    connect(ch).leave();
    const slow = connect(ch, undefined, { maxQueueBytes: 16 * 1024, maxQueueEvents: 1000 });
    slow.res.stalled = true;
    sources[0]!.rows(...rows(0, 299));
    await settle();
    expect(slow.ends).toEqual(['slow']);
    expect(ch.stats.slowDisconnects).toBe(1);
    expect(lines.filter((l) => l.level === 20).map(({ stream, viewer, msg }) => ({ stream, viewer, msg }))).toEqual([
      { stream: 's', viewer: slow.v.id, msg: 'viewer too slow: disconnected (it resumes on reconnect)' },
    ]);
    expect(lines.find((l) => l.msg === 'stream started')).toMatchObject({ stream: 's' });
  });

  describe('a viewer that comes', () => {
    it('starts the run when it is the first: retry, meta, started, then every event live', async () => {
      const { ch, sources } = scriptedChannel();
      expect(ch.state).toBe('idle');
      const a = connect(ch);
      expect(ch.state).toBe('running');
      expect(ch.stats.runs).toBe(1);
      sources[0]!.rows(minuteRow(0), minuteRow(1));
      await settle();
      expect(a.res.text().startsWith('retry: 1000\n\n')).toBe(true);
      const events = a.events();
      const run = payload(events[1]).run as string;
      expect(named(events)).toEqual(['meta', 'started', 'update', 'update']);
      expect(events.map((e) => e.id)).toEqual([0, 1, 2, 3].map((seq) => `${run}.${seq}`));
      expect(payload(events[0])).toEqual({
        id: 's',
        title: 's',
        source: 'csv',
        time: 'timestamp',
        columns: [{ name: 'v', type: 'number', axis: 'y' }],
        thresholds: [],
        states: null,
        keepMs: 86_400_000,
        alerts: [],
        state: 'running',
        status: null,
        viewers: 0,
        run,
        startedAt: payload(events[1]).startedAt,
        rate: 10,
        progress: null,
        pass: 0,
      });
      expect(ch.viewerCount).toBe(1);
      expect(ch.info()).toMatchObject({ state: 'running', status: null, viewers: 1 });
    });

    it('later gets the recent rows as one batch under the id of the newest event, then the same events as the others', async () => {
      const { ch, sources } = scriptedChannel({ history: 3 });
      const a = connect(ch);
      sources[0]!.rows(...rows(0, 5));
      await settle();
      const b = connect(ch);
      sources[0]!.rows(minuteRow(6));
      await settle();
      const events = b.events();
      expect(named(events)).toEqual(['meta', 'batch', 'update']);
      expect(events[1]!.id).toBe(a.events()[7]!.id); // row 5's event
      expect(values(events)).toEqual([3, 4, 5, 6]);
      expect(events[2]).toEqual(a.events().at(-1));
      expect(ch.stats.rowsSent).toBe(7 + 3 + 1);
    });

    it('gets the state in effect and the alerts firing where its rows begin', async () => {
      const { ch, sources } = scriptedChannel({
        columns: ['timestamp', 'v', { column: 'mode', type: 'text' }],
        states: { column: 'mode' },
        alerts: [{ name: 'high', column: 'v', above: 1.5 }],
        history: 1,
      });
      connect(ch);
      sources[0]!.rows(minuteRow(0, { mode: 'A' }), minuteRow(1, { mode: 'B' }), minuteRow(2), minuteRow(3));
      await settle();
      const events = connect(ch).events();
      expect(named(events)).toEqual(['meta', 'state', 'alert', 'update']);
      expect(payload(events[1])).toEqual({ value: 'B', at: iso(1) });
      expect(payload(events[2])).toEqual({ rule: 'high', state: 'firing', at: iso(2), value: 2 });
      expect(ch.alertStatus()).toEqual([{ rule: 'high', firing: true, transitions: { firing: 1, resolved: 0 } }]);
    });
  });

  describe('a viewer that comes, and the marks', () => {
    const modes = { columns: ['timestamp', 'v', { column: 'mode', type: 'text' }], states: { column: 'mode' } };

    it('with no recent rows to send (history 0): the state in effect, and no rows', async () => {
      const { ch, sources } = scriptedChannel({ ...modes, history: 0 });
      connect(ch);
      sources[0]!.rows(minuteRow(0, { mode: 'A' }), minuteRow(1, { mode: 'B' }));
      await settle();
      const events = connect(ch).events();
      expect(named(events)).toEqual(['meta', 'state']);
      expect(payload(events[1])).toEqual({ value: 'B', at: iso(1) });
    });

    it('the marks among its recent rows come after the state before them', async () => {
      const { ch, sources } = scriptedChannel({ ...modes, history: 2 });
      connect(ch);
      sources[0]!.rows(minuteRow(0, { mode: 'A' }), minuteRow(1), minuteRow(2, { mode: 'B' }));
      await settle();
      const events = connect(ch).events();
      expect(named(events)).toEqual(['meta', 'state', 'state', 'batch']);
      expect(events.slice(1, 3).map(payload)).toEqual([
        { value: 'A', at: iso(0) },
        { value: 'B', at: iso(2) },
      ]);
      expect(values(events)).toEqual([1, 2]);
    });
  });

  describe('a viewer that comes back with a Last-Event-ID', () => {
    it('gets exactly the events it missed, byte for byte, then the live ones', async () => {
      const { ch, sources } = scriptedChannel();
      const a = connect(ch);
      sources[0]!.rows(...rows(0, 4));
      await settle();
      const missed = a.events().slice(4); // after the update of row 1
      const lastId = a.events()[3]!.id;
      const b = connect(ch, lastId);
      expect(b.events()[0]).toMatchObject({ event: 'meta', id: lastId });
      expect(b.events().slice(1)).toEqual(missed);
      expect(values(b.events())).toEqual([2, 3, 4]);
      const metaFrame = b.res.text().indexOf('\n\n', b.res.text().indexOf('event: meta')) + 2;
      expect(b.res.text().slice(metaFrame)).toBe(a.res.text().slice(a.res.text().indexOf(`id: ${missed[0]!.id}\n`)));
      sources[0]!.rows(minuteRow(5));
      await settle();
      expect(b.events().at(-1)).toEqual(a.events().at(-1));
      expect(values(b.events())).toEqual([2, 3, 4, 5]);
      expect(ch.stats).toMatchObject({ resumes: 1, resets: 0 });
    });

    it('gets the marks in effect before the missed events again; those among them come in order', async () => {
      const { ch, sources } = scriptedChannel({
        columns: ['timestamp', 'v', { column: 'mode', type: 'text' }],
        states: { column: 'mode' },
      });
      const a = connect(ch);
      sources[0]!.rows(minuteRow(0, { mode: 'A' }), minuteRow(1), minuteRow(2, { mode: 'B' }));
      await settle();
      const lastId = a.events()[4]!.id; // row 1
      const events = connect(ch, lastId).events();
      expect(named(events)).toEqual(['meta', 'state', 'state', 'update']);
      expect(events[1]).toMatchObject({ id: lastId, data: JSON.stringify({ value: 'A', at: iso(0) }) });
      expect(events.slice(2)).toEqual(a.events().slice(5));
    });

    it('gets the state in effect where its missed events begin, also when it has missed nothing', async () => {
      const { ch, sources } = scriptedChannel({
        columns: ['timestamp', 'v', { column: 'mode', type: 'text' }],
        states: { column: 'mode' },
      });
      const a = connect(ch);
      sources[0]!.rows(minuteRow(0, { mode: 'A' }), minuteRow(1)).notice({ type: 'status', state: 'live' });
      await settle();
      sources[0]!.rows(minuteRow(2, { mode: 'B' }));
      await settle();
      // the state event (B) is followed by the update of its row: resume right after the state event
      const lastId = a.events().at(-2)!.id;
      expect(a.events().at(-2)!.event).toBe('state');
      const events = connect(ch, lastId).events();
      expect(named(events)).toEqual(['meta', 'state', 'update']);
      expect(payload(events[1])).toEqual({ value: 'B', at: iso(2) });
      expect(
        connect(ch, a.events().at(-1)!.id)
          .events()
          .map((e) => [e.event, e.data]),
      ).toEqual([
        ['meta', expect.any(String)],
        ['state', JSON.stringify({ value: 'B', at: iso(2) })],
      ]);
    });

    it('is reset when the events after its id have left the log, even by one: reset, meta, then the recent rows', async () => {
      const { ch, sources } = scriptedChannel({ buffer: { events: 16 }, history: 3 });
      const a = connect(ch);
      sources[0]!.rows(...rows(0, 39)); // events 2…41; the log keeps 26…41
      await settle();
      const run = payload(a.events()[1]).run as string;
      const kept = connect(ch, `${run}.25`);
      expect(named(kept.events())).toEqual(['meta', ...Array<string>(16).fill('update')]);
      expect(values(kept.events())).toEqual(Array.from({ length: 16 }, (_, k) => 24 + k));
      const gap = connect(ch, `${run}.24`);
      const events = gap.events();
      expect(named(events)).toEqual(['reset', 'meta', 'batch']);
      expect(payload(events[0])).toEqual({ reason: 'the missed events are no longer kept' });
      expect(events.map((e) => e.id)).toEqual([`${run}.40`, `${run}.40`, `${run}.41`]);
      expect(values(events)).toEqual([37, 38, 39]);
      expect(ch.stats).toMatchObject({ resumes: 1, resets: 1 });
    });

    it('is reset with an id of another run, or one that is not ours', async () => {
      const { ch } = scriptedChannel();
      connect(ch);
      expect(payload(connect(ch, 'aaaaaaaa.3').events()[0])).toEqual({ reason: 'the stream has restarted' });
      expect(payload(connect(ch, 'garbage').events()[0])).toEqual({ reason: 'the last event id is not one of ours' });
      expect(ch.stats).toMatchObject({ resumes: 0, resets: 2 });
    });

    it('of a positioned stream, resumes from a cursor of any daemon; a one-row gap before the oldest kept row is a reset', async () => {
      const { ch, sources } = scriptedChannel({ buffer: { events: 16 }, history: 2 }, { nominalRate: 10, positioned: true });
      connect(ch);
      for (let i = 0; i < 40; i++) sources[0]!.together([minuteRow(i)], [0, i]); // events 2…41 at offsets 0…39; the log keeps 24…39
      await settle();
      const resumeAt = (cursor: string) => connect(ch, cursor).events();
      // an id this daemon sent and still keeps
      expect(values(resumeAt('0:30'))).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39]);
      // a position no longer in the log, right before the oldest kept row: nothing is missing
      const resumed = resumeAt('0:23');
      expect(named(resumed)).toEqual(['meta', ...Array<string>(16).fill('update')]);
      expect(values(resumed)).toEqual(Array.from({ length: 16 }, (_, k) => 24 + k));
      // one row further back: row 23 is gone, so a reset, not a replay with a hole
      const gap = resumeAt('0:22');
      expect(named(gap)).toEqual(['reset', 'meta', 'batch']);
      expect(payload(gap[0])).toEqual({ reason: 'the missed rows are no longer kept' });
      expect(values(gap)).toEqual([38, 39]);
      expect(payload(resumeAt('0:45')[0])).toEqual({ reason: 'the stream has not reached that position here' });
      expect(payload(resumeAt('garbage')[0])).toEqual({ reason: 'the last event id is not one of ours' });
    });
  });

  describe('when the run ends', () => {
    it('every viewer gets jobfinished and is closed; a new viewer starts a new run', async () => {
      const { ch, sources } = scriptedChannel();
      const a = connect(ch);
      sources[0]!.rows(minuteRow(0));
      await settle();
      expect(ch.isComplete(a.events().at(-1)!.id)).toBe(false); // still running
      sources[0]!.end();
      await settle();
      expect(ch.state).toBe('finished');
      expect(named(a.events()).at(-1)).toBe('jobfinished');
      expect(a.ends).toEqual(['finished']);
      expect(a.res.ended).toBe(true);
      expect(ch.viewerCount).toBe(0);
      const oldRun = payload(a.events()[1]).run;
      const b = connect(ch);
      expect(ch.state).toBe('running');
      expect(ch.stats.runs).toBe(2);
      expect(named(b.events())).toEqual(['meta', 'started']);
      expect(payload(b.events()[1]).run).not.toBe(oldRun);
      expect(sources).toHaveLength(2);
    });

    it('a viewer with its last id gets nothing more and is closed; with an earlier id, the rest of the run, then closed', async () => {
      const { ch, sources } = scriptedChannel();
      const a = connect(ch);
      sources[0]!.rows(minuteRow(0), minuteRow(1)).end();
      await settle();
      const all = a.events();
      expect(ch.isComplete(all.at(-1)!.id)).toBe(true);
      expect(ch.isComplete(all.at(-2)!.id)).toBe(false);
      expect(ch.isComplete(undefined)).toBe(false);
      expect(ch.isComplete('garbage')).toBe(false);
      expect(ch.isComplete(`aaaaaaaa.${1000}`)).toBe(false); // another run's
      const done = connect(ch, all.at(-1)!.id);
      expect(named(done.events())).toEqual(['meta']);
      expect(done.ends).toEqual(['finished']);
      const late = connect(ch, all[2]!.id);
      expect(late.events().slice(1)).toEqual(all.slice(3));
      expect(late.ends).toEqual(['finished']);
      expect(ch.stats).toMatchObject({ runs: 1, resumes: 2 });
      expect(ch.state).toBe('finished');
    });

    it('a failed run closes its viewers after sourceerror, and a new viewer starts a new run', async () => {
      const { ch, sources } = scriptedChannel();
      const a = connect(ch);
      sources[0]!.fail(new SourceError('broken'));
      await settle();
      expect(ch.state).toBe('failed');
      expect(ch.isReady()).toBe(false);
      expect(named(a.events()).at(-1)).toBe('sourceerror');
      expect(a.ends).toEqual(['finished']);
      expect(ch.isComplete(a.events().at(-1)!.id)).toBe(true);
      connect(ch);
      expect(ch.state).toBe('running');
      expect(ch.stats).toMatchObject({ runs: 2, sourceErrors: 1 });
    });

    it('a viewer of a stream whose source cannot be made gets sourceerror and is closed', () => {
      const plugin: SourcePlugin = {
        ...scriptedPlugin().plugin,
        create: () => {
          throw new SourceError('no such file');
        },
      };
      const ch = new StreamChannel(scriptedStream(), { plugin, dataDir, logger, retryMs: () => 1000 });
      const a = connect(ch);
      expect(named(a.events())).toEqual(['meta', 'sourceerror']);
      expect(payload(a.events()[1])).toEqual({ message: 'no such file' });
      expect(a.ends).toEqual(['finished']);
      expect(ch.state).toBe('failed');
    });
  });

  describe('idle stop and autostart', () => {
    it('stops the run idleStopMs after the last viewer leaves', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { ch, sources } = scriptedChannel({ idleStopMs: 1000 });
      const a = connect(ch);
      const b = connect(ch);
      await settle();
      a.leave();
      vi.advanceTimersByTime(5000);
      expect(ch.state).toBe('running'); // one viewer is left
      b.leave();
      expect(ch.viewerCount).toBe(0);
      vi.advanceTimersByTime(999);
      expect(ch.state).toBe('running');
      vi.advanceTimersByTime(1);
      expect(ch.state).toBe('idle');
      expect(sources[0]!.signal!.aborted).toBe(true);
      await settle();
      expect(sources[0]!.done).toBe(true);
    });

    it('a viewer that comes in between cancels the stop, and its leaving starts the wait again', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { ch, sources } = scriptedChannel({ idleStopMs: 1000 });
      connect(ch).leave();
      vi.advanceTimersByTime(600);
      const b = connect(ch);
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(5000);
      expect(ch.state).toBe('running');
      expect(ch.stats.runs).toBe(1);
      sources[0]!.rows(minuteRow(0));
      await settle();
      expect(values(b.events())).toEqual([0]);
      b.leave();
      vi.advanceTimersByTime(999);
      expect(ch.state).toBe('running');
      vi.advanceTimersByTime(1);
      expect(ch.state).toBe('idle');
    });

    it('a first viewer whose join is larger than its queue limit still joins (its join is bounded by the config), and is cut only past the limit on top of it', async () => {
      const { ch, sources } = scriptedChannel({ idleStopMs: 1000 });
      const tiny = connect(ch, undefined, { maxQueueBytes: 10, maxQueueEvents: 1000 });
      await settle();
      expect(tiny.ends).toEqual([]);
      expect(named(tiny.events())).toEqual(['meta', 'started']);
      expect(ch.viewerCount).toBe(1);
      tiny.res.stalled = true; // the client stops reading: the next rows stay queued
      sources[0]!.rows(minuteRow(0));
      await settle();
      expect(tiny.ends).toEqual([]); // one row fits in the join's room
      const join = Buffer.byteLength(tiny.res.chunks[0]!);
      while (tiny.res.writableLength <= 10 + join && tiny.ends.length === 0) {
        sources[0]!.rows(minuteRow(tiny.res.chunks.length));
        await settle();
      }
      expect(tiny.ends).toEqual(['slow']);
      expect(ch.viewerCount).toBe(0);
    });

    it('an autostart stream reads on with no viewer', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { ch } = scriptedChannel({ idleStopMs: 1000, autostart: true });
      connect(ch).leave();
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(5000);
      expect(ch.state).toBe('running');
    });

    it('a viewer leaving a run that is not reading schedules nothing', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { ch } = scriptedChannel({ idleStopMs: 1000 });
      const a = connect(ch);
      await ch.stop(); // viewers stay connected
      expect(ch.viewerCount).toBe(1);
      a.leave();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('stop() cancels a pending idle stop: a run started after it is not stopped by it', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { ch } = scriptedChannel({ idleStopMs: 1000 });
      connect(ch).leave();
      await ch.stop();
      ch.start(); // as the hub does for an autostart stream
      vi.advanceTimersByTime(2000);
      expect(ch.state).toBe('running');
    });

    it('after an idle stop, a viewer with an id of the stopped run is reset into a new run', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { ch, sources } = scriptedChannel({ idleStopMs: 10 });
      const a = connect(ch);
      sources[0]!.rows(minuteRow(0));
      await settle();
      a.leave();
      vi.advanceTimersByTime(10);
      await settle();
      expect(ch.state).toBe('idle');
      const b = connect(ch, a.events().at(-1)!.id);
      expect(named(b.events())).toEqual(['reset', 'meta', 'started']);
      expect(payload(b.events()[0])).toEqual({ reason: 'the stream has restarted' });
      expect(ch.stats).toMatchObject({ runs: 2, resets: 1 });
    });
  });

  describe('stop()', () => {
    it('while a run reads: the next run reads only once the stopped one has unwound, and hears nothing of it', async () => {
      const { ch, sources } = scriptedChannel({}, { nominalRate: 10, ignoresAbort: true });
      connect(ch);
      await settle();
      const stopped = ch.stop();
      expect(ch.state).toBe('idle');
      const b = connect(ch);
      expect(ch.stats.runs).toBe(2);
      await settle();
      expect(sources[1]!.reads).toBe(0);
      // the stopped run's source, slow to unwind, still says something and yields a row
      sources[0]!.notice({ type: 'status', state: 'live' }).rows(minuteRow(99));
      await stopped;
      await settle();
      expect(sources[1]!.reads).toBe(1);
      expect(ch.sourceStatus).toBeUndefined();
      sources[1]!.rows(minuteRow(0));
      await settle();
      expect(named(b.events())).toEqual(['meta', 'started', 'update']);
      expect(values(b.events())).toEqual([0]);
    });

    it('of an idle channel does nothing', async () => {
      const { ch, sources } = scriptedChannel();
      await ch.stop();
      expect(ch.state).toBe('idle');
      expect(sources).toHaveLength(0);
    });

    it('start() while a run reads does nothing', () => {
      const { ch, sources } = scriptedChannel();
      ch.start();
      ch.start();
      expect(ch.stats.runs).toBe(1);
      expect(sources).toHaveLength(1);
    });
  });

  it('startAfter: the first run reads only once the channel it replaces has stopped', async () => {
    const { ch, sources } = scriptedChannel();
    let stopped!: () => void;
    ch.startAfter(
      new Promise<void>((resolve) => {
        stopped = resolve;
      }),
    );
    const a = connect(ch);
    await settle();
    expect(named(a.events())).toEqual(['meta', 'started']);
    expect(sources[0]!.reads).toBe(0);
    stopped();
    await settle();
    expect(sources[0]!.reads).toBe(1);
  });

  describe('closeViewers()', () => {
    it('ends every viewer with `end` under the newest id, after a retry of its own when one is given', async () => {
      const { ch, sources } = scriptedChannel();
      const a = connect(ch);
      const b = connect(ch);
      sources[0]!.rows(minuteRow(0));
      await settle();
      const newest = a.events().at(-1)!.id;
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      let retry = 1000;
      ch.closeViewers('changed', () => retry++);
      for (const [viewer, ms] of [
        [a, 1000],
        [b, 1001],
      ] as const) {
        expect(viewer.res.text().endsWith(`retry: ${ms}\n\nid: ${newest}\nevent: end\ndata: {"reason":"changed"}\n\n`)).toBe(true);
        expect(viewer.ends).toEqual(['removed']);
      }
      expect(ch.viewerCount).toBe(0);
      expect(vi.getTimerCount()).toBe(0); // the stream goes with them: no idle stop is armed
      const c = connect(ch);
      ch.closeViewers('shutdown');
      expect(c.res.text().endsWith(`id: ${newest}\nevent: end\ndata: {"reason":"shutdown"}\n\n`)).toBe(true);
      expect(c.res.text()).not.toMatch(/\n\nretry: \d+\n\nid: [^\n]+\nevent: end/);
      expect(c.ends).toEqual(['shutdown']);
    });
  });

  describe('what it tells routes and metrics', () => {
    it('is ready unless its source failed, or is running and not live', async () => {
      const { ch, sources } = scriptedChannel();
      expect(ch.isReady()).toBe(true); // idle
      connect(ch);
      expect(ch.isReady()).toBe(true); // no connection to speak of
      sources[0]!.notice({ type: 'status', state: 'connecting' });
      await settle();
      expect(ch.sourceStatus).toBe('connecting');
      expect(ch.isReady()).toBe(false);
      expect(ch.info()).toMatchObject({ status: 'connecting' });
      sources[0]!.notice({ type: 'status', state: 'live' });
      await settle();
      expect(ch.isReady()).toBe(true);
      sources[0]!.notice({ type: 'status', state: 'reconnecting' });
      await settle();
      expect(ch.isReady()).toBe(false);
      await ch.stop();
      expect(ch.sourceStatus).toBe('reconnecting');
      expect(ch.isReady()).toBe(true); // stopped: nothing to be live for
    });

    it('the history of the current run, and its size', async () => {
      const { ch, sources } = scriptedChannel();
      expect(ch.historySource()).toMatchObject({ stream: 's', running: false });
      expect(ch.historyStats()).toEqual({ rows: 0, bytes: 0 });
      const a = connect(ch);
      sources[0]!.rows(minuteRow(0), minuteRow(1));
      await settle();
      const history = ch.historySource();
      expect(history).toMatchObject({ stream: 's', run: payload(a.events()[1]).run, running: true });
      expect(history.store.rows).toBe(2);
      expect(ch.historyStats()).toEqual({ rows: 2, bytes: history.store.bytes });
      expect(history.store.bytes).toBeGreaterThan(0);
    });

    it('no counters from a source that keeps none', () => {
      const { ch } = scriptedChannel();
      connect(ch);
      expect(ch.sourceCounters()).toEqual({});
    });

    it('the source’s counters, and its replay control only while it reads', async () => {
      const { ch, sources } = scriptedChannel({}, { nominalRate: 10, counters: () => ({ malformed: 2 }) });
      expect(ch.sourceCounters()).toEqual({});
      expect(ch.replayControl()).toBeUndefined();
      connect(ch);
      expect(ch.sourceCounters()).toEqual({ malformed: 2 });
      expect(ch.replayable).toBe(false);
      sources[0]!.end();
      await settle();
      expect(ch.sourceCounters()).toEqual({ malformed: 2 });
    });

    it('a CSV stream is replayable; its control is there while it reads', async () => {
      const ch = csvChannel({ source: { type: 'csv', file: 'pump.csv', rate: 1 } });
      expect(ch.replayable).toBe(true);
      expect(ch.replayControl()).toBeUndefined();
      const a = connect(ch);
      expect(ch.replayControl()).toBeDefined();
      expect(payload(a.events()[0]).replay).toEqual(ch.replayControl()!.data());
      await ch.stop();
      expect(ch.replayControl()).toBeUndefined();
    });
  });
});
