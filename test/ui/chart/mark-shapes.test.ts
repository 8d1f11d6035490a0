import { describe, expect, it } from 'vitest';
import { markShapes } from '../../../src/ui/chart/mark-shapes.js';
import { at, failureMarks as failure, ms } from '../../helpers/stream-marks.js';

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
    // Bands and the alert's line span the plot area's height (every plot of a stack); the alert
    // strip is 11 px along its top, however tall the stack.
    expect(shapes.map((s) => [s.yref, s.ysizemode ?? 'scaled', s.yanchor ?? null, s.y0, s.y1])).toEqual([
      ['paper', 'scaled', null, 0, 1],
      ['paper', 'scaled', null, 0, 1],
      ['paper', 'pixel', 1, -11, 0],
      ['paper', 'scaled', null, 0, 1],
    ]);
  });

  it('draws nothing outside the rows drawn (shapes would stretch the x-axis)', () => {
    const states = { column: 's', colors: {}, unshaded: [] };
    expect(markShapes([{ marks: failure(), states, span: [ms(31), ms(40)], label: '' }]).map((s) => [s.name, s.x0, s.x1])).toEqual([
      ['NORMAL', at(31), at(40)],
    ]);
  });
});
