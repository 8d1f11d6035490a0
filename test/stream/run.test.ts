import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplayData } from '../../src/protocol/events.js';
import { SourceError } from '../../src/sources/errors.js';
import type { SourceNotice } from '../../src/sources/types.js';
import { StreamRun, type RunContext } from '../../src/stream/run.js';
import { streamShape } from '../../src/stream/stream-shape.js';
import { AlertCounts, emptyStats } from '../../src/stream/stream-stats.js';
import { Viewer } from '../../src/stream/viewer.js';
import { FakeResponse } from '../helpers/fake-response.js';
import { minuteRow, ScriptedSource, scriptedStream, settle, type ScriptedOptions } from '../helpers/scripted-source.js';
import { parseSse } from '../helpers/sse-client.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const iso = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
const update = (i: number) => ({ event: 'update', data: { timestamp: iso(i), v: i } });
const batch = (...rows: number[]) => ({ event: 'batch', data: { t: rows.map(iso), y: [rows] } });
const replayData = (jump: boolean): ReplayData => ({
  state: 'playing',
  speed: 1,
  position: { row: 5, time: iso(5) },
  segment: jump ? 1 : 0,
  jump,
});

/** A run of `stream` over a ScriptedSource, with one viewer, and the log lines it writes. */
function harness(stream: Record<string, unknown> = {}, options: ScriptedOptions = {}, cannotCreate?: unknown) {
  const config = scriptedStream(stream);
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const res = new FakeResponse();
  const sources: ScriptedSource[] = [];
  const ends: string[] = [];
  const context: RunContext = {
    config,
    shape: streamShape(config),
    logger,
    stats: emptyStats(),
    alerts: new AlertCounts(config.alerts, logger),
    viewers: new Set([new Viewer(res.asResponse(), { maxQueueBytes: 1 << 24, maxQueueEvents: 1 << 20 }, () => {})]),
    createSource: (notify) => {
      if (cannotCreate) throw cannotCreate;
      const source = new ScriptedSource(notify, options);
      sources.push(source);
      return source;
    },
    ended: () => ends.push(run.state),
  };
  const run = new StreamRun(context);
  return {
    run,
    context,
    res,
    ends,
    /** Log lines without pino's own fields. */
    logs: () => lines.map(({ level: _l, time: _t, pid: _p, hostname: _h, ...rest }) => rest),
    get source(): ScriptedSource {
      return sources[0]!;
    },
    /** What the viewer received: event names and parsed data. */
    events: () => parseSse(res.text()).map((e) => ({ event: e.event, data: JSON.parse(e.data) })),
    ids: () => parseSse(res.text()).map((e) => e.id),
    started: (rate: number | null) => ({ event: 'started', data: { run: run.id, startedAt: new Date(run.startedAt).toISOString(), rate } }),
  };
}

/** `<run>.1` … `<run>.n`. */
const runIds = (run: StreamRun, n: number) => Array.from({ length: n }, (_, i) => `${run.id}.${i + 1}`);

