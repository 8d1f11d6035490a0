import { describe, expect } from 'vitest';
import { replayStatusSchema } from '../../../src/protocol/schemas.js';
import { withDaemon } from '../../helpers/fixtures.js';
import { startTestDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { connectSse, type SseConnection, type SseEvent } from '../../helpers/sse-client.js';
import { rowTimes } from '../../helpers/sse-events.js';
import { pumpCsv } from '../../helpers/temp.js';

// Replay control over real HTTP: an operator's command reaches every viewer of the stream.
const OPERATOR = 'operator-secret-0123456789';
const VIEWER = 'viewer-secret-0123456789';
const ROWS = 20_000;
const columns = ['timestamp', 'sensor_04'];
const paced = (file = 'pump.csv') => ({ type: 'csv', file, rate: 100 });
/** The time of row i of pumpCsv (one row a minute from 2024-01-01), as it is on the wire. */
const minute = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();

const it = withDaemon({
  server: { auth: { token: VIEWER, operatorToken: OPERATOR } },
  streams: [
    { id: 'crowd', source: paced(), columns, history: 20 },
    { id: 'resume', source: paced(), columns, history: 20 },
    { id: 'history', source: paced(), columns },
    { id: 'bad', source: paced(), columns },
    { id: 'idle', source: paced(), columns },
    { id: 'kafka', source: { type: 'kafka', brokers: ['127.0.0.1:1'], topic: 't', connectionTimeoutMs: 200 }, columns },
  ],
  files: { 'pump.csv': pumpCsv(ROWS, ['sensor_04']) },
});

const viewers: SseConnection[] = [];
function watch(daemon: TestDaemon, id: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return connectSse(`${daemon.url}/api/streams/${id}/events`, { Authorization: `Bearer ${VIEWER}`, ...headers }).then((sse) => {
    viewers.push(sse);
    return sse;
  });
}

async function post(daemon: TestDaemon, id: string, body: unknown, token: string | null = OPERATOR, contentType = 'application/json') {
  const headers: Record<string, string> = { 'Content-Type': contentType };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${daemon.url}/api/streams/${id}/replay`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function state(daemon: TestDaemon, id: string) {
  const res = await fetch(`${daemon.url}/api/streams/${id}/replay`, { headers: { Authorization: `Bearer ${OPERATOR}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** The events after the n-th (from 1) `replay` event, and that event's data. */
function afterReplay(events: readonly SseEvent[], n: number): { data: Record<string, any> | undefined; after: SseEvent[] } {
  let seen = 0;
  for (let i = 0; i < events.length; i++) {
    if (events[i]!.event === 'replay' && ++seen === n) return { data: JSON.parse(events[i]!.data), after: events.slice(i + 1) };
  }
  return { data: undefined, after: [] };
}

// `<run>.<seq>`, or `<run>.<seq>.<rows>` for a stream with a store.
const seqOf = (id: string) => Number(id.split('.')[1]);

describe('replay control', () => {
  describe('with 100 viewers', () => {
    it('a seek moves every viewer to the row asked for, with no row from before it after the jump', async ({ daemon }) => {
      const crowd = await Promise.all(Array.from({ length: 100 }, () => watch(daemon, 'crowd')));
      await Promise.all(crowd.map((v) => v.until((events) => rowTimes(events).length > 0)));

      const answer = await post(daemon, 'crowd', { seek: { row: 12_000 } });
      expect(answer.status).toBe(200);
      expect(replayStatusSchema.parse(answer.body)).toMatchObject({
        state: 'playing',
        speed: 1,
        segment: 1,
        position: { row: 12_000, total: ROWS },
      });

      for (const viewer of crowd) {
        await viewer.until((events) => rowTimes(afterReplay(events, 1).after).length >= 5);
        const { data, after } = afterReplay(viewer.events, 1);
        expect(data).toEqual({
          state: 'playing',
          speed: 1,
          position: { row: 12_000, total: ROWS, time: minute(12_000) },
          segment: 1,
          jump: true,
        });
        expect(rowTimes(after).slice(0, 5)).toEqual([12_000, 12_001, 12_002, 12_003, 12_004].map(minute));
        // Event ids go on from where they were: a viewer can resume across the seek.
        const seqs = viewer.events.map((e) => seqOf(e.id));
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThanOrEqual(seqs[i - 1]!);
      }
    });

    it('a speed change reaches every viewer, and rows come that many times faster', async ({ daemon }) => {
      const crowd = viewers.slice(0, 100);
      const answer = await post(daemon, 'crowd', { speed: 10 });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ speed: 10, state: 'playing', segment: 1 });
      const sent = performance.now();
      for (const viewer of crowd) {
        await viewer.until((events) => afterReplay(events, 2).data !== undefined);
        expect(afterReplay(viewer.events, 2).data).toMatchObject({ state: 'playing', speed: 10, segment: 1, jump: false });
      }
      // 300 rows take 3 s at the configured 100 rows/s, 0.3 s at ×10.
      await crowd[0]!.until((events) => rowTimes(afterReplay(events, 2).after).length >= 300);
      expect(performance.now() - sent).toBeLessThan(1500);
      expect((await post(daemon, 'crowd', { speed: 1 })).body.speed).toBe(1);
    });

    it('a pause stops every viewer; a resume goes on from the next row, none skipped or repeated', async ({ daemon }) => {
      const crowd = viewers.slice(0, 100);
      expect((await post(daemon, 'crowd', { action: 'pause' })).body).toMatchObject({ state: 'paused' });
      for (const viewer of crowd) await viewer.until((events) => afterReplay(events, 4).data?.state === 'paused');
      const pausedAt = (await state(daemon, 'crowd')).body.position.row;
      // A wait that shows nothing more happens: at 100 rows/s, 50 rows would arrive in it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const viewer of crowd) expect(rowTimes(afterReplay(viewer.events, 4).after)).toEqual([]);
      expect((await state(daemon, 'crowd')).body).toMatchObject({ state: 'paused', position: { row: pausedAt } });

      expect((await post(daemon, 'crowd', { action: 'resume' })).body).toMatchObject({ state: 'playing' });
      for (const viewer of crowd) {
        await viewer.until((events) => rowTimes(afterReplay(events, 5).after).length >= 3);
        const beforePause = rowTimes(
          viewer.events.slice(
            0,
            viewer.events.findIndex((e) => e.event === 'replay' && JSON.parse(e.data).state === 'paused'),
          ),
        );
        const resumed = rowTimes(afterReplay(viewer.events, 5).after);
        const last = Date.parse(beforePause.at(-1) as string);
        expect(resumed[0]).toBe(new Date(last + 60_000).toISOString());
        expect(resumed[0]).toBe(minute(pausedAt));
      }
    });
  });

  describe('resuming across a seek', () => {
    it('a viewer whose last id is from before a seek gets the events since: the rows it missed, the jump, the new rows', async ({
      daemon,
    }) => {
      const first = await watch(daemon, 'resume');
      await first.until((events) => rowTimes(events).length >= 10);
      first.close();
      const lastId = first.events.at(-1)!.id;
      const lastTime = rowTimes(first.events).at(-1) as string;

      expect((await post(daemon, 'resume', { seek: { time: '2024-01-04T11:20:00Z' } })).body.position).toEqual({
        row: 5000,
        total: ROWS,
        time: minute(5000),
      });

      const back = await watch(daemon, 'resume', { 'Last-Event-ID': lastId });
      await back.until((events) => rowTimes(afterReplay(events, 1).after).length >= 3);
      expect(back.events.map((e) => e.event)).not.toContain('reset');
      // Nothing it had is sent again, nothing it missed is left out: the next row, up to the seek.
      const missed = rowTimes(
        back.events.slice(
          0,
          back.events.findIndex((e) => e.event === 'replay'),
        ),
      );
      expect(missed[0]).toBe(new Date(Date.parse(lastTime) + 60_000).toISOString());
      for (let i = 1; i < missed.length; i++) expect(Date.parse(missed[i] as string) - Date.parse(missed[i - 1] as string)).toBe(60_000);
      expect(afterReplay(back.events, 1).data).toMatchObject({ jump: true, segment: 1, position: { row: 5000 } });
      expect(rowTimes(afterReplay(back.events, 1).after).slice(0, 3)).toEqual([minute(5000), minute(5001), minute(5002)]);
      const seqs = back.events.slice(1).map((e) => seqOf(e.id)); // after meta
      expect(seqs[0]).toBe(seqOf(lastId) + 1);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
    });

    it('a new viewer after a seek gets recent rows from the new segment only, and the replay state in meta', async ({ daemon }) => {
      const fresh = await watch(daemon, 'resume');
      await fresh.until((events) => rowTimes(events).length > 0);
      const meta = JSON.parse(fresh.events[0]!.data);
      expect(meta.replay).toMatchObject({ state: 'playing', speed: 1, segment: 1, jump: false });
      const times = rowTimes(fresh.events).map((t) => Date.parse(t as string));
      expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(minute(5000)));
    });
  });

  describe('the history', () => {
    it('keeps the rows after a seek back as a pass of their own: the newest pass has each time once', async ({ daemon }) => {
      const viewer = await watch(daemon, 'history');
      await viewer.until((events) => rowTimes(events).length >= 30);
      expect((await post(daemon, 'history', { seek: { row: 5 } })).status).toBe(200);
      await viewer.until((events) => rowTimes(afterReplay(events, 1).after).length >= 10);
      const query = async (pass?: number) => {
        const params = new URLSearchParams({
          from: minute(0),
          to: minute(100_000), // past every row, however many came before the seek on a busy machine
          points: '1000',
          ...(pass === undefined ? {} : { pass: String(pass) }),
        });
        const res = await fetch(`${daemon.url}/api/streams/history/history?${params}`, { headers: { Authorization: `Bearer ${VIEWER}` } });
        return (await res.json()) as {
          pass: number;
          resolution: string;
          series: { t: number[] }[];
          passes: { pass: number; from: number }[];
        };
      };
      const before = rowTimes(
        viewer.events.slice(
          0,
          viewer.events.findIndex((e) => e.event === 'replay'),
        ),
      ) as string[];
      const newest = await query();
      expect(newest.pass).toBe(1);
      expect(newest.resolution).toBe('full');
      const times = newest.series[0]!.t;
      expect(times[0]).toBe(Date.parse(minute(5)));
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(60_000);
      expect(newest.passes.map((p) => [p.pass, p.from])).toEqual([
        [0, Date.parse(minute(0))],
        [1, Date.parse(minute(5))],
      ]);
      // The rows before the seek stay in their pass, all of them.
      const old = await query(0);
      expect(old.series[0]!.t).toEqual(before.map((t) => Date.parse(t)));
    });
  });

  describe('bad input', () => {
    it('answers 4xx JSON and changes nothing', async ({ daemon }) => {
      const watcher = await watch(daemon, 'bad');
      await watcher.until((events) => rowTimes(events).length > 0);
      await expect.poll(async () => (await state(daemon, 'bad')).body.range.rows, { timeout: 15_000 }).toBe(ROWS); // the index is built (the first request starts it)
      const before = (await state(daemon, 'bad')).body;
      const cases: [string, unknown, number, RegExp, string?][] = [
        ['an unknown action', { action: 'rewind' }, 400, /action must be "pause" or "resume"/],
        ['a negative speed', { speed: -2 }, 400, /^speed: /],
        ['a zero speed', { speed: 0 }, 400, /^speed: /],
        ['an absurd speed', { speed: 1e6 }, 400, /^speed: /],
        ['a speed that is not a number', { speed: 'fast' }, 400, /^speed: /],
        ['a seek past the end', { seek: { row: ROWS } }, 422, /row 20000 is past the end \(rows are 0 to 19999\)/],
        ['a seek before the start', { seek: { row: -1 } }, 422, /row -1 is before the start/],
        [
          'a seek to a time before the start',
          { seek: { time: '2023-12-31T23:00:00Z' } },
          422,
          /is before the start \(the file runs from 2024-01-01T00:00:00.000Z to/,
        ],
        ['a seek to a time past the end', { seek: { time: '2030-01-01T00:00:00Z' } }, 422, /is past the end/],
        ['a seek to something that is not a time', { seek: { time: 'tuesday' } }, 400, /is not a time/],
        ['a seek by something else', { seek: { line: 3 } }, 400, /seek/],
        ['a fractional row', { seek: { row: 1.5 } }, 400, /seek/],
        ['an unknown field', { action: 'pause', volume: 11 }, 400, /unknown field "volume"/],
        ['an empty command', {}, 400, /give action, speed or seek/],
        ['a valid part beside an invalid one', { action: 'pause', seek: { row: ROWS + 5 } }, 422, /past the end/],
        ['a body that is not JSON', '{"action": pau', 400, /not valid JSON/],
        ['a body that is not declared JSON', 'action=pause', 415, /must be JSON/, 'application/x-www-form-urlencoded'],
      ];
      for (const [what, body, status, message, contentType] of cases) {
        const answer = await post(daemon, 'bad', body, OPERATOR, contentType);
        expect(answer.status, what).toBe(status);
        expect(answer.body.error.status, what).toBe(status);
        expect(answer.body.error.message, what).toMatch(message);
      }
      const after = (await state(daemon, 'bad')).body;
      expect({ ...after, position: undefined }).toEqual({ ...before, position: undefined });
      expect(watcher.events.map((e) => e.event)).not.toContain('replay');
    });

    it('refuses a missing (401), a wrong (403) and the viewer token (403); never logs the operator token', async ({ daemon }) => {
      const missing = await post(daemon, 'bad', { action: 'pause' }, null);
      expect(missing.status).toBe(401);
      expect(missing.body.error.message).toMatch(/operator token is required/);
      expect((await post(daemon, 'bad', { action: 'pause' }, 'x'.repeat(30))).status).toBe(403);
      expect((await post(daemon, 'bad', { action: 'pause' }, VIEWER)).status).toBe(403);
      expect((await state(daemon, 'bad')).body.state).toBe('playing');
      expect(daemon.logs.some((line) => line.msg === 'replay control')).toBe(true); // commands are logged …
      expect(JSON.stringify(daemon.logs)).not.toContain(OPERATOR); // … the token never
    });

    it('refuses streams that are not file replays (409), not running (409) or unknown (404)', async ({ daemon }) => {
      const kafka = await post(daemon, 'kafka', { action: 'pause' });
      expect(kafka).toMatchObject({ status: 409, body: { error: { message: 'stream kafka is not a file replay (its source is kafka)' } } });
      expect((await state(daemon, 'kafka')).status).toBe(409);
      const idle = await post(daemon, 'idle', { action: 'pause' });
      expect(idle.status).toBe(409);
      expect(idle.body.error.message).toMatch(/not running \(idle\)/);
      expect((await post(daemon, 'nope', { action: 'pause' })).status).toBe(404);
    });
  });

  it.sequential('closes the viewers', () => {
    for (const viewer of viewers) viewer.close();
  });
});

describe('without an operator token configured', () => {
  it('the replay route answers 404 (even with a token), and the viewer routes are as before', async () => {
    const daemon = await startTestDaemon({
      streams: [{ id: 's', source: paced(), columns }],
      files: { 'pump.csv': pumpCsv(10, ['sensor_04']) },
    });
    try {
      for (const token of [null, OPERATOR]) {
        const answer = await post(daemon, 's', { action: 'pause' }, token);
        expect(answer.status).toBe(404);
        expect(answer.body.error.message).toMatch(/replay control is off/);
      }
      expect((await fetch(`${daemon.url}/api/streams/s`)).status).toBe(200);
    } finally {
      await daemon.stop();
    }
  });
});
