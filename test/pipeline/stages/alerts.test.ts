import { describe, expect, it } from 'vitest';
import { dataTime } from '../../../src/pipeline/data-time.js';
import { alertSchema, type AlertConfig, evaluateAlerts } from '../../../src/pipeline/stages/alerts.js';
import type { AlertData } from '../../../src/protocol/events.js';
import type { Row } from '../../../src/values/row.js';
import { describeObject } from '../../../src/sources/describe.js';
import { issuesOf, minute } from './run-stage.js';

describe('alert rules', () => {
  function transitions(rule: Partial<AlertConfig>, values: (number | null)[]): string[] {
    const seen: AlertData[] = [];
    const config = alertSchema.parse({ name: 'r', column: 'x', ...rule });
    const stage = evaluateAlerts([config], 't', dataTime('t'), (a) => seen.push(a));
    values.forEach((x, i) => {
      stage({ t: minute(i), x } as Row);
    });
    return seen.map((a) => `${a.state}@${a.at.slice(11, 16)}=${a.value}`);
  }
  it('fires at once above the value and resolves when back at or below it', () => {
    expect(transitions({ above: 5 }, [1, 6, 7, 5, 9])).toEqual(['firing@00:01=6', 'resolved@00:03=5', 'firing@00:04=9']);
  });
  it('with for: N points, fires at the N-th consecutive point past the threshold', () => {
    expect(transitions({ below: 0, for: 3 }, [-1, -1, 1, -1, -1, null, -1, -2])).toEqual(['firing@00:06=-1']);
  });
  it('with for: a duration, fires once the value stayed past it that long in data time', () => {
    expect(transitions({ above: 5, for: '2m' }, [6, 6, 1, 6, 6, 6])).toEqual(['firing@00:05=6']);
  });
  it('with resolve, resolves only past the resolve level (hysteresis)', () => {
    expect(transitions({ above: 5, resolve: 2 }, [6, 4, 3, 2, 6])).toEqual(['firing@00:00=6', 'resolved@00:03=2', 'firing@00:04=6']);
  });
  it('below: fires under the value, resolves back at or above the resolve level; non-numbers change nothing', () => {
    expect(transitions({ below: 0, resolve: 2 }, [1, -1, Number.NaN, 1, null, 2, -3])).toEqual([
      'firing@00:01=-1',
      'resolved@00:05=2',
      'firing@00:06=-3',
    ]);
  });
  it('a breach that ends before `for` starts the count again', () => {
    expect(transitions({ above: 5, for: 2 }, [6, 1, 6, 1, 6, 6])).toEqual(['firing@00:05=6']);
    expect(transitions({ above: 5, for: '1m' }, [6, 1, 6, 6])).toEqual(['firing@00:03=6']);
  });
  it('evaluates each rule on its own, and tells the time of a row without one as empty', () => {
    const seen: AlertData[] = [];
    const rules = [alertSchema.parse({ name: 'a', column: 'x', above: 1 }), alertSchema.parse({ name: 'b', column: 'y', below: 0 })];
    const stage = evaluateAlerts(rules, 't', dataTime('t'), (a) => seen.push(a));
    stage({ t: minute(0), x: 2, y: 1 });
    stage({ x: 2, y: -1 });
    stage({ x: 0, y: -1 });
    expect(seen).toEqual([
      { rule: 'a', state: 'firing', at: minute(0), value: 2 },
      { rule: 'b', state: 'firing', at: '', value: -1 },
      { rule: 'a', state: 'resolved', at: '', value: 0 },
    ]);
  });
  it('checks rules: one of above and below, resolve on the safe side, a name, `for` above zero', () => {
    const issues = (rule: object) => issuesOf(alertSchema, { name: 'r', column: 'x', ...rule });
    expect(issues({})).toEqual(['above: give above or below (one of them)']);
    expect(issues({ above: 1, below: 0 })).toEqual(['above: give above or below (one of them)']);
    expect(issues({ below: 0, resolve: -1 })).toEqual(['resolve: resolve must be on the safe side of the threshold (≤ above, ≥ below)']);
    expect(issues({ below: 0, resolve: 0 })).toEqual([]);
    expect(issues({ above: 0, resolve: 0 })).toEqual([]);
    expect(issues({ above: 0, resolve: 1 })).toEqual(['resolve: resolve must be on the safe side of the threshold (≤ above, ≥ below)']);
    expect(issues({ above: 0, name: '-r' })).toEqual(['name: letters, digits, ".", "_" and "-" (at most 64)']);
    expect(issues({ above: 0, name: 'r'.repeat(65) })).toEqual(['name: letters, digits, ".", "_" and "-" (at most 64)']);
    expect(issues({ above: 0, for: 0 })).toEqual(['for: must be greater than zero (points)']);
    expect(issues({ above: 0, for: '0s' })).toEqual(['for: must be greater than zero']);
    expect(issues({ above: 0, name: 'Pump-1.high_z', for: '2m' })).toEqual([]);
    expect(issues({ above: 0, name: 'r'.repeat(64) })).toEqual([]);
  });
  it('at the threshold is not past it; a firing rule ignores rows without a number', () => {
    expect(transitions({ above: 5 }, [5, 6, null, Number.NaN, 6])).toEqual(['firing@00:01=6']);
    expect(transitions({ below: 0 }, [0, -1, null, 0])).toEqual(['firing@00:01=-1', 'resolved@00:03=0']);
  });
  it('a row without a number does not break a run of breaching points', () => {
    expect(transitions({ above: 5, for: 2 }, [6, Number.NaN, 6])).toEqual(['firing@00:02=6']);
    expect(transitions({ above: 5, for: 2 }, [6, null, 6])).toEqual(['firing@00:02=6']);
  });
  it('describes every field of a rule', () => {
    expect(describeObject(alertSchema).filter((f) => f.description === '')).toEqual([]);
  });
});
