import { describe, expect, it } from 'vitest';
import { markShapes } from '../../../src/ui/chart/mark-shapes.js';
import { StreamMarks } from '../../../src/ui/chart/stream-marks.js';
import { windowCsv } from '../../../src/ui/export.js';

const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString();
const ms = (minute: number) => Date.UTC(2024, 0, 1, 0, minute);

function failure(): StreamMarks {
  const marks = new StreamMarks();
  marks.add('state', { value: 'NORMAL', at: at(0) });
  marks.add('state', { value: 'BROKEN', at: at(10) });
  marks.add('state', { value: 'RECOVERING', at: at(15) });
  marks.add('state', { value: 'NORMAL', at: at(30) });
  marks.add('alert', { rule: 'low', state: 'firing', at: at(12), value: -4 });
  marks.add('alert', { rule: 'low', state: 'resolved', at: at(20), value: -0.5 });
  return marks;
}

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

describe('markShapes', () => {
  it('draws a band per shaded state behind the lines (one legend entry per state) and a strip and a line per firing period', () => {
    const states = { column: 'machine_status', colors: { BROKEN: '#d62728' }, unshaded: ['NORMAL'] };
    const shapes = markShapes([{ marks: failure(), states, span: [ms(0), ms(40)], label: '' }]);
    expect(
      shapes.map((s) => [s.type, s.layer, s.x0, s.x1, s.fillcolor ?? (s.line as { color: string }).color, s.name, s.showlegend]),
    ).toEqual([
      ['rect', 'below', at(10), at(15), '#d62728', 'BROKEN', true],
      ['rect', 'below', at(15), at(30), '#ff7f0e', 'RECOVERING', true],
      ['rect', 'above', at(12), at(20), '#d62728', 'alert low', true],
      ['line', 'above', at(12), at(12), '#d62728', 'alert low', false],
    ]);
  });

  it('draws nothing outside the rows drawn (shapes would stretch the x-axis)', () => {
    const states = { column: 's', colors: {}, unshaded: [] };
    expect(markShapes([{ marks: failure(), states, span: [ms(31), ms(40)], label: '' }]).map((s) => [s.name, s.x0, s.x1])).toEqual([
      ['NORMAL', at(31), at(40)],
    ]);
  });
});

describe('the CSV with a state column', () => {
  it('writes the state at each row time as the last column', () => {
    const rows = { t: new Float64Array([ms(9), ms(10), ms(16)]), y: [new Float64Array([1, 2, 3])] };
    const csv = windowCsv(rows, 'timestamp', ['x'], [0], { name: 'machine_status', at: (t) => failure().stateAt(t) });
    expect(csv).toBe(`timestamp,x,machine_status\r\n${at(9)},1,NORMAL\r\n${at(10)},2,BROKEN\r\n${at(16)},3,RECOVERING\r\n`);
  });
});
