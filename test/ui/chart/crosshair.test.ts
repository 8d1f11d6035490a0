import { describe, expect, it } from 'vitest';
import { crosshairShape, sameView } from '../../../src/ui/chart/crosshair.js';
import { dateToMs } from '../../../src/ui/chart/plotly-time.js';

const theme = { background: '#fff', foreground: '#123456', grid: '#eee', colors: ['#000'], threshold: '#f00' };

describe('crosshairShape', () => {
  it('is a vertical line at the time, over the whole plot (paper), whose x reads back as that time', () => {
    const t = Date.UTC(2024, 0, 1, 6, 30, 15, 250);
    const shape = crosshairShape(t, theme);
    expect(shape).toMatchObject({
      type: 'line',
      xref: 'x',
      yref: 'paper',
      y0: 0,
      y1: 1,
      x0: '2024-01-01 06:30:15.250',
      x1: '2024-01-01 06:30:15.250',
    });
    expect(dateToMs(shape.x0)).toBe(t);
    expect((shape.line as { color: string }).color).toBe('#123456');
  });
});

describe('sameView', () => {
  it('is the same range when both ends agree within a millisecond', () => {
    expect(sameView([1000, 2000], [1000.4, 1999.6])).toBe(true);
    expect(sameView([1000, 2000], [1001, 2000])).toBe(false);
    expect(sameView([1000, 2000], [1000, 2001])).toBe(false);
  });

  it('tells following live (null) from any range', () => {
    expect(sameView(null, null)).toBe(true);
    expect(sameView(null, [1, 2])).toBe(false);
    expect(sameView([1, 2], null)).toBe(false);
  });
});
