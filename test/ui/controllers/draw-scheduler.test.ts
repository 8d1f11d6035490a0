import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DrawScheduler, type DrawClock } from '../../../src/ui/controllers/draw-scheduler.js';

const FRAME_MS = 16;

/** Frames every 16 ms on vitest's fake timers; a host that is on the page. */
function harness(costMs: () => number, dueAt?: () => number | undefined) {
  const clock: DrawClock = {
    now: () => Date.now(),
    requestFrame: (callback) => setTimeout(callback, FRAME_MS - (Date.now() % FRAME_MS) || FRAME_MS) as unknown as number,
    cancelFrame: (handle) => clearTimeout(handle),
  };
  const draws: number[] = [];
  let pending = 0;
  const host = { addController: () => {} } as never;
  const scheduler = new DrawScheduler(
    host,
    {
      needsDraw: () => pending > 0,
      draw: () => {
        draws.push(Date.now());
        pending = 0;
        const cost = costMs();
        vi.advanceTimersByTime(0); // (nothing else runs while drawing)
        vi.setSystemTime(Date.now() + cost);
        return cost;
      },
      dueAt,
    },
    clock,
  );
  scheduler.hostConnected();
  const arrive = () => {
    pending++;
    scheduler.request();
  };
  return { scheduler, draws, arrive };
}

