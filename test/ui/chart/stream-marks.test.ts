import { describe, expect, it } from 'vitest';
import { StreamMarks } from '../../../src/ui/chart/stream-marks.js';
import { at, failureMarks as failure, ms } from '../../helpers/stream-marks.js';

describe('StreamMarks', () => {
  it('gives the bands of shaded states over a range, clipped to it', () => {
    expect(failure().bands(ms(12), ms(40), ['NORMAL'])).toEqual([
      { value: 'BROKEN', from: ms(12), to: ms(15) },
      { value: 'RECOVERING', from: ms(15), to: ms(30) },
    ]);
    // a state still in effect runs to the end of the range
    const open = new StreamMarks();
    open.add('state', { value: 'BROKEN', at: at(10) });
    expect(open.bands(ms(0), ms(50), [])).toEqual([{ value: 'BROKEN', from: ms(10), to: ms(50) }]);
  });

  it('gives the state at a time, and the firing periods', () => {
    const marks = failure();
    expect([ms(9), ms(10), ms(29), ms(31)].map((t) => marks.stateAt(t))).toEqual(['NORMAL', 'BROKEN', 'RECOVERING', 'NORMAL']);
    expect(marks.stateAt(ms(-1))).toBeUndefined();
    expect(marks.firingPeriods(ms(0), ms(40))).toEqual([{ rule: 'low', from: ms(12), to: ms(20) }]);
    expect(marks.firingNow().size).toBe(0);
  });

  it('adds a mark it already knows only once (the daemon sends those in effect again on resume)', () => {
    const marks = failure();
    const version = marks.version;
    expect(marks.add('state', { value: 'BROKEN', at: at(10) })).toBe(false);
    expect(marks.add('alert', { rule: 'low', state: 'firing', at: at(12), value: -4 })).toBe(false);
    expect(marks.version).toBe(version);
    expect(marks.bands(ms(0), ms(40), ['NORMAL'])).toHaveLength(2);
  });

  it('after a loop, keeps what is in effect from the start of the new pass', () => {
    const marks = new StreamMarks();
    marks.add('state', { value: 'BROKEN', at: at(50) });
    marks.add('alert', { rule: 'low', state: 'firing', at: at(52), value: -4 });
    marks.loop();
    expect(marks.bands(ms(0), ms(5), [])).toEqual([{ value: 'BROKEN', from: ms(0), to: ms(5) }]);
    expect(marks.firingPeriods(ms(0), ms(5))).toEqual([{ rule: 'low', from: ms(0), to: ms(5) }]);
    expect([...marks.firingNow().keys()]).toEqual(['low']);
  });
});
