import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../src/protocol/events.js';
import {
  axisKeys,
  chartLayout,
  escapeHtml,
  lineColors,
  margins,
  plotlyX,
  themeRelayout,
  traces,
  type ChartSetup,
  type ChartTheme,
} from '../../../src/ui/chart/plotly-figure.js';

const theme: ChartTheme = { background: '#fff', foreground: '#111', grid: '#eee', colors: ['#a', '#b'], threshold: '#f00' };
const column = (name: string, axis: 'y' | 'y2' = 'y', unit?: string): ColumnInfo => ({
  name,
  type: 'number',
  axis,
  ...(unit ? { unit } : {}),
});
const setup = (over: Partial<ChartSetup> = {}): ChartSetup => ({
  series: [column('flow')],
  thresholds: [],
  window: 100,
  theme,
  layout: 'overlay',
  ...over,
});
const none = { shapes: [], note: '' };
/** The layout as a record, to read any axis of it. */
const layoutOf = (s: ChartSetup, overlay = none) => chartLayout(s, overlay) as unknown as Record<string, Record<string, unknown>>;

describe('escapeHtml', () => {
  it('turns the characters Plotly reads as markup into character references', () => {
    expect(escapeHtml(`<b onclick="x">Tom & 'Jerry'</b>`)).toBe('&#60;b onclick=&#34;x&#34;&#62;Tom &#38; &#39;Jerry&#39;&#60;/b&#62;');
  });
});

describe('traces', () => {
  it('draws each series as a line on its axis, in the colours of the theme in turn, its name escaped, also in the hover template', () => {
    const three = setup({ series: [column('<i>a</i>'), column('%{y}', 'y2'), column('c')] });
    const drawn = traces(three, [{ x: ['2024-01-01T00:00:00.000Z'], y: [1] }]);
    expect(drawn.map((t) => [t.name, t.yaxis, t.line.color, t.hovertemplate])).toEqual([
      ['&#60;i&#62;a&#60;/i&#62;', 'y', '#a', '%{y}<extra>&#60;i&#62;a&#60;/i&#62;</extra>'],
      ['%{y}', 'y2', '#b', '%{y}<extra>&#37;&#123;y&#125;</extra>'],
      ['c', 'y', '#a', '%{y}<extra>c</extra>'],
    ]);
    expect(drawn.map((t) => [t.x, t.y])).toEqual([
      [['2024-01-01T00:00:00.000Z'], [1]],
      [[], []],
      [[], []],
    ]);
  });
});

describe('plotlyX', () => {
  it('keeps ISO strings, and turns epoch ms into Dates (nulls stay gaps)', () => {
    const strings = ['2024-01-01T00:00:00.000Z', null];
    expect(plotlyX({ x: strings, y: [1, 2] })).toBe(strings);
    const dates = plotlyX({ x: [null, 0], y: [1, 2] });
    expect(dates[0]).toBeNull();
    expect(dates[1]).toBeInstanceOf(Date);
  });
});

describe('chartLayout', () => {
  it('draws a threshold on an axis that a series uses (the y-axis when none uses y2), labelled when it has a label', () => {
    const thresholds = [
      { value: 10, axis: 'y' as const, label: 'max <b>' },
      { value: 20, axis: 'y2' as const, color: '#0f0' },
    ];
    const onY = chartLayout(setup({ thresholds }), none);
    expect(onY.shapes.map((s) => [s.yref, s.y0, (s.line as { color: string }).color])).toEqual([['y', 10, '#f00']]);
    expect(onY.annotations.map((a) => [a.yref, a.text, a.xanchor])).toEqual([['y', 'max &#60;b&#62;', 'right']]);
    expect('yaxis2' in onY).toBe(false);

    const onY2 = chartLayout(setup({ series: [column('flow', 'y2')], thresholds }), none);
    expect(onY2.shapes.map((s) => [s.yref, s.y0, (s.line as { color: string }).color])).toEqual([['y2', 20, '#0f0']]);
    expect((onY2 as unknown as Record<string, unknown>).yaxis2).toMatchObject({ overlaying: 'y', side: 'right', gridcolor: '#eee' });
    expect(onY2.margin).toEqual({ l: 50, r: 50, t: 10, b: 40 });
  });

  it("draws the overlay's shapes after the thresholds', and the note (escaped) in the corner", () => {
    const layout = chartLayout(setup({ thresholds: [{ value: 1, axis: 'y' }] }), { shapes: [{ name: 'BROKEN' }], note: 'state: <x>' });
    expect(layout.shapes.map((s) => ('name' in s ? s.name : s.type))).toEqual(['line', 'BROKEN']);
    expect(layout.annotations).toEqual([expect.objectContaining({ name: 'rg-note', text: 'state: &#60;x&#62;', bgcolor: '#fff' })]);
  });
});

