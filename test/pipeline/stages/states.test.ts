import { describe, expect, it } from 'vitest';
import { statesSchema, watchStates } from '../../../src/pipeline/stages/states.js';
import type { StateData } from '../../../src/protocol/events.js';
import { describeObject } from '../../../src/sources/describe.js';
import { issuesOf, minute } from './run-stage.js';

describe('the state column', () => {
  it('reports the first value and each change, with the row time; empty cells are no change', () => {
    const seen: StateData[] = [];
    const stage = watchStates('s', 't', (s) => seen.push(s));
    ['NORMAL', 'NORMAL', '', 'BROKEN', null, 'BROKEN', 'NORMAL'].forEach((s, i) => {
      stage({ t: minute(i), s });
    });
    expect(seen).toEqual([
      { value: 'NORMAL', at: minute(0) },
      { value: 'BROKEN', at: minute(3) },
      { value: 'NORMAL', at: minute(6) },
    ]);
  });
  it('codes are compared as text', () => {
    const seen: StateData[] = [];
    const stage = watchStates('s', 't', (s) => seen.push(s));
    [0, 0, 1].forEach((s, i) => {
      stage({ t: minute(i), s });
    });
    expect(seen.map((s) => s.value)).toEqual(['0', '1']);
  });
  it('tells the time of a row without one as empty', () => {
    const seen: StateData[] = [];
    watchStates('s', 't', (s) => seen.push(s))({ s: 'ON' });
    expect(seen).toEqual([{ value: 'ON', at: '' }]);
  });
  it('config: a column, band colours as #hex or CSS names, values without a band', () => {
    expect(statesSchema.parse({ column: 's' })).toEqual({ column: 's', colors: {}, unshaded: [] });
    expect(statesSchema.parse({ column: 's', colors: { ON: '#0f0', OFF: 'grey' }, unshaded: ['OFF'] }).colors).toEqual({
      ON: '#0f0',
      OFF: 'grey',
    });
    expect(issuesOf(statesSchema, { column: 's', colors: { ON: 'rgb(0,0,0)' } })).toEqual([
      'colors.ON: a #hex colour or a CSS colour name',
    ]);
  });
  it('config: colours are #hex of 3 to 8 digits or lowercase names of 3 to 20 letters; values of 1 to 200 characters', () => {
    const colour = (c: string) => statesSchema.safeParse({ column: 's', colors: { ON: c } }).success;
    expect(['#abc', '#A0b1C2', '#abcdef12', 'red', 'rebeccapurple', 'a'.repeat(20)].map(colour)).toEqual(Array(6).fill(true));
    const bad = ['rgb(0,0,0)', '#ab', '#abcdefabc', '#abz', 'x#abc', '#abc ', 'Red', 'ab', 'a'.repeat(21), 'red1', '1red'];
    expect(bad.map(colour)).toEqual(Array(bad.length).fill(false));
    const valid = (states: object) => statesSchema.safeParse({ column: 's', ...states }).success;
    expect([
      valid({ colors: { ['v'.repeat(200)]: 'red' } }),
      valid({ colors: { '': 'red' } }),
      valid({ colors: { ['v'.repeat(201)]: 'red' } }),
    ]).toEqual([true, false, false]);
    const values = (n: number, length = 1) => Array.from({ length: n }, (_, i) => String(i).padStart(length, 'v'));
    expect([
      valid({ unshaded: values(64, 200) }),
      valid({ unshaded: values(65) }),
      valid({ unshaded: [''] }),
      valid({ unshaded: values(1, 201) }),
    ]).toEqual([true, false, false, false]);
    expect(describeObject(statesSchema).filter((f) => f.description === '')).toEqual([]);
  });
  it('a row without the column is no change', () => {
    const seen: StateData[] = [];
    const stage = watchStates('s', 't', (s) => seen.push(s));
    stage({ t: minute(0), s: 'ON' });
    stage({ t: minute(1) });
    stage({ t: minute(2), s: undefined });
    stage({ t: minute(3), s: 'ON' });
    expect(seen).toEqual([{ value: 'ON', at: minute(0) }]);
  });
});