describe('DrawScheduler', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  /** Rows every 5 ms for one second. */
  function feed(arrive: () => void) {
    for (let at = 0; at < 1000; at += 5) {
      vi.advanceTimersByTime(5);
      arrive();
    }
  }

  it('draws at most once per frame when updates are cheap', () => {
    const { draws, arrive } = harness(() => 1);
    feed(arrive);
    // One per frame: never two in the same frame, and about every frame (each costs 1 ms of the clock).
    const frames = draws.map((at) => Math.floor(at / FRAME_MS));
    expect(new Set(frames).size).toBe(draws.length);
    expect(draws.length).toBeGreaterThanOrEqual(55);
  });

  it('spaces expensive updates so that drawing takes at most 40 % of the time', () => {
    const { draws, arrive } = harness(() => 30);
    feed(arrive);
    // 30 ms each, then 45 ms waited: one update per 75 ms at least, 80 ms with frames of 16 ms.
    for (let i = 1; i < draws.length; i++) expect(draws[i]! - draws[i - 1]!).toBeGreaterThanOrEqual(75);
    expect(draws.length).toBeGreaterThanOrEqual(11);
    const busy = (draws.length * 30) / (draws.at(-1)! - draws[0]! + 30);
    expect(busy).toBeLessThanOrEqual(0.4);
  });

  it('leaves a second after each update longer than twice a long task (a chart of tens of lines), but not after one slow update', () => {
    const costs = [200, 10, 10, 10, 10, 10, 150, 150, 150, 150, 150, 150, 150];
    const { draws, arrive } = harness(() => costs.shift() ?? 150);
    for (let at = 0; at < 8000; at += 5) {
      vi.advanceTimersByTime(5);
      arrive();
    }
    const gaps = draws.slice(1).map((at, i) => at - draws[i]!);
    // The first slow update (the chart's first, say) is spaced by the share only: 200 ms + 300 ms.
    expect(gaps[0]).toBeLessThan(200 + 300 + 2 * FRAME_MS);
    // The 150 ms updates: the first three follow fast ones (a smoothed cost of 42, 74, then 97 ms),
    // so only the share spaces them; from the fourth on, 150 ms, then a second's pause or, as the
    // smoothed cost nears 150 ms, 9 × that (a tenth of the time).
    expect(gaps.slice(6, 9).every((gap) => gap < 150 + 225 + 2 * FRAME_MS)).toBe(true);
    const slow = gaps.slice(9);
    expect(slow.length).toBeGreaterThanOrEqual(3);
    for (const gap of slow) expect(gap).toBeGreaterThanOrEqual(150 + 1000);
    for (const gap of slow) expect(gap).toBeLessThan(150 + 9 * 150 + 2 * FRAME_MS);
  });

  it('does not pause updates of 30–90 ms (two busy streams): the share alone spaces them', () => {
    const costs = [60, 90, 30, 90, 90, 90, 90, 90];
    const { draws, arrive } = harness(() => costs.shift() ?? 90);
    for (let at = 0; at < 3000; at += 5) {
      vi.advanceTimersByTime(5);
      arrive();
    }
    const gaps = draws.slice(1).map((at, i) => at - draws[i]!);
    expect(gaps.length).toBeGreaterThanOrEqual(10);
    for (const gap of gaps) expect(gap).toBeLessThan(90 + 135 + 2 * FRAME_MS);
  });

  it('keeps updates much longer than that to a tenth of the time', () => {
    const { draws, arrive } = harness(() => 250);
    for (let at = 0; at < 12_000; at += 5) {
      vi.advanceTimersByTime(5);
      arrive();
    }
    const gaps = draws.slice(1).map((at, i) => at - draws[i]!);
    // The first is spaced by the share (250 + 375 ms), then 250 ms and 9 × 250 ms waited.
    expect(gaps[0]).toBeLessThan(250 + 375 + 2 * FRAME_MS);
    expect(gaps.length).toBeGreaterThanOrEqual(4);
    for (const gap of gaps.slice(1)) expect(gap).toBeGreaterThanOrEqual(250 + 2250);
    for (const gap of gaps.slice(1)) expect(gap).toBeLessThan(250 + 2250 + 2 * FRAME_MS);
  });

  it('flush draws at once, whatever the budget; nothing runs after the host leaves', () => {
    const { scheduler, draws, arrive } = harness(() => 30);
    arrive();
    vi.advanceTimersByTime(FRAME_MS + 1);
    expect(draws.length).toBe(1);
    arrive();
    scheduler.flush();
    expect(draws.length).toBe(2);
    arrive();
    scheduler.hostDisconnected();
    vi.advanceTimersByTime(1000);
    expect(draws.length).toBe(2);
  });

  it('asks again when what the target left undrawn is due, though nothing new arrives', () => {
    const clock: DrawClock = {
      now: () => Date.now(),
      requestFrame: (callback) => setTimeout(callback, FRAME_MS) as unknown as number,
      cancelFrame: (handle) => clearTimeout(handle),
    };
    const draws: number[] = [];
    let pending = 0;
    // The first draw leaves its rows undrawn until t = 1,000 ms (as ChartFeed does with rows that change no pixel).
    let owedAt: number | undefined;
    const target = {
      needsDraw: () => pending > 0 || (owedAt !== undefined && Date.now() >= owedAt),
      draw: () => {
        draws.push(Date.now());
        owedAt = pending > 0 ? 1_000 : undefined;
        pending = 0;
        return 1;
      },
      dueAt: () => owedAt,
    };
    const scheduler = new DrawScheduler({ addController: () => {} } as never, target, clock);
    scheduler.hostConnected();
    pending = 1;
    scheduler.request();
    vi.advanceTimersByTime(FRAME_MS + 1);
    expect(draws).toEqual([FRAME_MS + 1]); // the frame, then the task right after it
    vi.advanceTimersByTime(1_000 - Date.now() - 1);
    expect(draws.length).toBe(1);
    vi.advanceTimersByTime(FRAME_MS + 2);
    expect(draws).toEqual([FRAME_MS + 1, 1_000 + FRAME_MS + 1]);
    vi.advanceTimersByTime(5_000);
    expect(draws.length).toBe(2); // nothing owed any more
    // Leaving the page cancels a due request.
    pending = 1;
    scheduler.request();
    vi.advanceTimersByTime(FRAME_MS + 1);
    scheduler.hostDisconnected();
    vi.advanceTimersByTime(2_000);
    expect(draws.length).toBe(3);
  });
});
