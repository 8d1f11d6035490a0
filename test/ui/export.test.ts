import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportName, windowCsv } from '../../src/ui/export.js';
import { at, failureMarks as failure, ms } from '../helpers/stream-marks.js';

describe('the CSV with a state column', () => {
  it('writes the state at each row time as the last column', () => {
    const rows = { t: new Float64Array([ms(9), ms(10), ms(16)]), y: [new Float64Array([1, 2, 3])] };
    const csv = windowCsv(rows, 'timestamp', ['x'], [0], { name: 'machine_status', at: (t) => failure().stateAt(t) });
    expect(csv).toBe(`timestamp,x,machine_status\r\n${at(9)},1,NORMAL\r\n${at(10)},2,BROKEN\r\n${at(16)},3,RECOVERING\r\n`);
  });
});

describe('windowCsv', () => {
  it("writes the drawn series only, in the order drawn, each row's time as ISO-8601, a missing value as an empty cell", () => {
    const rows = {
      t: new Float64Array([ms(1), ms(2)]),
      y: [new Float64Array([1, 2]), new Float64Array([Number.NaN, -0.5]), new Float64Array([7, 8])],
    };
    expect(windowCsv(rows, 'time', ['c', 'b'], [2, 1])).toBe(`time,c,b\r\n${at(1)},7,\r\n${at(2)},8,-0.5\r\n`);
  });

  it('writes the header alone for an empty or missing window', () => {
    expect(windowCsv(undefined, 'time', ['a'], [0])).toBe('time,a\r\n');
    expect(windowCsv({ t: new Float64Array(0), y: [new Float64Array(0)] }, 'time', ['a'], [0], { name: 'state', at: () => 'x' })).toBe(
      'time,a,state\r\n',
    );
  });
});

describe('exportName', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the stream and the UTC time to the second, without characters a file name cannot have', () => {
    vi.useFakeTimers({ now: Date.UTC(2024, 2, 11, 6, 5, 9, 750) });
    expect(exportName('pump-1+pump-2')).toBe('pump-1+pump-2-2024-03-11-06-05-09');
    expect(exportName('')).toBe('realtime-graph-2024-03-11-06-05-09');
  });
});