describe('StreamRun', () => {
  describe('from start to end', () => {
    it('publishes started, each row, then jobfinished, under ids <run>.1, <run>.2, …; then tells its channel', async () => {
      const h = harness({}, { nominalRate: 10 });
      expect(h.run.state).toBe('idle');
      const reading = h.run.start(undefined);
      expect(h.run.state).toBe('running');
      h.source.rows(minuteRow(0), minuteRow(1), minuteRow(2)).end();
      await reading;
      expect(h.events()).toEqual([
        h.started(10),
        update(0),
        update(1),
        update(2),
        { event: 'jobfinished', data: { rows: 3, progress: null, skipped: 0 } },
      ]);
      expect(h.ids()).toEqual(runIds(h.run, 5));
      expect(h.run.state).toBe('finished');
      expect(h.ends).toEqual(['finished']);
      expect(h.run.log.lastSeq()).toBe(5);
      expect(
        h.run.log
          .after(0)!
          .map((e) => e.frame.toString())
          .join(''),
      ).toBe(h.res.text());
      expect(h.context.stats).toEqual({ ...emptyStats(), rowsRead: 3, events: 5, rowsSent: 3, bytesSent: h.res.text().length });
      expect(h.source.signal!.aborted).toBe(false);
      expect(h.logs()).toEqual([
        { run: h.run.id, msg: 'stream started' },
        { run: h.run.id, msg: 'stream finished' },
      ]);
    });

    it('reads only once `after` (the previous run) has settled', async () => {
      const h = harness({}, { nominalRate: 10 });
      let release!: () => void;
      const after = new Promise<void>((resolve) => {
        release = resolve;
      });
      const reading = h.run.start(after);
      await settle();
      expect(h.events()).toEqual([h.started(10)]); // started is published at once
      expect(h.source.reads).toBe(0);
      release();
      await settle();
      expect(h.source.reads).toBe(1);
      h.source.end();
      await reading;
    });

    it('tells jobfinished the source’s progress and skipped records', async () => {
      const h = harness({}, { nominalRate: 10, progress: () => ({ row: 2, total: 2 }), skipped: () => 4 });
      const reading = h.run.start(undefined);
      h.source.rows(minuteRow(0), minuteRow(1)).end();
      await reading;
      expect(h.events().at(-1)).toEqual({ event: 'jobfinished', data: { rows: 2, progress: { row: 2, total: 2 }, skipped: 4 } });
      expect(h.context.stats.rowsRead).toBe(2);
    });

    it('keeps every row of the run in its history, backfill rows only there, and logs the seed', async () => {
      const h = harness({}, { nominalRate: 10, positioned: true });
      const reading = h.run.start(undefined);
      const ranges = [{ partition: 0, from: 1, end: 3 }];
      h.source
        .together([minuteRow(0), minuteRow(1)], [0, 1, 0, 2], true)
        .notice({ type: 'seeded', messages: 2, older: 5, since: Date.UTC(2024, 0, 1), ranges })
        .together([minuteRow(2)], [0, 3])
        .end();
      await reading;
      expect(h.events()).toEqual([h.started(10), update(2), { event: 'jobfinished', data: { rows: 3, progress: null, skipped: 0 } }]);
      expect(h.run.history.store.rows).toBe(3);
      expect(h.logs()[1]).toEqual({
        run: h.run.id,
        messages: 2,
        older: 5,
        since: '2024-01-01T00:00:00.000Z',
        rows: 2,
        from: iso(0),
        to: iso(1),
        kept: 2,
        offsets: ranges,
        msg: 'history seeded from the topic',
      });
    });
  });

  describe('rows go out before what follows them', () => {
    const notices: [string, SourceNotice, { event: string; data: unknown }][] = [
      ['looped', { type: 'looped', pass: 1 }, { event: 'looped', data: { pass: 1 } }],
      ['replay', { type: 'replay', data: replayData(false) }, { event: 'replay', data: replayData(false) }],
      ['a seek', { type: 'replay', data: replayData(true) }, { event: 'replay', data: replayData(true) }],
      ['status', { type: 'status', state: 'live' }, { event: 'status', data: { state: 'live', message: null } }],
    ];
    it.each(notices)('%s: the rows batched before the notice, then its event, then the rows after', async (_, notice, event) => {
      const h = harness({}, { nominalRate: 1000 });
      const reading = h.run.start(undefined);
      h.source.rows(minuteRow(0), minuteRow(1)).notice(notice).rows(minuteRow(2)).end();
      await reading;
      expect(h.events()).toEqual([
        h.started(1000),
        batch(0, 1),
        event,
        update(2),
        { event: 'jobfinished', data: { rows: 3, progress: null, skipped: 0 } },
      ]);
      expect(h.ids()).toEqual(runIds(h.run, 5));
    });

    it('a state change: after the rows before the row that changed it', async () => {
      const h = harness(
        { columns: ['timestamp', 'v', { column: 'state', type: 'text' }], states: { column: 'state' } },
        { nominalRate: 1000 },
      );
      const reading = h.run.start(undefined);
      h.source.rows(minuteRow(0), minuteRow(1), minuteRow(2, { state: 'ON' })).end();
      await reading;
      expect(h.events()).toEqual([
        h.started(1000),
        {
          event: 'batch',
          data: {
            t: [iso(0), iso(1)],
            y: [
              [0, 1],
              [null, null],
            ],
          },
        },
        { event: 'state', data: { value: 'ON', at: iso(2) } },
        { event: 'update', data: { timestamp: iso(2), v: 2, state: 'ON' } },
        { event: 'jobfinished', data: { rows: 3, progress: null, skipped: 0 } },
      ]);
      expect(h.run.marks.forViewer(1, true)).toEqual([{ name: 'state', payload: { value: 'ON', at: iso(2) }, seq: 3 }]);
      expect(h.logs()[1]).toEqual({ state: 'ON', at: iso(2), msg: 'state changed' });
    });

    it('an alert: after the rows before it; counted per rule, and remembered as firing until it resolves', async () => {
      const h = harness({ alerts: [{ name: 'high', column: 'v', above: 1.5 }] }, { nominalRate: 1000 });
      const reading = h.run.start(undefined);
      h.source.rows(minuteRow(0), minuteRow(1), minuteRow(2));
      await settle();
      expect(h.context.alerts.status(h.run.marks.firing())).toEqual([
        { rule: 'high', firing: true, transitions: { firing: 1, resolved: 0 } },
      ]);
      h.source.rows({ timestamp: iso(3), v: 1 }).end();
      await reading;
      const fired = { rule: 'high', state: 'firing', at: iso(2), value: 2 };
      const resolved = { rule: 'high', state: 'resolved', at: iso(3), value: 1 };
      expect(h.events()).toEqual([
        h.started(1000),
        batch(0, 1),
        { event: 'alert', data: fired },
        update(2),
        { event: 'alert', data: resolved },
        { event: 'update', data: { timestamp: iso(3), v: 1 } },
        { event: 'jobfinished', data: { rows: 4, progress: null, skipped: 0 } },
      ]);
      expect(h.ids()).toEqual(runIds(h.run, 7));
      expect(h.context.alerts.status(h.run.marks.firing())).toEqual([
        { rule: 'high', firing: false, transitions: { firing: 1, resolved: 1 } },
      ]);
      expect(h.logs().filter((l) => 'rule' in l)).toEqual([
        { ...fired, msg: 'alert high firing' },
        { ...resolved, msg: 'alert high resolved' },
      ]);
    });

    it('progress: every progressEveryMs, after the rows read so far', async () => {
      const h = harness({ progressEveryMs: 5, batch: { tickMs: 1000 } }, { nominalRate: 1000, progress: () => ({ row: 3, total: 10 }) });
      const reading = h.run.start(undefined);
      h.source.rows(minuteRow(0), minuteRow(1));
      await settle();
      vi.advanceTimersByTime(4);
      h.source.rows(minuteRow(2));
      await settle();
      expect(h.events()).toEqual([h.started(1000)]); // not yet due
      vi.advanceTimersByTime(1);
      h.source.rows(minuteRow(3), minuteRow(4)).end(); // the next is due 5 ms after this one
      await reading;
      expect(h.events()).toEqual([
        h.started(1000),
        batch(0, 1, 2, 3),
        { event: 'progress', data: { row: 3, total: 10 } },
        update(4),
        { event: 'jobfinished', data: { rows: 5, progress: { row: 3, total: 10 }, skipped: 0 } },
      ]);
    });

    it('progress: none with progressEveryMs 0, nor from a source that cannot tell', async () => {
      for (const [progressEveryMs, progress] of [
        [0, () => ({ row: 1 })],
        [5, undefined],
      ] as const) {
        const h = harness({ progressEveryMs }, { nominalRate: 10, progress });
        const reading = h.run.start(undefined);
        h.source.rows(minuteRow(0));
        await settle();
        vi.advanceTimersByTime(10);
        h.source.rows(minuteRow(1)).end();
        await reading;
        expect(h.events().map((e) => e.event)).toEqual(['started', 'update', 'update', 'jobfinished']);
      }
    });

    it('jobfinished: after the rows still batched', async () => {
      const h = harness({}, { nominalRate: 1000 });
      const reading = h.run.start(undefined);
      h.source.rows(minuteRow(0), minuteRow(1)).end();
      await reading;
      expect(h.events()).toEqual([h.started(1000), batch(0, 1), { event: 'jobfinished', data: { rows: 2, progress: null, skipped: 0 } }]);
    });

    it('sourceerror: after the rows read before the error, with the message of a SourceError', async () => {
      const h = harness({}, { nominalRate: 1000 });
      const reading = h.run.start(undefined);
      const error = new SourceError('the broker went away');
      h.source.rows(minuteRow(0), minuteRow(1)).fail(error);
      await reading;
      expect(h.events()).toEqual([h.started(1000), batch(0, 1), { event: 'sourceerror', data: { message: 'the broker went away' } }]);
      expect(h.ids()).toEqual(runIds(h.run, 3));
      expect(h.run.state).toBe('failed');
      expect(h.ends).toEqual(['failed']);
      expect(h.context.stats.sourceErrors).toBe(1);
      expect(h.logs()[1]).toMatchObject({ run: h.run.id, err: { message: 'the broker went away' }, msg: 'source error' });
    });

    it('sourceerror: any other error says only that the source failed', async () => {
      const h = harness({}, { nominalRate: 10 });
      const reading = h.run.start(undefined);
      h.source.fail(new Error('ENOENT /secret/path'));
      await reading;
      expect(h.events()).toEqual([h.started(10), { event: 'sourceerror', data: { message: 'the source failed' } }]);
    });

    it('a batch timer sends the rows of a quiet spell by itself', async () => {
      const h = harness({}, { nominalRate: 1000 });
      const reading = h.run.start(undefined);
      h.source.rows(minuteRow(0), minuteRow(1));
      await settle();
      expect(h.events()).toEqual([h.started(1000)]);
      vi.advanceTimersByTime(10); // batch.tickMs
      expect(h.events()).toEqual([h.started(1000), batch(0, 1)]);
      h.source.end();
      await reading;
    });
  });

  describe('a source that speaks while it is made', () => {
    it('its notice is the run’s first event, before started', async () => {
      const h = harness();
      const context: RunContext = {
        ...h.context,
        createSource: (notify) => {
          notify({ type: 'status', state: 'connecting' });
          return new ScriptedSource(notify, { nominalRate: 10 });
        },
      };
      const run = new StreamRun(context);
      const reading = run.start(undefined);
      expect(parseSse(h.res.text()).map((e) => [e.id, e.event])).toEqual([
        [`${run.id}.1`, 'status'],
        [`${run.id}.2`, 'started'],
      ]);
      run.stop();
      await reading;
    });
  });

  describe('when its source cannot be made', () => {
    it('fails at once: sourceerror is its first event, and reading is left to the previous run', () => {
      const h = harness({}, {}, new SourceError('no such file: pump.csv'));
      const after = Promise.resolve();
      expect(h.run.start(after)).toBe(after);
      expect(h.events()).toEqual([{ event: 'sourceerror', data: { message: 'no such file: pump.csv' } }]);
      expect(h.ids()).toEqual(runIds(h.run, 1));
      expect(h.run.state).toBe('failed');
      expect(h.run.source).toBeUndefined();
      expect(h.ends).toEqual(['failed']);
      expect(h.context.stats.sourceErrors).toBe(1);
    });
  });

  describe('notices', () => {
    it('status: told once per change (a retrying source repeats itself), and kept as the source status', async () => {
      const h = harness({}, { nominalRate: 10 });
      const reading = h.run.start(undefined);
      expect(h.run.notices.sourceStatus).toBeUndefined();
      h.source
        .notice({ type: 'status', state: 'connecting' })
        .notice({ type: 'status', state: 'connecting' })
        .notice({ type: 'status', state: 'live' })
        .notice({ type: 'status', state: 'live', message: 'rebalanced' })
        .notice({ type: 'status', state: 'live', message: 'rebalanced' });
      await settle();
      expect(h.events().slice(1)).toEqual([
        { event: 'status', data: { state: 'connecting', message: null } },
        { event: 'status', data: { state: 'live', message: null } },
        { event: 'status', data: { state: 'live', message: 'rebalanced' } },
      ]);
      expect(h.run.notices.sourceStatus).toBe('live');
      h.source.end();
      await reading;
    });

    it('looped: counts the pass, starts a history pass at its event, and restarts the derived signals with resetStagesOnLoop', async () => {
      for (const reset of [true, false]) {
        const h = harness(
          { stages: [{ type: 'diff', column: 'v' }], resetStagesOnLoop: reset, states: { column: 'v' } },
          { nominalRate: 10 },
        );
        const reading = h.run.start(undefined);
        h.source
          .rows(minuteRow(1), minuteRow(3))
          .notice({ type: 'looped', pass: 1 })
          .rows(minuteRow(1), minuteRow(6))
          .notice({ type: 'looped', pass: 2 })
          .end();
        await reading;
        const diffs = h.events().flatMap((e) => (e.event === 'update' ? [(e.data as { v_diff: number | null }).v_diff] : []));
        expect(diffs).toEqual(reset ? [null, 2, null, 5] : [null, 2, -2, 5]);
        expect(h.run.notices.pass).toBe(2);
        expect(h.run.history.store.currentPass).toBe(2);
        // the marks of a pass are those published from its `looped` event on (events 6 and 11)
        const annotations = h.run.history.source('s', h.run.id, false, h.run.marks).annotations!;
        const values = (pass: number) => annotations(0, Date.UTC(2025, 0, 1), pass).states.map((s) => s.value);
        expect(h.events().map((e) => e.event)).toEqual([
          'started',
          'state',
          'update',
          'state',
          'update',
          'looped',
          'state',
          'update',
          'state',
          'update',
          'looped',
          'jobfinished',
        ]);
        expect([values(0), values(1), values(2), values(3)]).toEqual([['1', '3'], ['1', '6'], [], []]);
      }
    });

    it('replay: a seek starts a new segment and history pass at its event; other replay changes do neither', async () => {
      const h = harness({}, { nominalRate: 10 });
      const reading = h.run.start(undefined);
      h.source.rows(minuteRow(0)).notice({ type: 'replay', data: replayData(false) });
      await settle();
      expect(h.run.notices.segmentStart).toBe(0);
      expect(h.run.history.store.currentPass).toBe(0);
      h.source
        .rows(minuteRow(1))
        .notice({ type: 'replay', data: replayData(true) })
        .rows(minuteRow(2));
      await settle();
      expect(h.events().map((e) => e.event)).toEqual(['started', 'update', 'replay', 'update', 'replay', 'update']);
      expect(h.run.notices.segmentStart).toBe(5);
      expect(h.run.history.store.currentPass).toBe(1);
      expect(h.run.notices.pass).toBe(0); // a seek is not a loop
      h.source.end();
      await reading;
    });

    it('a notice after the run ended is dropped', async () => {
      const h = harness({}, { nominalRate: 10 });
      const reading = h.run.start(undefined);
      h.source.rows(minuteRow(0)).end();
      await reading;
      h.source.notify({ type: 'status', state: 'live' });
      h.source.notify({ type: 'looped', pass: 1 });
      expect(h.events().map((e) => e.event)).toEqual(['started', 'update', 'jobfinished']);
      expect(h.run.notices.sourceStatus).toBeUndefined();
      expect(h.run.notices.pass).toBe(0);
    });
  });

  describe('stop()', () => {
    it('aborts the source, drops the rows still batched, and publishes nothing more of the run', async () => {
      const h = harness({}, { nominalRate: 1000, ignoresAbort: true });
      const reading = h.run.start(undefined);
      h.source.rows(minuteRow(0), minuteRow(1));
      await settle();
      h.run.stop();
      expect(h.run.state).toBe('idle');
      expect(h.source.signal!.aborted).toBe(true);
      vi.advanceTimersByTime(1000); // the batch timer is gone with its rows
      // a source slow to unwind still says something and yields a row, then ends
      h.source.notice({ type: 'status', state: 'live' }).rows(minuteRow(2)).end();
      await reading;
      expect(h.events()).toEqual([h.started(1000)]);
      expect(h.run.log.lastSeq()).toBe(1);
      expect(h.run.notices.sourceStatus).toBeUndefined();
      expect(h.run.state).toBe('idle');
      expect(h.ends).toEqual([]);
      expect(h.context.stats.rowsRead).toBe(2);
      expect(h.logs().at(-1)).toEqual({ run: h.run.id, msg: 'stream stopped' });
    });

    it('an error the source throws after it was stopped is no source error', async () => {
      const h = harness({}, { nominalRate: 10, ignoresAbort: true });
      const reading = h.run.start(undefined);
      await settle();
      h.run.stop();
      h.source.fail(new SourceError('aborted'));
      await reading;
      expect(h.events()).toEqual([h.started(10)]);
      expect(h.run.state).toBe('idle');
      expect(h.context.stats.sourceErrors).toBe(0);
    });

    it('leaves an ended run as it ended', async () => {
      const h = harness({}, { nominalRate: 10 });
      const reading = h.run.start(undefined);
      h.source.end();
      await reading;
      h.run.stop();
      expect(h.run.state).toBe('finished');
    });
  });

  describe('a positioned source (Kafka)', () => {
    it('names data events by the log position reached, and lifecycle events after them by that position and a count', async () => {
      const h = harness({}, { nominalRate: 1000, positioned: true });
      const reading = h.run.start(undefined);
      expect(h.run.positioned).toBe(true);
      h.source
        .notice({ type: 'status', state: 'connecting' })
        .together([minuteRow(0), minuteRow(1)], [1, 20, 0, 10])
        .notice({ type: 'status', state: 'live' })
        .together([minuteRow(2)], [0, 11])
        .end();
      await reading;
      expect(h.ids()).toEqual([`${h.run.id}.1`, `${h.run.id}.2`, '0:10,1:20', '0:10,1:20/1', '0:11,1:20', '0:11,1:20/1']);
      expect(h.events().map((e) => e.event)).toEqual(['started', 'status', 'batch', 'status', 'update', 'jobfinished']);
      expect(h.run.log.after(0)!.map((e) => e.positions)).toEqual([undefined, undefined, [1, 20, 0, 10], undefined, [0, 11], undefined]);
    });

    it('uses run ids for a source without positions', async () => {
      const h = harness({}, { nominalRate: 10 });
      const reading = h.run.start(undefined);
      expect(h.run.positioned).toBe(false);
      h.source.end();
      await reading;
    });
  });
});
