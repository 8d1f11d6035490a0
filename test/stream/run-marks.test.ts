import { describe, expect, it } from 'vitest';
import type { AlertData, StateData } from '../../src/protocol/events.js';
import { MARK_EVENTS, RunMarks, type Mark } from '../../src/stream/run-marks.js';

const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString();
const state = (seq: number, value: string, minute: number): Mark => ({ seq, name: 'state', payload: { value, at: at(minute) } });
const alert = (seq: number, rule: string, firing: boolean, minute: number): Mark => ({
  seq,
  name: 'alert',
  payload: { rule, state: firing ? 'firing' : 'resolved', at: at(minute), value: minute },
});

/** state A (seq 2), high fires (3), state B (5), high resolves (6), low fires (7). */
function marks() {
  const m = new RunMarks();
  for (const mark of [
    state(2, 'A', 10),
    alert(3, 'high', true, 20),
    state(5, 'B', 30),
    alert(6, 'high', false, 40),
    alert(7, 'low', true, 50),
  ])
    m.record(mark);
  return m;
}
const seqs = (list: Mark[]) => list.map((m) => m.seq);

describe('RunMarks', () => {
  it('forViewer: the state in effect and the alerts firing before a seq, and with andAfter every mark from there', () => {
    const m = marks();
    expect(seqs(m.forViewer(4, false))).toEqual([2, 3]);
    expect(seqs(m.forViewer(4, true))).toEqual([2, 3, 5, 6, 7]);
    expect(seqs(m.forViewer(7, false))).toEqual([5]); // high has resolved; low fires at 7, which the viewer gets
    expect(seqs(m.forViewer(8, false))).toEqual([5, 7]);
    expect(seqs(m.forViewer(1, false))).toEqual([]);
    expect(seqs(m.forViewer(1, true))).toEqual([2, 3, 5, 6, 7]);
  });

  it('between: per key, the mark in effect at `from` (a state, or an alert firing), then the changes up to `to`', () => {
    const m = marks();
    const all = m.between(Date.parse(at(25)), Date.parse(at(45)), 0, Number.POSITIVE_INFINITY);
    expect(all.states).toEqual<StateData[]>([
      { value: 'A', at: at(10) },
      { value: 'B', at: at(30) },
    ]);
    expect(all.alerts).toEqual<AlertData[]>([
      { rule: 'high', state: 'firing', at: at(20), value: 20 },
      { rule: 'high', state: 'resolved', at: at(40), value: 40 },
    ]);
    // from 45: high has resolved (not in effect), low fires after the range
    expect(m.between(Date.parse(at(45)), Date.parse(at(49)), 0, Number.POSITIVE_INFINITY)).toEqual({
      states: [{ value: 'B', at: at(30) }],
      alerts: [],
    });
    // exactly at a mark's time, the mark is in effect
    expect(m.between(Date.parse(at(30)), Date.parse(at(30)), 0, Number.POSITIVE_INFINITY).states).toEqual([{ value: 'B', at: at(30) }]);
  });

  it('between: only the marks published at seqs [fromSeq, toSeq) (one pass of a looping replay)', () => {
    const m = marks();
    const range = [Date.parse(at(0)), Date.parse(at(60))] as const;
    expect(m.between(...range, 3, 6)).toEqual({
      states: [{ value: 'B', at: at(30) }],
      alerts: [{ rule: 'high', state: 'firing', at: at(20), value: 20 }],
    });
    expect(m.between(...range, 2, 3).states).toEqual([{ value: 'A', at: at(10) }]);
    expect(m.between(...range, 7, 8)).toEqual({ states: [], alerts: [{ rule: 'low', state: 'firing', at: at(50), value: 50 }] });
  });

  it('keeps each alert rule apart: all the rules firing are told', () => {
    const m = marks();
    m.record(alert(8, 'x', true, 60));
    expect(seqs(m.forViewer(9, false))).toEqual([5, 7, 8]);
    expect([...m.firing()].sort()).toEqual(['low', 'x']);
  });

  it('between: a change exactly at `to` is inside the range', () => {
    expect(marks().between(Date.parse(at(25)), Date.parse(at(30)), 0, Number.POSITIVE_INFINITY).states).toEqual([
      { value: 'A', at: at(10) },
      { value: 'B', at: at(30) },
    ]);
  });

  it('firing: the rules whose last transition fired', () => {
    expect([...marks().firing()]).toEqual(['low']);
    expect([...new RunMarks().firing()]).toEqual([]);
  });

  it('keeps the last 1000 marks of each key', () => {
    const m = new RunMarks();
    for (let seq = 1; seq <= 1002; seq++) m.record(state(seq, String(seq), seq));
    m.record(alert(2000, 'high', true, 1));
    const kept = m.forViewer(0, true);
    expect(kept).toHaveLength(1001);
    expect(kept[0]!.seq).toBe(3);
    expect(kept.at(-1)!.seq).toBe(2000);
  });

  it('names the events that are marks', () => {
    expect([...MARK_EVENTS]).toEqual(['state', 'alert']);
  });
});
