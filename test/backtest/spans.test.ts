import { describe, expect, it } from 'vitest';
import { failureEpisodes, firingSpans, unionOf } from '../../src/backtest/spans.js';

const MIN = 60_000;

describe('failureEpisodes', () => {
  it('starts an episode on the change into a failure state and ends it on the change out of the last one', () => {
    const changes = [
      { value: 'NORMAL', at: 0 },
      { value: 'BROKEN', at: 10 * MIN },
      { value: 'RECOVERING', at: 15 * MIN },
      { value: 'NORMAL', at: 40 * MIN },
      { value: 'BROKEN', at: 90 * MIN },
    ];
    expect(failureEpisodes(changes, new Set(['BROKEN']))).toEqual([
      { start: 10 * MIN, end: 15 * MIN },
      { start: 90 * MIN, end: null },
    ]);
    // BROKEN then RECOVERING is one episode when both are failures.
    expect(failureEpisodes(changes, new Set(['BROKEN', 'RECOVERING']))).toEqual([
      { start: 10 * MIN, end: 40 * MIN },
      { start: 90 * MIN, end: null },
    ]);
  });

  it('counts a failure at the first row', () => {
    expect(
      failureEpisodes(
        [
          { value: 'BROKEN', at: 0 },
          { value: 'NORMAL', at: MIN },
        ],
        new Set(['BROKEN']),
      ),
    ).toEqual([{ start: 0, end: MIN }]);
  });
});

describe('firingSpans', () => {
  it("gives each rule its spans, and a rule that never resolves an open one; other rules' changes are left out", () => {
    const spans = firingSpans(
      [
        { rule: 'a', state: 'firing', at: 1 },
        { rule: 'b', state: 'firing', at: 2 },
        { rule: 'a', state: 'resolved', at: 3 },
        { rule: 'x', state: 'firing', at: 4 },
        { rule: 'a', state: 'firing', at: 5 },
      ],
      ['a', 'b', 'c'],
    );
    expect(Object.fromEntries(spans)).toEqual({
      a: [
        { start: 1, end: 3 },
        { start: 5, end: null },
      ],
      b: [{ start: 2, end: null }],
      c: [],
    });
  });
});

describe('unionOf', () => {
  it('merges overlapping and touching spans; an open span swallows what follows', () => {
    expect(
      unionOf([
        [
          { start: 1, end: 3 },
          { start: 10, end: 12 },
        ],
        [
          { start: 3, end: 5 },
          { start: 7, end: 8 },
          { start: 11, end: null },
          { start: 20, end: 21 },
        ],
      ]),
    ).toEqual([
      { start: 1, end: 5 },
      { start: 7, end: 8 },
      { start: 10, end: null },
    ]);
  });
});
