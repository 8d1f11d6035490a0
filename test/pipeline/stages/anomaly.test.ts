import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../data/generate.js';
import { anomalyStage } from '../../../src/pipeline/stages/anomaly.js';
import { significant } from '../../../src/values/significant.js';
import { stageOf } from './run-stage.js';

const minute = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();

type Input = [number | null, number | null, string?];

/** The score of each row of `rows` (a, b, status), a minute apart. */
function scores(config: object, rows: readonly Input[]) {
  const stage = stageOf(anomalyStage, { type: 'anomaly', columns: ['a', 'b'], smooth: 1, top: 1, learn: 4, baseline: 2, ...config });
  return rows.map(([a, b, status], i) => stage({ t: minute(i), a, b, status: status ?? 'NORMAL' })!.anomaly);
}

/** The score for a mean column deviation `d`, as the stage rounds it. */
const score = (d: number) => significant(1 - Math.exp(-Math.max(0, d - 1) / 9));

/** The scaled MAD, written out from its definition. */
function scaledMad(values: number[]): number {
  const med = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const m = med(values);
  return Math.max(1.4826 * med(values.map((v) => Math.abs(v - m))), 1e-9);
}

/**
 * The stage's definition, written out plainly (one column at a time, no early exits): fast and slow
 * means, the warm-up's step and shift samples once the slow mean had `baseline` rows, their scaled
 * MADs, the roughness EWMA, the larger of roughness and squared shift, the mean of the top few.
 */
function reference(
  rows: readonly Input[],
  o: { smooth: number; baseline: number; learn: number; top: number; adapt: boolean; ignore?: string },
) {
  const fastRate = 2 / (o.smooth + 1);
  const slowRate = 2 / (o.baseline + 1);
  const cols = [0, 1].map(() => ({
    started: false,
    fast: 0,
    slow: 0,
    rough: 1,
    steps: [] as number[],
    shifts: [] as number[],
    stepSpread: 1,
    shiftSpread: 1,
  }));
  let learning = true;
  let learned = 0;
  return rows.map((row) => {
    const learnable = row[2] !== o.ignore;
    const follow = learnable && (learning || o.adapt);
    const ds: number[] = [];
    let seen = 0;
    cols.forEach((c, i) => {
      const x = row[i] as number | null;
      if (x === null) return;
      if (!c.started) {
        Object.assign(c, { started: true, fast: x, slow: x });
        return;
      }
      const step = x - c.fast;
      c.fast += fastRate * step;
      if (follow) c.slow += slowRate * (x - c.slow);
      const shift = c.fast - c.slow;
      seen++;
      if (learning) {
        if (learnable && learned >= o.baseline) {
          c.steps.push(step);
          c.shifts.push(shift);
        }
        return;
      }
      c.rough += fastRate * ((step / c.stepSpread) ** 2 - c.rough);
      ds.push(Math.max(c.rough, (shift / c.shiftSpread) ** 2));
    });
    if (learning) {
      if (seen > 0 && learnable && ++learned >= o.learn) {
        learning = false;
        for (const c of cols) {
          c.stepSpread = c.steps.length ? scaledMad(c.steps) : 1;
          c.shiftSpread = c.shifts.length ? scaledMad(c.shifts) : 1;
        }
      }
      return null;
    }
    if (seen === 0) return null;
    const top = ds.sort((x, y) => y - x).slice(0, Math.min(o.top, seen));
    return score(top.reduce((n, d) => n + d, 0) / top.length);
  });
}

describe('anomaly', () => {
  it('is null while it learns, then scores a step of so many learned spreads', () => {
    // smooth 1: the fast mean is the value, a step is the change from the last value. baseline 2:
    // steps and shifts are sampled from the third learned row on; learn 6.
    const warm: Input[] = [
      [0, 5],
      [0, 5],
      [1, 5],
      [0, 5],
      [1, 5],
      [0, 5],
    ];
    const got = scores({ learn: 6 }, [...warm, [0, 5], [null, null]]);
    expect(got.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(got[7]).toBeNull();
    // a's steps sampled: +1, −1, +1, −1 → MAD 1 → spread 1.4826; a step of 0 now, and no shift from b.
    expect(got[6]).toBe(reference([...warm, [0, 5]], { smooth: 1, baseline: 2, learn: 6, top: 1, adapt: true })[6]);
  });

  it('agrees with the definition written out, on random rows with gaps, several settings', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const u = mulberry32(seed);
      const settings = {
        smooth: 1 + Math.floor(u() * 5),
        baseline: 2 + Math.floor(u() * 8),
        learn: 5 + Math.floor(u() * 20),
        top: 1 + Math.floor(u() * 2),
        adapt: u() < 0.5,
        ignore: 'BROKEN',
      };
      const rows: Input[] = Array.from({ length: 120 }, (_, i) => {
        const drift = i > 80 ? (i - 80) * 0.2 : 0;
        const a = u() < 0.05 ? null : Math.round((u() * 2 + drift) * 1000) / 1000;
        const b = u() < 0.05 ? null : Math.round(u() * 100 * (i > 100 ? 4 : 1)) / 10;
        return [a, b, u() < 0.1 ? 'BROKEN' : 'NORMAL'];
      });
      const config = { ...settings, ignore: { column: 'status', values: ['BROKEN'] } };
      expect(scores(config, rows), `seed ${seed}`).toEqual(reference(rows, settings));
    }
  });

  it('learns nothing from the rows of an ignored state', () => {
    const ignore = { column: 'status', values: ['BROKEN'] };
    const normal: Input[] = [
      [0, 5],
      [0, 5],
      [1, 5],
      [0, 5],
    ];
    const withBroken: Input[] = [
      [0, 5],
      [90, 50, 'BROKEN'],
      [0, 5],
      [1, 5],
      [-90, 0, 'BROKEN'],
      [0, 5],
    ];
    const after: Input[] = [
      [3, 5],
      [0, 5],
    ];
    // Ignored rows are still scored into the means (a value is a value), but neither counted nor sampled.
    expect(scores({ ignore }, [...withBroken, ...after]).slice(-2)).toEqual(
      reference([...withBroken, ...after], { smooth: 1, baseline: 2, learn: 4, top: 1, adapt: true, ignore: 'BROKEN' }).slice(-2),
    );
    expect(scores({ ignore }, [...withBroken, ...after]).slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(scores({}, [...normal, ...after]).slice(0, 4)).toEqual([null, null, null, null]);
  });

  it('learns for a duration of data time when `learn` is one', () => {
    const rows: Input[] = [
      [0, 5],
      [0, 5],
      [1, 5],
      [0, 5],
      [1, 5],
      [0, 5],
    ];
    // The first row only starts the means; the warm-up runs from the second (minute 1) to minute 4.
    expect(scores({ learn: '3m' }, rows).map((s) => s === null)).toEqual([true, true, true, true, true, false]);
  });

  it('with adapt: false keeps the slow mean where the warm-up left it, so a level change stays', () => {
    const warm: Input[] = Array.from({ length: 8 }, (_, i) => [i % 2, 5]);
    const moved: Input[] = Array.from({ length: 30 }, () => [20, 5]);
    const following = scores({ learn: 8 }, [...warm, ...moved]).at(-1);
    const frozen = scores({ learn: 8, adapt: false }, [...warm, ...moved]).at(-1);
    expect(following).toBe(score(1)); // the slow mean caught up: no shift, no roughness left
    expect(frozen).toBeGreaterThan(0.99);
  });
});
