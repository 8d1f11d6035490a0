import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../../src/protocol/events.js';
import {
  chartLayout,
  escapeHtml,
  margins,
  plotlyX,
  themeRelayout,
  traces,
  type ChartSetup,
  type ChartTheme,
} from '../../../src/ui/chart/plotly-figure.js';

const theme: ChartTheme = { background: '#fff', foreground: '#111', grid: '#eee', colors: ['#a', '#b'], threshold: '#f00' };
const column = (name: string, axis: 'y' | 'y2' = 'y'): ColumnInfo => ({ name, type: 'number', axis });
const setup = (over: Partial<ChartSetup> = {}): ChartSetup => ({ series: [column('flow')], thresholds: [], window: 100, theme, ...over });
const none = { shapes: [], note: '' };

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
    expect(onY2.yaxis2).toMatchObject({ overlaying: 'y', side: 'right', gridcolor: '#eee' });
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
