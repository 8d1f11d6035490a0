import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReplayControl, ReplayRefusal, type ReplayHost } from '../../src/sources/replay-control.js';

afterEach(() => vi.useRealTimers());
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });

function host(overrides: Partial<ReplayHost<number>> = {}): ReplayHost<number> {
  return {
    paced: true,
    status: () => ({ position: { row: 7, total: 100, time: null }, range: { rows: 100, from: null, to: null } }),
    planSeek: async (seek) => ('row' in seek ? seek.row : 0),
    ...overrides,
  };
}

/** When (fake ms after the start) the waits for these schedule offsets end, waited for in order. */
async function dueTimes(control: ReplayControl<number>, offsets: number[], whileWaiting: (at: number) => void | Promise<void> = () => {}) {
  const start = performance.now();
  const times: number[] = [];
  const signal = new AbortController().signal;
  const done = (async () => {
    for (const offset of offsets) {
      await control.waitFor(offset, signal);
      times.push(performance.now() - start);
    }
  })();
  for (let t = 0; t < 10_000 && times.length < offsets.length; t += 10) {
    await whileWaiting(t);
    await vi.advanceTimersByTimeAsync(10);
  }
  await done;
  return times;
}

describe('ReplayControl', () => {
  it('at speed 1, a row is due at its schedule offset', async () => {
    fakeClock();
    const control = new ReplayControl<number>();
    control.attach(host());
    expect(await dueTimes(control, [0, 100, 200, 300])).toEqual([0, 100, 200, 300]);
  });

  it('a speed change applies from the moment it is given: rows after it come that many times faster', async () => {
    fakeClock();
    const control = new ReplayControl<number>();
    control.attach(host());
    const times = await dueTimes(control, [0, 100, 200, 1200, 2200], async (at) => {
      if (at === 200) await control.command({ speed: 10 });
    });
    // Offset 200 is due at 200 ms; from then, 1000 ms of schedule take 100 ms.
    expect(times).toEqual([0, 100, 200, 300, 400]);
  });

  it('a pause stops the clock where it is; a resume starts it again from there', async () => {
    fakeClock();
    const control = new ReplayControl<number>();
    control.attach(host());
    const times = await dueTimes(control, [0, 100, 200], async (at) => {
      if (at === 150) await control.command({ action: 'pause' });
      if (at === 1150) await control.command({ action: 'resume' });
    });
    // 50 ms were left before offset 200 when paused at 150: it is due 50 ms after the resume.
    expect(times).toEqual([0, 100, 1200]);
  });

  it('the first row of a new segment is due at once, even paused; the next waits for the resume', async () => {
    fakeClock();
    const control = new ReplayControl<number>();
    control.attach(host());
    const answer = control.command({ action: 'pause', seek: { row: 5 } });
    await vi.waitFor(() => expect(control.seekPending).toBe(true));
    expect(control.takeSeek()).toBe(5);
    control.startSegment();
    expect(await answer).toMatchObject({ state: 'paused', segment: 1 }); // answered once the jump is made
    const times = await dueTimes(control, [0, 100], async (at) => {
      if (at === 500) await control.command({ action: 'resume' });
    });
    expect(times).toEqual([0, 600]);
    expect(control.segment).toBe(1);
  });

  it('a wait ends (false) when a seek is given, and the seek is taken once', async () => {
    fakeClock();
    const control = new ReplayControl<number>();
    control.attach(host());
    const waiting = control.waitFor(60_000, new AbortController().signal);
    const answer = control.command({ seek: { row: 3 } });
    expect(await waiting).toBe(false);
    expect(control.takeSeek()).toBe(3);
    expect(control.takeSeek()).toBeUndefined();
    control.startSegment();
    await answer;
  });

  it('a command with a refused part changes nothing, and tells no one', async () => {
    const changes: unknown[] = [];
    const control = new ReplayControl<number>();
    control.onChange = (data) => changes.push(data);
    control.attach(
      host({
        planSeek: async () => {
          throw new ReplayRefusal(422, 'past the end');
        },
      }),
    );
    await expect(control.command({ action: 'pause', speed: 5, seek: { row: 1e9 } })).rejects.toThrow('past the end');
    expect(control.status()).toMatchObject({ state: 'playing', speed: 1, segment: 0 });
    expect(control.seekPending).toBe(false);
    expect(changes).toEqual([]);
  });

  it('refuses a speed for an unpaced replay (409)', async () => {
    const control = new ReplayControl<number>();
    control.attach(host({ paced: false }));
    await expect(control.command({ speed: 2 })).rejects.toMatchObject({ status: 409 });
    expect(control.speed).toBe(1);
  });

  it('tells a change that is not a seek at once, with the state it leads to', async () => {
    const changes: unknown[] = [];
    const control = new ReplayControl<number>();
    control.onChange = (data) => changes.push(data);
    control.attach(host());
    await control.command({ action: 'pause', speed: 10 });
    control.jumpWaitMs = 0; // no reader here to make the jump
    await control.command({ seek: { row: 9 } });
    expect(changes).toEqual([{ state: 'paused', speed: 10, position: { row: 7, total: 100, time: null }, segment: 0, jump: false }]);
  });

  it('a command given while the file opens waits for it, and is applied once it is open', async () => {
    fakeClock();
    const control = new ReplayControl<number>();
    const answer = control.command({ action: 'pause', speed: 10 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(control.state).toBe('playing'); // nothing applied before the file is open
    control.attach(host());
    await expect(answer).resolves.toMatchObject({ state: 'paused', speed: 10 });
  });

  it('refuses a command (409) when the file is not open within jumpWaitMs, and changes nothing', async () => {
    fakeClock();
    const control = new ReplayControl<number>();
    control.jumpWaitMs = 2000;
    const refused = expect(control.command({ action: 'pause' })).rejects.toMatchObject({
      status: 409,
      message: 'the replay has not opened its file yet',
    });
    await vi.advanceTimersByTimeAsync(2000);
    await refused;
    control.attach(host());
    expect(control.state).toBe('playing');
  });
});
