import { describe, expect, it } from 'vitest';
import type { MetaData } from '../../src/protocol/events.js';
import { initialFeed, reduceFeed, wireEvent, type FeedAction, type FeedState } from '../../src/ui/feed-reducer.js';

const meta = (over: Partial<MetaData> = {}): MetaData => ({
  id: 'pump-1',
  title: 'Pump 1',
  source: 'csv',
  time: 'timestamp',
  columns: [{ name: 'sensor_04', type: 'number', axis: 'y' }],
  thresholds: [],
  states: null,
  keepMs: 86_400_000,
  alerts: [],
  state: 'running',
  status: null,
  viewers: 1,
  run: 'r1',
  startedAt: '2024-03-11T06:00:00.000Z',
  rate: 10,
  progress: { row: 5, total: 30 },
  pass: 0,
  ...over,
});

const run = (actions: FeedAction[], from: FeedState = initialFeed) => actions.reduce(reduceFeed, from);
const live: FeedAction[] = [
  { type: 'start' },
  { type: 'connection', state: 'connecting' },
  { type: 'connection', state: 'live' },
  wireEvent('meta', meta()),
];

describe('reduceFeed', () => {
  it('goes connecting → live, and takes progress and pass from meta', () => {
    const connecting = run(live.slice(0, 2));
    expect([connecting.running, connecting.status]).toEqual([true, 'connecting']);
    const state = run(live);
    expect(state).toMatchObject({ running: true, status: 'live', progress: { row: 5, total: 30 }, pass: 0, layout: 1 });
  });

  it('ignores connection changes while not running', () => {
    expect(reduceFeed(initialFeed, { type: 'connection', state: 'live' }).status).toBe('idle');
  });

  it('makes a new layout for another run or other columns, not for the same meta again (a reconnect)', () => {
    const state = run(live);
    expect(reduceFeed(state, wireEvent('meta', meta())).layout).toBe(1);
    expect(reduceFeed(state, wireEvent('meta', meta({ run: 'r2' }))).layout).toBe(2);
    expect(reduceFeed(state, wireEvent('meta', meta({ columns: [{ name: 'flow', type: 'number', axis: 'y2' }] }))).layout).toBe(2);
  });

  it('shows a source that is not live as reconnecting with its reason, and stays so when the connection opens', () => {
    const down = run([...live, wireEvent('status', { state: 'reconnecting', message: 'brokers unreachable' })]);
    expect([down.status, down.sourceMessage]).toEqual(['reconnecting', 'brokers unreachable']);
    expect(reduceFeed(down, { type: 'connection', state: 'live' }).status).toBe('reconnecting');
    const back = reduceFeed(down, wireEvent('status', { state: 'live', message: null }));
    expect([back.status, back.sourceMessage]).toEqual(['live', '']);
  });

  it('counts the passes of a looping replay and empties the window on each loop', () => {
    const state = run([...live, wireEvent('looped', { pass: 1 }), wireEvent('looped', { pass: 2 })]);
    expect([state.pass, state.clears]).toEqual([2, 2]);
  });

  it("takes an operator's replay state, and empties the window at every seek (jump), not at a pause or speed change", () => {
    const replay = (over: object) => ({
      state: 'playing' as const,
      speed: 1,
      position: { row: 9, total: 30, time: null },
      segment: 0,
      jump: false,
      ...over,
    });
    const joined = run([
      { type: 'start' },
      { type: 'connection', state: 'live' },
      wireEvent('meta', meta({ replay: replay({ state: 'paused', speed: 10, segment: 1 }) })),
    ]);
    expect(joined.replay).toMatchObject({ state: 'paused', speed: 10 });
    const paused = reduceFeed(joined, wireEvent('replay', replay({ speed: 2, segment: 1 })));
    expect([paused.replay?.speed, paused.clears]).toEqual([2, joined.clears]);
    // A viewer resuming from before a seek: meta already names segment 1; the jump still clears.
    const jumped = reduceFeed(
      paused,
      wireEvent('replay', replay({ segment: 1, jump: true, position: { row: 20, total: 30, time: null } })),
    );
    expect([jumped.clears, jumped.progress]).toEqual([joined.clears + 1, { row: 20, total: 30 }]);
    expect(run(live).replay).toBeNull(); // not a file replay
  });

  it('stops as finished with the records skipped, keeping the progress when the source has none', () => {
    const done = run([...live, wireEvent('jobfinished', { rows: 30, progress: { row: 30, total: 30 }, skipped: 3 })]);
    expect(done).toMatchObject({
      running: false,
      status: 'finished',
      stopReason: 'finished',
      skipped: 3,
      progress: { row: 30, total: 30 },
    });
    const clean = run([...live, wireEvent('jobfinished', { rows: 30, progress: null, skipped: 0 })]);
    expect([clean.skipped, clean.progress]).toEqual([0, { row: 5, total: 30 }]);
  });

  it('stops with an error on sourceerror and on a refused token, and counts each failure', () => {
    const failed = run([...live, wireEvent('sourceerror', { message: 'file vanished' })]);
    expect(failed).toMatchObject({ running: false, status: 'error', stopReason: 'error', error: 'file vanished', errors: 1 });
    const refused = run([...live, { type: 'refused', message: 'needs a token' }, { type: 'refused', message: 'needs a token' }]);
    expect([refused.status, refused.errors]).toEqual(['error', 2]);
  });

  it('on end: removed stops (and reloads the list), changed and shutdown wait for the reconnect', () => {
    const removed = run([...live, wireEvent('end', { reason: 'removed' })]);
    expect(removed).toMatchObject({
      running: false,
      stopReason: 'removed',
      status: 'idle',
      listChanges: 1,
      error: 'the stream was removed from the server',
    });
    const changed = run([...live, wireEvent('end', { reason: 'changed' })]);
    expect(changed).toMatchObject({ running: true, status: 'reconnecting', listChanges: 1 });
    const shutdown = run([...live, wireEvent('end', { reason: 'shutdown' })]);
    expect(shutdown).toMatchObject({ running: true, status: 'reconnecting', listChanges: 0 });
  });

  it('on reset forgets the meta and empties the window; started zeroes pass and skipped', () => {
    const reset = run([...live, wireEvent('looped', { pass: 4 }), wireEvent('reset', { reason: 'another run' })]);
    expect([reset.meta, reset.clears]).toEqual([undefined, 2]);
    expect(run([...live, wireEvent('looped', { pass: 4 }), wireEvent('started', { run: 'r2', startedAt: '', rate: 10 })]).pass).toBe(0);
  });

  it('a stop after a stop changes nothing; rows and unknown events change nothing', () => {
    const stopped = run([...live, { type: 'stop', reason: 'stopped' }]);
    expect([stopped.running, stopped.status, stopped.stopReason]).toEqual([false, 'idle', 'stopped']);
    expect(reduceFeed(stopped, { type: 'stop', reason: 'error' })).toBe(stopped);
    const state = run(live);
    expect(reduceFeed(state, wireEvent('batch', { t: ['x'], y: [[1]] }))).toBe(state);
    expect(reduceFeed(state, wireEvent('nonsense', {}))).toBe(state);
  });

  it('does not change the state it is given', () => {
    const state = run(live);
    const copy = structuredClone(state);
    reduceFeed(state, wireEvent('looped', { pass: 9 }));
    expect(state).toEqual(copy);
  });
});
