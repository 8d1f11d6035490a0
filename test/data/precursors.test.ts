import { describe, expect, it } from 'vitest';
import { failurePlan, MONTH_FILE_OPTIONS, mulberry32, planSpreadEpisodes, pumpRows, SENSOR_SPECS } from '../../data/generate.js';
import { planPrecursors } from '../../data/precursors.js';

// A 3-day file with 3 failures and precursors: small enough to generate in a test.
const SHORT = { seed: 3, rows: 3 * 1440, start: '2024-06-01 00:00:00', failures: 3, precursors: true } as const;

describe('failures spread over a long file', () => {
  it('plans exactly the count asked, one in each equal part, each with its BROKEN and RECOVERING spans', () => {
    const episodes = planSpreadEpisodes(43_200, 5, mulberry32(1));
    expect(episodes).toHaveLength(5);
    episodes.forEach((e, i) => {
      expect(e.brokenStart).toBeGreaterThanOrEqual(i * 8640 + 2592);
      expect(e.brokenStart).toBeLessThanOrEqual(i * 8640 + 6912);
      expect(e.recoveringStart - e.brokenStart).toBeGreaterThanOrEqual(5);
      expect(e.recoveringStart - e.brokenStart).toBeLessThanOrEqual(30);
      expect(e.normalStart - e.recoveringStart).toBeGreaterThanOrEqual(30);
      expect(e.normalStart - e.recoveringStart).toBeLessThanOrEqual(120);
    });
  });

  it('makes the month file of 30 days at one row a minute with five failures', () => {
    expect(MONTH_FILE_OPTIONS).toMatchObject({ rows: 43_200, failures: 5, precursors: true });
  });
});

describe('precursors', () => {
  it('give every failure but one a drift or more noise in 5 to 8 steady sensors, 45 minutes to 4 hours long', () => {
    for (let seed = 0; seed < 50; seed++) {
      const episodes = planSpreadEpisodes(43_200, 5, mulberry32(seed));
      const plans = planPrecursors(episodes, mulberry32(seed + 1000));
      expect(plans.filter((p) => p.kind === 'none')).toHaveLength(1);
      plans.forEach((plan, i) => {
        expect(plan.endRow).toBe(episodes[i]!.brokenStart);
        expect(plan.endRow - plan.startRow).toBeGreaterThanOrEqual(45);
        expect(plan.endRow - plan.startRow).toBeLessThanOrEqual(240);
        expect(plan.sensors.length).toBeGreaterThanOrEqual(5);
        expect(plan.sensors.length).toBeLessThanOrEqual(8);
        expect(new Set(plan.sensors).size).toBe(plan.sensors.length);
        expect(plan.sensors.every((s) => s !== 15 && (s <= 13 || (s >= 31 && s <= 37)))).toBe(true);
      });
    }
  });

  it('show in the generated rows: the precursor sensors move from where they were, the other steady sensors and a failure without one do not', () => {
    const rows = [...pumpRows(SHORT)];
    const { episodes, precursors } = failurePlan(SHORT);
    expect(rows.flatMap((r, i) => (r.status === 'BROKEN' && rows[i - 1]?.status !== 'BROKEN' ? [i] : []))).toEqual(
      episodes.map((e) => e.brokenStart),
    );
    expect(precursors.map((p) => p.kind)).toEqual(['drift', 'noise', 'none']);
    // Per sensor, in noise widths: how far the last 20 minutes before the failure are from the 3
    // hours before the precursor began, in mean (drift) and in spread (noise).
    const window = (sensor: number, from: number, to: number) => {
      const spec = SENSOR_SPECS[sensor]!;
      const values = rows
        .slice(from, to)
        .flatMap((r) => (r.values[sensor] === null ? [] : [(r.values[sensor]! - spec.rawMin) / (spec.rawMax - spec.rawMin)]));
      const mean = values.reduce((n, v) => n + v, 0) / values.length;
      const std = Math.sqrt(values.reduce((n, v) => n + (v - mean) ** 2, 0) / values.length);
      return { mean, std, noise: spec.noiseStd };
    };
    const change = (sensor: number, i: number) => {
      const end = episodes[i]!.brokenStart;
      const before = window(sensor, precursors[i]!.startRow - 180, precursors[i]!.startRow);
      const last = window(sensor, end - 20, end);
      return { drift: Math.abs(last.mean - before.mean) / before.noise, spread: last.std / before.std };
    };
    const steady = [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 31, 32, 33, 34, 35, 36, 37];
    const [drift, noise] = precursors;
    for (const s of steady) {
      if (drift!.sensors.includes(s)) expect(change(s, 0).drift, `sensor ${s} before failure 1`).toBeGreaterThan(2);
      if (noise!.sensors.includes(s)) expect(change(s, 1).spread, `sensor ${s} before failure 2`).toBeGreaterThan(1.8);
      expect(change(s, 2).spread, `sensor ${s} before failure 3`).toBeLessThan(1.8);
      if (!noise!.sensors.includes(s)) expect(change(s, 1).spread, `sensor ${s} before failure 2`).toBeLessThan(1.8);
    }
  });
});
