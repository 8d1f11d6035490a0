import { describe, expect, it } from 'vitest';
import { anomalyStage } from '../../../src/pipeline/stages/anomaly.js';
import { significant } from '../../../src/values/significant.js';
import { stageOf } from './run-stage.js';

const minute = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
const SPREAD_A = 1.4826; // a's warm-up [1, 2, 3, 4]: median 2.5, MAD 1
const score = (d: number) => significant(1 - Math.exp(-Math.max(0, d - 1) / 9));

/** The score of each row of `rows` (a, b, status), a minute apart. */
function scores(config: object, rows: [number | null, number | null, string?][]) {
  const stage = stageOf(anomalyStage, { type: 'anomaly', columns: ['a', 'b'], smooth: 1, top: 1, adapt: 0, learn: 4, ...config });
  return rows.map(([a, b, status], i) => stage({ t: minute(i), a, b, status: status ?? 'NORMAL' })!.anomaly);
}

const WARM_UP: [number, number][] = [
  [1, 10],
  [2, 10],
  [3, 10],
  [4, 10],
];

describe('anomaly', () => {
  it('is null while it learns, then scores the largest deviation from the median in scaled MADs', () => {
    expect(
      scores({}, [
        ...WARM_UP,
        [2.5, 10],
        [2.5 + 3 * SPREAD_A, 10],
        [2.5 - 5 * SPREAD_A, 10],
        // b sat still while learning: its spread is a thousandth of its level, 0.01
        [2.5, 10.02],
        [null, null],
      ]),
    ).toEqual([null, null, null, null, score(0), score(9), score(25), score(4), null]);
  });

  it('averages the squared deviations over `smooth` rows, and reads the mean of the `top` largest', () => {
    const alpha = 2 / (3 + 1);
    const e1 = (1 - alpha) * 1 + alpha * 16; // the energy starts at 1 (normal)
    const e2 = (1 - alpha) * e1 + alpha * 16;
    expect(scores({ smooth: 3 }, [...WARM_UP, [2.5 + 4 * SPREAD_A, 10], [2.5 + 4 * SPREAD_A, 10]]).slice(4)).toEqual([
      score(e1),
      score(e2),
    ]);
    // top 2: the mean of a's 9 and b's 1
    expect(scores({ top: 2 }, [...WARM_UP, [2.5 + 3 * SPREAD_A, 10.01]]).slice(4)).toEqual([score(5)]);
  });

  it('never learns from the rows of an ignored state', () => {
    const ignore = { column: 'status', values: ['BROKEN'] };
    const rows: [number, number, string][] = [
      [1, 10, 'NORMAL'],
      [500, 99, 'BROKEN'],
      [2, 10, 'NORMAL'],
      [3, 10, 'NORMAL'],
      [-500, 0, 'BROKEN'],
      [4, 10, 'NORMAL'],
      [2.5 + 3 * SPREAD_A, 10, 'NORMAL'],
    ];
    expect(scores({ ignore }, rows)).toEqual([null, null, null, null, null, null, score(9)]);
  });

  it('learns for a duration of data time when `learn` is one', () => {
    expect(scores({ learn: '3m' }, [...WARM_UP, [2.5 + 3 * SPREAD_A, 10]])).toEqual([null, null, null, null, score(9)]);
  });

  it('follows slow change after the warm-up at `adapt` of the spread per row, unless it scores high', () => {
    // Each row at 2.5 + 0.5·spread moves the centre up by 0.1·spread; the MAD shrinks by 10 % (|z| below 1/1.4826).
    const rows: [number, number][] = [...WARM_UP, [2.5 + 0.5 * SPREAD_A, 10], [2.5 + 0.5 * SPREAD_A, 10]];
    const centre = 2.5 + 0.1 * SPREAD_A;
    const spread = SPREAD_A * 0.9;
    const z = (2.5 + 0.5 * SPREAD_A - centre) / spread;
    expect(scores({ adapt: 0.1 }, rows).slice(4)).toEqual([score(0.25), score(z * z)]);
    // What it scores as abnormal (0.5 or more) is not learned: the same deviation scores the same.
    const far: [number, number] = [2.5 + 3 * SPREAD_A, 10];
    expect(scores({ adapt: 0.1 }, [...WARM_UP, far, far, far]).slice(4)).toEqual([score(9), score(9), score(9)]);
  });
});
