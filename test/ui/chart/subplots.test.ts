import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../src/protocol/events.js';
import { axisKey, chartLayoutOf, seriesAxes, stackedDomains, subplots } from '../../../src/ui/chart/subplots.js';

const column = (name: string, unit?: string, axis: 'y' | 'y2' = 'y'): ColumnInfo => ({
  name,
  type: 'number',
  axis,
  ...(unit ? { unit } : {}),
});

describe('chartLayoutOf', () => {
  it('reads stack and stack-columns, and anything else as overlay', () => {
    expect(['stack', 'stack-columns', 'overlay', '', 'Stack', null, undefined].map(chartLayoutOf)).toEqual([
      'stack',
      'stack-columns',
      'overlay',
      'overlay',
      'overlay',
      'overlay',
      'overlay',
    ]);
  });
});

describe('stackedDomains', () => {
  it('fills the height from the top down, with gaps of 4 % between a few plots and of 0.2 / plots between many', () => {
    expect(stackedDomains(1)).toEqual([[0, 1]]);
    expect(stackedDomains(2)).toEqual([
      [0.52, 1],
      [0, 0.48],
    ]);
    const many = stackedDomains(52);
    expect(many[0]).toEqual([0.9845, 1]);
    expect(many.at(-1)).toEqual([0, 0.0155]);
    // 0.2 / 52 between each plot and the next
    expect(Math.round((many[0]![0] - many[1]![1]) * 10_000)).toBe(38);
  });
});

describe('subplots', () => {
  const series = [column('p', 'bar'), column('t1', '°C'), column('raw'), column('t2', '°C', 'y2'), column('i', 'A'), column('raw2')];

  it('stack: one plot per unit in the order the units first come, one per column without a unit', () => {
    expect(subplots(series, 'stack').map((plot) => [plot.axis, plot.key, plot.title, plot.series])).toEqual([
      ['y', 'yaxis', 'p (bar)', [0]],
      ['y2', 'yaxis2', '°C', [1, 3]],
      ['y3', 'yaxis3', 'raw', [2]],
      ['y4', 'yaxis4', 'i (A)', [4]],
      ['y5', 'yaxis5', 'raw2', [5]],
    ]);
    expect(seriesAxes(series, 'stack')).toEqual(['y', 'y2', 'y3', 'y2', 'y4', 'y5']);
  });

  it('stack-columns: one plot per column; overlay: none, each column on its own axis setting', () => {
    expect(subplots(series, 'stack-columns').map((plot) => [plot.axis, plot.title, plot.series])).toEqual([
      ['y', 'p (bar)', [0]],
      ['y2', 't1 (°C)', [1]],
      ['y3', 'raw', [2]],
      ['y4', 't2 (°C)', [3]],
      ['y5', 'i (A)', [4]],
      ['y6', 'raw2', [5]],
    ]);
    expect(subplots(series, 'overlay')).toEqual([]);
    expect(seriesAxes(series, 'overlay')).toEqual(['y', 'y', 'y', 'y2', 'y', 'y']);
  });

  it('names the layout keys of axes', () => {
    expect(['x', 'y', 'y2', 'y12'].map(axisKey)).toEqual(['xaxis', 'yaxis', 'yaxis2', 'yaxis12']);
  });
});
