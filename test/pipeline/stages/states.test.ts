import { describe, expect, it } from 'vitest';
import { watchStates } from '../../../src/pipeline/stages/states.js';
import type { StateData } from '../../../src/protocol/events.js';
import { minute } from './run-stage.js';

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
});
