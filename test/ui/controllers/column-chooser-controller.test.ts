import { describe, expect, it, vi } from 'vitest';
import type { ColumnInfo } from '../../../src/protocol/events.js';
import { ColumnChooserController } from '../../../src/ui/controllers/column-chooser-controller.js';

const series: ColumnInfo[] = Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, type: 'number', axis: 'y' }));

/** A chooser on a host whose `columns` the choices set, as the element does; `chosen`: the entries of each choice. */
function setup(columns = '') {
  const state = { columns, chosen: [] as string[][] };
  const host = { addController: () => {}, requestUpdate: vi.fn() };
  const chooser = new ColumnChooserController(host as never, {
    container: () => null,
    sources: () => ({ streams: ['pump'], known: [{ stream: 'pump', series }] }),
    columns: () => state.columns,
    choose: (entries) => {
      state.chosen.push(entries);
      state.columns = entries.join(',');
    },
  });
  /** The columns the open menu shows checked (the menu's open state set as its button would). */
  const checked = () => {
    chooser.menu.open = true;
    return chooser
      .view()
      .items.filter((i) => i.checked)
      .map((i) => i.column);
  };
  return { state, chooser, checked };
}

describe('ColumnChooserController', () => {
  it('applies each checkbox at once through `columns`', () => {
    const { state, chooser } = setup('s1');
    chooser.toggle('pump · s4');
    chooser.toggle('pump · s1');
    expect(state.chosen).toEqual([['s1', 's4'], ['s4']]);
    expect(state.columns).toBe('s4');
  });

  it('keeps the chart’s lines while nothing is checked (None), then draws the first line checked alone', () => {
    const { state, chooser, checked } = setup('s1,s2');
    chooser.setShown(false);
    expect(state.chosen).toEqual([]);
    expect(checked()).toEqual([]);
    expect(chooser.view().nothingChecked).toBe(true);
    chooser.toggle('pump · s7');
    expect(state.chosen).toEqual([['s7']]);
    expect(checked()).toEqual(['s7']);
    expect(chooser.view().nothingChecked).toBe(false);
  });

  it('checks and unchecks only the lines the search shows', () => {
    const { state, chooser } = setup('s0');
    chooser.search('S1');
    chooser.setShown(true);
    chooser.search('');
    chooser.toggle('pump · s5');
    chooser.search('s0');
    chooser.setShown(false);
    expect(state.chosen).toEqual([
      ['s0', 's1'],
      ['s0', 's1', 's5'],
      ['s1', 's5'],
    ]);
  });

  it('tells nothing when a choice leaves `columns` as it was, and [] once every line is checked', () => {
    const { state, chooser } = setup(' s0 , s1');
    chooser.search('s1');
    chooser.setShown(true);
    expect(state.chosen).toEqual([]);
    chooser.search('');
    chooser.setShown(true);
    expect(state.chosen).toEqual([[]]);
    expect(state.columns).toBe('');
  });

  it('offers a search box for more than 8 columns, and lists no line while closed', () => {
    const { chooser } = setup();
    expect(chooser.view()).toEqual({ open: false, available: true, items: [], search: { query: '' }, nothingChecked: false });
  });
});