describe('themeRelayout', () => {
  it("sets the theme's colours on the paper, the font, the shapes and every axis drawn, and nothing else", () => {
    const dark = { ...theme, background: '#000', foreground: '#ddd', grid: '#333' };
    const update = themeRelayout(setup({ theme: dark, series: [column('a'), column('b', 'y2')] }), none);
    expect(Object.keys(update).sort()).toEqual(
      [
        'paper_bgcolor',
        'plot_bgcolor',
        'font',
        'shapes',
        'annotations',
        ...['xaxis', 'yaxis', 'yaxis2'].flatMap((axis) => ['gridcolor', 'zerolinecolor', 'linecolor'].map((key) => `${axis}.${key}`)),
      ].sort(),
    );
    expect([update.paper_bgcolor, update.plot_bgcolor, update['yaxis2.gridcolor']]).toEqual(['#000', '#000', '#333']);
    expect(update.font).toMatchObject({ color: '#ddd' });
  });
});

describe('margins', () => {
  it('leaves room on the right for a second y-axis', () => {
    expect(margins(setup())).toEqual({ l: 50, r: 20 });
    expect(margins(setup({ series: [column('a'), column('b', 'y2')] }))).toEqual({ l: 50, r: 50 });
  });
});

/** A chart of columns in several units, two without one on the right axis or none. */
const mixed = [
  column('current', 'y', 'A'),
  column('scaled'),
  column('z', 'y2', 'σ'),
  column('t1', 'y', '°C'),
  column('t2', 'y2', '°C'),
  column('t3', 'y', '°C'),
];
const thresholds = [
  { value: -3, axis: 'y2' as const, label: 'low' },
  { value: 80, axis: 'y' as const },
];

describe('units', () => {
  it("puts a value's unit after it in the hover (escaped), and nothing for a column without one", () => {
    const drawn = traces(setup({ series: [column('current', 'y', 'A'), column('scaled'), column('odd', 'y', '<%{y}>')] }), []);
    expect(drawn.map((t) => t.hovertemplate)).toEqual([
      '%{y} A<extra>current</extra>',
      '%{y}<extra>scaled</extra>',
      '%{y} &#60;&#37;&#123;y&#125;&#62;<extra>odd</extra>',
    ]);
  });

  it("titles the overlay's left axis with the distinct units of its columns and the right one with those of y2; no title without units", () => {
    const layout = layoutOf(setup({ series: mixed }));
    expect(layout.yaxis!.title).toEqual({ text: 'A, °C', font: { size: 11 }, standoff: 4 });
    expect((layout.yaxis2!.title as { text: string }).text).toBe('σ, °C');
    expect(margins(setup({ series: mixed }))).toEqual({ l: 64, r: 64 });
    const plain = layoutOf(setup({ series: [column('a'), column('b', 'y2')] }));
    expect('title' in plain.yaxis!).toBe(false);
    expect('title' in plain.yaxis2!).toBe(false);
  });
});

describe('round ticks', () => {
  it('gives the right-hand axis ticks of its own (tickmode auto, not the left grid Plotly 4 syncs an overlaying axis to), and the left one too', () => {
    const layout = layoutOf(setup({ series: mixed }));
    expect([layout.yaxis!.tickmode, layout.yaxis2!.tickmode]).toEqual(['auto', 'auto']);
    const stacked = layoutOf(setup({ series: mixed, layout: 'stack' }));
    expect(['yaxis', 'yaxis2', 'yaxis3', 'yaxis4'].map((key) => stacked[key]!.tickmode)).toEqual(['auto', 'auto', 'auto', 'auto']);
  });
});

