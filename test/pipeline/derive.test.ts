import { describe, expect, it } from 'vitest';
import { stageSchema, alertSchema, type AlertConfig } from '../../src/config/stage-schema.js';
import { compose } from '../../src/pipeline/stage.js';
import { deriveStages } from '../../src/pipeline/stages/derive/index.js';
import { dataTime } from '../../src/pipeline/stages/derive/data-time.js';
import { watchStates } from '../../src/pipeline/stages/states.js';
import { evaluateAlerts } from '../../src/pipeline/stages/alerts.js';
import type { AlertData, StateData } from '../../src/protocol/events.js';
import type { Row } from '../../src/values/row.js';
import { significant } from '../../src/values/significant.js';

const minute = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();

/** Runs one stage config over values (one row a minute, `null` for a gap) and returns `column` of each output row. */
function run(
  config: unknown,
  values: (number | null)[],
  column: string,
  ranges?: Map<string, { min: number; max: number }>,
  times = values.map((_, i) => minute(i)),
): unknown[] {
  const stage = compose(deriveStages([stageSchema.parse(config)], { timeName: 't', ranges }));
  return values.map((x, i) => stage({ t: times[i], x })![column]);
}

/** Outputs carry 6 significant digits: the expected values, rounded so. */
const round = (values: unknown[]) => values.map((v) => (typeof v === 'number' ? significant(v) : v));

describe('derive stages', () => {
  describe('scale', () => {
    it('maps a fixed range to [0, 1], values outside it past the ends', () => {
      expect(run({ type: 'scale', column: 'x', min: 10, max: 20 }, [10, 15, 20, 25, null], 'x_scaled')).toEqual([0, 0.5, 1, 1.5, null]);
    });
    it('uses the whole-data range of a pre-scan when the source gave one', () => {
      expect(run({ type: 'scale', column: 'x', as: 's' }, [2, 4, 6], 's', new Map([['x', { min: 0, max: 8 }]]))).toEqual([0.25, 0.5, 0.75]);
    });
    it('learns a running range without one (0 while the range is empty)', () => {
      expect(run({ type: 'scale', column: 'x' }, [5, 10, 0, 5], 'x_scaled')).toEqual([0, 1, 0, 0.5]);
    });
    it('learns from the first N rows only with learn: first', () => {
      expect(run({ type: 'scale', column: 'x', learn: 'first', rows: 2 }, [0, 10, 20, 5], 'x_scaled')).toEqual([0, 1, 2, 0.5]);
    });
  });

  it('outputs carry 6 significant digits', () => {
    expect(run({ type: 'rolling', column: 'x', window: 3 }, [1, 3, 9], 'x_mean')).toEqual([1, 2, 4.33333]);
    expect(run({ type: 'ewma', column: 'x', alpha: 1 / 3 }, [0, -0.001], 'x_ewma')).toEqual([0, -0.000333333]);
    expect(run({ type: 'diff', column: 'x' }, [0.1, 0.3], 'x_diff')).toEqual([null, 0.2]);
  });

  describe('rolling', () => {
    const values = [1, 3, 2, 8, null, 4];
    it('over N rows: mean, sample std, min and max of the last N numbers', () => {
      const config = { type: 'rolling', column: 'x', window: 3, stats: ['mean', 'std', 'min', 'max'] };
      expect(round(run(config, values, 'x_mean'))).toEqual([1, 2, 2, round([13 / 3])[0], null, round([14 / 3])[0]]);
      expect(round(run(config, values, 'x_std'))).toEqual(round([null, Math.SQRT2, 1, Math.sqrt(31 / 3), null, Math.sqrt(28 / 3)]));
      expect(run(config, values, 'x_min')).toEqual([1, 1, 1, 2, null, 2]);
      expect(run(config, values, 'x_max')).toEqual([1, 3, 3, 8, null, 8]);
    });
    it('over a duration of data time: values within the last 2m (so two rows a minute apart)', () => {
      const config = { type: 'rolling', column: 'x', window: '2m', stats: ['mean', 'max'], as: 'r' };
      expect(run(config, [1, 3, 2, 8], 'r_mean')).toEqual([1, 2, 2.5, 5]);
      expect(run(config, [9, 3, 2, 8], 'r_max')).toEqual([9, 9, 3, 8]);
    });
    it('keeps a long run exact: a window of 3 after 10,000 large values', () => {
      const long = Array.from({ length: 10_000 }, (_, i) => 1e6 + (i % 7));
      const out = run({ type: 'rolling', column: 'x', window: 3, stats: ['mean', 'std'] }, long, 'x_std');
      // the last three values are 1e6 + (9997 % 7, 9998 % 7, 9999 % 7) = +1, +2, +3: std 1
      expect(out.at(-1)).toBeCloseTo(1, 9);
    });
  });

  it('zscore: (x − mean) / std over the window including x; null while the std is 0 or undefined', () => {
    expect(round(run({ type: 'zscore', column: 'x', window: 3 }, [5, 5, 5, 8], 'x_z'))).toEqual([
      null,
      null,
      null,
      round([(8 - 6) / Math.sqrt(3)])[0],
    ]);
  });

  describe('ewma', () => {
    it('with alpha', () => {
      expect(run({ type: 'ewma', column: 'x', alpha: 0.5 }, [0, 8, 8, null, 0], 'x_ewma')).toEqual([0, 4, 6, null, 3]);
    });
    it('with a half-life of data time: a value weighs half after it', () => {
      const times = [minute(0), minute(2), minute(3)];
      const out = run({ type: 'ewma', column: 'x', halfLife: '2m' }, [0, 8, 8], 'x_ewma', undefined, times);
      // 2m later: weight 1 − 0.5 = 0.5 → 4; 1m later: weight 1 − 0.5^0.5
      expect(round(out)).toEqual(round([0, 4, 4 + (1 - Math.SQRT1_2) * 4]));
    });
  });

  it('rate: change per second of data time; diff: change since the previous number', () => {
    const times = [minute(0), minute(1), minute(1), minute(3)];
    expect(run({ type: 'rate', column: 'x' }, [0, 60, 90, 30], 'x_rate', undefined, times)).toEqual([null, 1, null, -0.5]);
    expect(run({ type: 'diff', column: 'x' }, [0, 60, null, 30], 'x_diff')).toEqual([null, 60, null, -30]);
  });

  it('a stage chain sees the outputs of the stages before it', () => {
    const stages = compose(
      deriveStages(
        [
          stageSchema.parse({ type: 'diff', column: 'x', as: 'd' }),
          stageSchema.parse({ type: 'rolling', column: 'd', window: 2, stats: ['max'] }),
        ],
        {
          timeName: 't',
        },
      ),
    );
    const out = [1, 4, 2, 2].map((x, i) => stages({ t: minute(i), x })!);
    expect(out.map((r) => r.d_max)).toEqual([null, 3, 3, 0]);
  });
});

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
