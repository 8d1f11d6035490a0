import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../src/ui/rate-meter.js';

/** A clock the test moves, and a meter reading it. */
function meterWithClock() {
  const clock = { now: 0 };
  return { clock, meter: new RateMeter(() => clock.now) };
}

/** A deterministic jitter of up to ±`ms` for delivery `i` (timers, the network, a busy page). */
const jitter = (i: number, ms: number) => (((i * 7919) % 101) / 50 - 1) * ms;

/**
 * Delivers `rate` rows/s from `from` to `to` ms in events of `perEvent` rows (as the daemon sends
 * them: one `update` per row when slow, a `batch` per 10 ms tick when fast), each delivery late
 * by up to `late` ms, and calls `sample` every 100 ms with the meter's rate.
 */
function run(
  { clock, meter }: ReturnType<typeof meterWithClock>,
  { rate, from, to, perEvent = 1, late = 0 }: { rate: number; from: number; to: number; perEvent?: number; late?: number },
  sample: (at: number, rate: number | null) => void = () => {},
): void {
  const interval = (1000 * perEvent) / rate;
  const events: number[] = [];
  for (let at = from + interval, i = 0; at <= to; at += interval, i++) events.push(at + Math.abs(jitter(i, late)));
  let next = 0;
  for (let at = from; at <= to; at += 1) {
    clock.now = at;
    while (next < events.length && events[next]! <= at) {
      meter.record(perEvent);
      next++;
    }
    if ((at - from) % 100 === 0 && at > from) sample(at, meter.rate());
  }
}

describe('RateMeter', () => {
  describe('once a stream has run for 10 s, shows its rate within 5 %', () => {
    const cases = [
      { name: '1 row/s, one update per row (pump-raw: 1-minute rows at 60×)', rate: 1, perEvent: 1, late: 40 },
      { name: '10 rows/s, one update per row', rate: 10, perEvent: 1, late: 20 },
      { name: '1000 rows/s, batches of 10 rows every 10 ms', rate: 1000, perEvent: 10, late: 8 },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const m = meterWithClock();
        m.meter.record(120); // the recent rows a joining viewer gets first: not a rate
        const late: number[] = [];
        run(m, { rate: c.rate, from: 0, to: 20_000, perEvent: c.perEvent, late: c.late }, (at, rate) => {
          if (at >= 10_000) late.push(rate ?? NaN);
        });
        expect(late).toHaveLength(101); // every 100 ms from 10 s to 20 s
        expect(Math.min(...late)).toBeGreaterThanOrEqual(c.rate * 0.95);
        expect(Math.max(...late)).toBeLessThanOrEqual(c.rate * 1.05);
      });
    }
  });

  it('forgets a delivery held up early on (a busy page) before the stream has run for 10 s', () => {
    const m = meterWithClock();
    // 1 row/s, but the page was busy loading the chart from 0.9 to 2.6 s: the rows of 1 s and 2 s
    // were both handled at 2.6 s.
    const deliveries = [
      [0, 120],
      [2600, 1],
      [2600, 1],
    ];
    for (let at = 3000; at <= 14_000; at += 1000) deliveries.push([at, 1]);
    const late: number[] = [];
    for (let at = 0, next = 0; at <= 14_000; at += 1) {
      m.clock.now = at;
      while (next < deliveries.length && deliveries[next]![0] === at) m.meter.record(deliveries[next++]![1]!);
      if (at >= 10_000 && at % 100 === 0) late.push(m.meter.rate() ?? NaN);
    }
    expect(late).toHaveLength(41);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(0.95);
    expect(Math.max(...late)).toBeLessThanOrEqual(1.05);
  });

  it('counts rows, not events: 100 rows/s in batches of 25 is 100 rows/s', () => {
    const m = meterWithClock();
    m.meter.record(0);
    run(m, { rate: 100, from: 0, to: 10_000, perEvent: 25 });
    expect(m.meter.rate()).toBeCloseTo(100, 5);
  });

  it('has no figure (null) until two deliveries after the backlog, at least 500 ms apart; 0 once it has heard nothing for 30 s', () => {
    const { clock, meter } = meterWithClock();
    expect(meter.rate()).toBeNull();
    meter.record(120); // the backlog
    clock.now = 1000;
    meter.record(1);
    clock.now = 1400;
    expect(meter.rate()).toBeNull(); // one delivery after the backlog
    meter.record(1);
    expect(meter.rate()).toBeNull(); // two, 400 ms apart: too short to say
    clock.now = 1900;
    meter.record(1);
    expect(meter.rate()).toBeCloseTo(2 / 0.9, 5);
    meter.restart();
    clock.now = 31_899;
    expect(meter.rate()).toBeNull();
    clock.now = 31_900;
    expect(meter.rate()).toBe(0);
  });

  it('takes the events handled in one go with the backlog as backlog (a page that was busy, a shared connection)', () => {
    const m = meterWithClock();
    m.clock.now = 100;
    m.meter.record(120); // the backlog…
    for (let i = 0; i < 12; i++) {
      m.clock.now = 100 + Math.floor(i / 4); // …and rows held up meanwhile, handled within 3 ms
      m.meter.record(1);
    }
    run(m, { rate: 1, from: 0, to: 2000 });
    // The live rows of 1 s and 2 s: 1 row/s (from the burst's last event, 2 rows in 1.9 s).
    expect(m.meter.rate()).toBeCloseTo(1, 5);
  });

  it('after restart(), neither counts the backlog a viewer gets when it connects nor measures from it', () => {
    const m = meterWithClock();
    run(m, { rate: 50, from: 0, to: 5000 });
    m.meter.restart(); // a new connection…
    m.clock.now = 5300;
    m.meter.record(120); // …gets the recent rows at once, 0.7 s before the source's next row
    run(m, { rate: 1, from: 5000, to: 7000 });
    // Two live rows, one second apart: 1 row/s (measured from the backlog, it would be 2 rows in 1.7 s).
    expect(m.meter.rate()).toBeCloseTo(1, 5);
  });

  describe('follows a change of rate', () => {
    const changes = [
      { from: 10, to: 100, within: 2100 },
      { from: 100, to: 10, within: 2100 },
      { from: 1, to: 10, within: 2100 },
      { from: 10, to: 1, within: 7000 },
    ];
    for (const change of changes) {
      it(`from ${change.from} to ${change.to} rows/s: within 5 % after ${change.within / 1000} s`, () => {
        const m = meterWithClock();
        m.meter.record(0);
        run(m, { rate: change.from, from: 0, to: 20_000 });
        expect(m.meter.rate()).toBeCloseTo(change.from, 5);
        let settled = Infinity;
        run(m, { rate: change.to, from: 20_000, to: 40_000 }, (at, rate) => {
          if (rate === null || Math.abs(rate - change.to) > change.to * 0.05) settled = Infinity;
          else if (settled === Infinity) settled = at - 20_000;
        });
        expect(settled).toBeLessThanOrEqual(change.within);
      });
    }
  });

  it('falls when rows stop, and forgets them after 30 s', () => {
    const m = meterWithClock();
    m.meter.record(0);
    run(m, { rate: 10, from: 0, to: 10_000 });
    expect(m.meter.rate()).toBeCloseTo(10, 5);
    m.clock.now = 12_000; // 6 rows in the last 0.6 s, then 2 s without any: 6 rows in 2.5 s
    expect(m.meter.rate()).toBeCloseTo(6 / 2.5, 5);
    m.clock.now = 20_000;
    expect(m.meter.rate()).toBeLessThan(1);
    m.clock.now = 40_001;
    expect(m.meter.rate()).toBe(0);
  });
});