describe('layout="stack"', () => {
  const stack = setup({ series: mixed, thresholds, layout: 'stack' });

  it('draws one plot per unit from the top down, a column without a unit alone, each on its own y-axis, on one time axis', () => {
    const layout = layoutOf(stack);
    expect(axisKeys(layout)).toEqual(['xaxis', 'yaxis', 'yaxis2', 'yaxis3', 'yaxis4']);
    expect(
      ['yaxis', 'yaxis2', 'yaxis3', 'yaxis4'].map((key) => {
        const { domain, anchor, type, title } = layout[key]!;
        return [key, domain, anchor, type, (title as { text: string }).text];
      }),
    ).toEqual([
      ['yaxis', [0.78, 1], 'x', 'linear', 'current (A)'],
      ['yaxis2', [0.52, 0.74], 'x', 'linear', 'scaled'],
      ['yaxis3', [0.26, 0.48], 'x', 'linear', 'z (σ)'],
      ['yaxis4', [0, 0.22], 'x', 'linear', '°C'],
    ]);
    // No axis overlays another: each is ranged on its own lines.
    expect(['yaxis', 'yaxis2', 'yaxis3', 'yaxis4'].some((key) => 'overlaying' in layout[key]!)).toBe(false);
    // The one time axis is labelled under the bottom plot.
    expect(layout.xaxis).toMatchObject({ type: 'date', anchor: 'y4' });
    expect(layout.margin).toEqual({ l: 64, r: 20, t: 10, b: 40 });
    // The legend (for the marks) sits right on top of the stack.
    expect(layout.legend).toEqual({ orientation: 'h', x: 0, y: 1, yanchor: 'bottom' });
  });

  it("puts each line on its plot's axis (a column's `axis: y2` is not used), without legend entries, the colours starting again in each plot", () => {
    const drawn = traces(stack, []);
    expect(drawn.map((t) => [t.name, t.yaxis, t.showlegend, t.line.color])).toEqual([
      ['current', 'y', false, '#a'],
      ['scaled', 'y2', false, '#a'],
      ['z', 'y3', false, '#a'],
      ['t1', 'y4', false, '#a'],
      ['t2', 'y4', false, '#b'],
      ['t3', 'y4', false, '#a'],
    ]);
    expect(lineColors(stack)).toEqual(['#a', '#a', '#a', '#a', '#b', '#a']);
    // The overlay keeps the legend and the colours in turn.
    expect(traces(setup({ series: mixed }), []).map((t) => ['showlegend' in t, t.yaxis, t.line.color])).toEqual([
      [false, 'y', '#a'],
      [false, 'y', '#b'],
      [false, 'y2', '#a'],
      [false, 'y', '#b'],
      [false, 'y2', '#a'],
      [false, 'y', '#b'],
    ]);
  });

  it("draws a threshold on every plot holding a column on the threshold's axis, labelled on each", () => {
    const layout = chartLayout(stack, none);
    expect(layout.shapes.map((s) => [s.yref, s.y0, s.y1, s.x0, s.x1, s.xref])).toEqual([
      ['y3', -3, -3, 0, 1, 'paper'],
      ['y4', -3, -3, 0, 1, 'paper'],
      ['y', 80, 80, 0, 1, 'paper'],
      ['y2', 80, 80, 0, 1, 'paper'],
      ['y4', 80, 80, 0, 1, 'paper'],
    ]);
    expect(layout.annotations.map((a) => [a.yref, a.y, a.text])).toEqual([
      ['y3', -3, 'low'],
      ['y4', -3, 'low'],
    ]);
  });

  it("keeps the overlay's shapes (bands, alert marks) as they are, after the thresholds, and the note a fixed distance under the top", () => {
    const band = { type: 'rect', yref: 'paper', y0: 0, y1: 1, name: 'BROKEN' };
    const layout = chartLayout(stack, { shapes: [band], note: 'state: BROKEN' });
    expect(layout.shapes.at(-1)).toBe(band);
    expect(layout.annotations.at(-1)).toMatchObject({ name: 'rg-note', xref: 'paper', yref: 'paper', y: 1, yshift: -16, yanchor: 'top' });
  });

  it('themes every axis of the stack', () => {
    const update = themeRelayout({ ...stack, theme: { ...theme, grid: '#333' } }, none);
    expect(Object.keys(update).filter((key) => key.endsWith('.gridcolor'))).toEqual([
      'xaxis.gridcolor',
      'yaxis.gridcolor',
      'yaxis2.gridcolor',
      'yaxis3.gridcolor',
      'yaxis4.gridcolor',
    ]);
  });
});

describe('layout="stack-columns"', () => {
  it('draws one plot per column, titled with its name and unit, in equal shares with gaps of 0.2 / plots', () => {
    const layout = layoutOf(setup({ series: mixed, layout: 'stack-columns' }));
    expect(axisKeys(layout)).toEqual(['xaxis', 'yaxis', 'yaxis2', 'yaxis3', 'yaxis4', 'yaxis5', 'yaxis6']);
    expect(
      ['yaxis', 'yaxis2', 'yaxis3', 'yaxis4', 'yaxis5', 'yaxis6'].map((key) => [
        layout[key]!.domain,
        (layout[key]!.title as { text: string }).text,
      ]),
    ).toEqual([
      [[0.8611, 1], 'current (A)'],
      [[0.6889, 0.8278], 'scaled'],
      [[0.5167, 0.6556], 'z (σ)'],
      [[0.3444, 0.4833], 't1 (°C)'],
      [[0.1722, 0.3111], 't2 (°C)'],
      [[0, 0.1389], 't3 (°C)'],
    ]);
    expect(layout.xaxis!.anchor).toBe('y6');
    expect(traces(setup({ series: mixed, layout: 'stack-columns' }), []).map((t) => t.yaxis)).toEqual(['y', 'y2', 'y3', 'y4', 'y5', 'y6']);
  });
});
