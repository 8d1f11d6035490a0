import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../src/protocol/events.js';
import { chosenColumns, columnItems, filterItems, type ChoiceSource } from '../../src/ui/column-choice.js';

const column = (name: string, unit?: string): ColumnInfo => ({ name, type: 'number', axis: 'y', ...(unit ? { unit } : {}) });
const pump: ChoiceSource = { stream: 'pump', series: [column('flow', 'l/min'), column('current', 'A'), column('temp', '°C'), column('z')] };
const brief = (items: ReturnType<typeof columnItems>) =>
  items.map((i) => `${i.checked ? '[x]' : '[ ]'} ${i.label}${i.unit ? ` (${i.unit})` : ''}`);

describe('columnItems', () => {
  it('lists every numeric column of one stream by name, with its unit, checked as `columns` draws it', () => {
    expect(brief(columnItems([pump], ['pump'], 'temp, flow'))).toEqual(['[x] flow (l/min)', '[ ] current (A)', '[x] temp (°C)', '[ ] z']);
    expect(columnItems([pump], ['pump'], '').every((i) => i.checked)).toBe(true);
    expect(columnItems([pump], ['pump'], '')[1]).toEqual({
      key: 'pump · current',
      stream: 'pump',
      column: 'current',
      label: 'current',
      unit: 'A',
      checked: true,
      byDefault: true,
    });
  });

  it('names the lines `stream · column` in a chart of several streams, a plain name checking it in each', () => {
    const other: ChoiceSource = { stream: 'other', series: [column('flow'), column('level', 'm')] };
    expect(brief(columnItems([pump, other], ['pump', 'other'], 'flow,other · level'))).toEqual([
      '[x] pump · flow (l/min)',
      '[ ] pump · current (A)',
      '[ ] pump · temp (°C)',
      '[ ] pump · z',
      '[x] other · flow',
      '[x] other · level (m)',
    ]);
  });

  it('lists only the streams whose columns are known, still naming lines as in a chart of several', () => {
    expect(columnItems([pump], ['pump', 'late'], '').map((i) => i.label)).toEqual([
      'pump · flow',
      'pump · current',
      'pump · temp',
      'pump · z',
    ]);
  });
});

describe('filterItems', () => {
  const items = columnItems([pump, { stream: 'other', series: [column('Flow_2')] }], ['pump', 'other'], '');

  it('keeps the lines whose label holds the text, whatever the case', () => {
    expect(filterItems(items, 'FLOW').map((i) => i.label)).toEqual(['pump · flow', 'other · Flow_2']);
    expect(filterItems(items, 'other').map((i) => i.label)).toEqual(['other · Flow_2']);
  });

  it('keeps the lines whose unit holds the text', () => {
    expect(filterItems(items, '°c').map((i) => i.label)).toEqual(['pump · temp']);
  });

  it('keeps every line for an empty or blank text, and none for a text no line holds', () => {
    expect(filterItems(items, ' ')).toHaveLength(5);
    expect(filterItems(items, 'pressure')).toEqual([]);
  });
});

describe('chosenColumns', () => {
  const one = columnItems([pump], ['pump'], '');
  const keys = (...names: string[]) => new Set(names.map((n) => `pump · ${n}`));

  it('writes nothing (all) when every line is checked', () => {
    expect(chosenColumns(one, keys('flow', 'current', 'temp', 'z'), ['pump'], 'flow')).toEqual([]);
  });

  it('writes the checked columns of one stream in the list’s order', () => {
    expect(chosenColumns(one, keys('z', 'current'), ['pump'], '')).toEqual(['current', 'z']);
  });

  it('keeps the places of the columns `columns` named before, and adds new ones after them', () => {
    expect(chosenColumns(one, keys('temp', 'flow', 'current'), ['pump'], 'temp, flow')).toEqual(['temp', 'flow', 'current']);
    expect(chosenColumns(one, keys('temp', 'current'), ['pump'], 'temp,flow,current')).toEqual(['temp', 'current']);
  });

  describe('with columns configured `draw: false`', () => {
    const quiet: ChoiceSource = {
      stream: 'pump',
      series: [column('flow'), { ...column('s1'), draw: false }, { ...column('s2'), draw: false }],
    };
    const items = columnItems([quiet], ['pump'], '');

    it('lists them unchecked while `columns` is empty, and checked when named', () => {
      expect(brief(items)).toEqual(['[x] flow', '[ ] s1', '[ ] s2']);
      expect(brief(columnItems([quiet], ['pump'], 's2'))).toEqual(['[ ] flow', '[ ] s1', '[x] s2']);
    });

    it('writes nothing when the checked lines are those drawn by default, and names every line when all are checked', () => {
      expect(chosenColumns(items, keys('flow'), ['pump'], 's1')).toEqual([]);
      expect(chosenColumns(items, keys('flow', 's1', 's2'), ['pump'], '')).toEqual(['flow', 's1', 's2']);
      expect(chosenColumns(items, keys('flow', 's2'), ['pump'], '')).toEqual(['flow', 's2']);
    });
  });

  describe('in a chart of several streams', () => {
    const other: ChoiceSource = { stream: 'other', series: [column('flow'), column('level')] };
    const streams = ['pump', 'other'];
    const items = columnItems([pump, other], streams, '');

    it('writes a plain name for a column checked in every stream, `stream · column` for one checked in some', () => {
      expect(chosenColumns(items, new Set(['pump · flow', 'other · flow', 'other · level']), streams, '')).toEqual([
        'flow',
        'other · level',
      ]);
      expect(chosenColumns(items, new Set(['pump · flow', 'pump · temp']), streams, '')).toEqual(['pump · flow', 'pump · temp']);
    });

    it('gives a column the place of its plain name when it splits into one stream’s, and back', () => {
      expect(chosenColumns(items, new Set(['pump · temp', 'other · flow']), streams, 'temp,flow')).toEqual(['pump · temp', 'other · flow']);
      expect(chosenColumns(items, new Set(['pump · temp', 'pump · flow', 'other · flow']), streams, 'pump · temp,other · flow')).toEqual([
        'pump · temp',
        'flow',
      ]);
    });

    it('qualifies every column while a stream’s columns are not known (its lines cannot be checked)', () => {
      const known = columnItems([pump], ['pump', 'late'], '');
      expect(chosenColumns(known, new Set(['pump · flow']), ['pump', 'late'], '')).toEqual(['pump · flow']);
    });
  });
});
