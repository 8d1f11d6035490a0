import { describe, expect, it } from 'vitest';
import { placeSpan, placeTime, xOf } from '../../../src/ui/backtest/lane-place.js';
import type { PlotArea } from '../../../src/ui/chart/plotly-chart.js';

const T0 = Date.UTC(2024, 2, 4, 10);
const MINUTE = 60_000;
// 100 minutes across a plot 1000 px wide that starts 64 px from the chart's left edge: 10 px a minute.
const area: PlotArea = { range: [T0, T0 + 100 * MINUTE], left: 64, width: 1000 };

describe('xOf', () => {
  it('places a time across the plot area, the margin added', () => {
    expect([xOf(T0, area), xOf(T0 + 25 * MINUTE, area), xOf(T0 + 100 * MINUTE, area)]).toEqual([64, 314, 1064]);
    expect(xOf(T0 - 10 * MINUTE, area)).toBe(-36);
  });
});

describe('placeSpan', () => {
  it('gives a span inside the view its exact box', () => {
    expect(placeSpan(T0 + 10 * MINUTE, T0 + 13 * MINUTE, 0, area)).toEqual({ left: 164, width: 30 });
  });

  it('cuts a span at the plot edges', () => {
    expect(placeSpan(T0 - 30 * MINUTE, T0 + 5 * MINUTE, 0, area)).toEqual({ left: 64, width: 50 });
    expect(placeSpan(T0 + 90 * MINUTE, T0 + 200 * MINUTE, 0, area)).toEqual({ left: 964, width: 100 });
  });

  it('runs a span that never ended to the last time of the report', () => {
    expect(placeSpan(T0 + 50 * MINUTE, null, T0 + 60 * MINUTE, area)).toEqual({ left: 564, width: 100 });
  });

  it('has no box for a span out of view, before or after', () => {
    expect(placeSpan(T0 - 30 * MINUTE, T0 - MINUTE, 0, area)).toBeNull();
    expect(placeSpan(T0 + 101 * MINUTE, T0 + 120 * MINUTE, 0, area)).toBeNull();
    expect(placeSpan(T0 + 101 * MINUTE, null, T0 + 120 * MINUTE, area)).toBeNull();
  });

  it('keeps a span at least minWidth wide, widened to the right', () => {
    expect(placeSpan(T0 + 20 * MINUTE, T0 + 20 * MINUTE, 0, area, 4)).toEqual({ left: 264, width: 4 });
    expect(placeSpan(T0 + 20 * MINUTE, T0 + 21 * MINUTE, 0, area, 4)).toEqual({ left: 264, width: 10 });
  });

  it('has no box on an empty range', () => {
    expect(placeSpan(T0, T0 + MINUTE, 0, { ...area, range: [T0, T0] })).toBeNull();
  });
});

describe('placeTime', () => {
  it('places a time in view, and none outside it', () => {
    expect(placeTime(T0 + 42 * MINUTE, area)).toBe(484);
    expect([placeTime(T0 - 1, area), placeTime(T0 + 100 * MINUTE + 1, area)]).toEqual([null, null]);
    expect([placeTime(T0, area), placeTime(T0 + 100 * MINUTE, area)]).toEqual([64, 1064]);
  });
});
