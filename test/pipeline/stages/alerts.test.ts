import { describe, expect, it } from 'vitest';
import { dataTime } from '../../../src/pipeline/data-time.js';
import { alertSchema, type AlertConfig, evaluateAlerts } from '../../../src/pipeline/stages/alerts.js';
import type { AlertData } from '../../../src/protocol/events.js';
import type { Row } from '../../../src/values/row.js';
import { minute } from './run-stage.js';

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
});
