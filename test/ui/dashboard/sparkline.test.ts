import { describe, expect, it } from 'vitest';
import { SparkPoints, sparklinePath } from '../../../src/ui/dashboard/sparkline.js';

describe('SparkPoints', () => {
  it('keeps the points within `span` of the newest', () => {
    const points = new SparkPoints(10);
    for (const t of [0, 5, 10, 15, 20]) points.push(t, t * 2);
    expect(points.t).toEqual([10, 15, 20]);
    expect(points.y).toEqual([20, 30, 40]);
  });

  it('starts again when time goes back (a replay looped), and ignores a point without a time', () => {
    const points = new SparkPoints(100);
    points.push(50, 1);
    points.push(60, 2);
    points.push(Number.NaN, 3);
    points.push(10, 4);
    expect(points.t).toEqual([10]);
    expect(points.y).toEqual([4]);
  });
});

describe('sparklinePath', () => {
  it('draws time across the last span and the values from their lowest (bottom) to their highest (top)', () => {
    const points = new SparkPoints(100);
    points.push(100, 0);
    points.push(150, 10);
    points.push(200, 5);
    expect(sparklinePath(points, 100, 30)).toBe('M0 30L50 0L100 15');
  });

  it('breaks the line at a gap, and draws equal values flat in the middle', () => {
    const points = new SparkPoints(40);
    points.push(0, 3);
    points.push(10, 3);
    points.push(20, null);
    points.push(30, 3);
    points.push(40, 3);
    expect(sparklinePath(points, 100, 30)).toBe('M0 15L25 15 M75 15L100 15');
  });

  it('is empty with nothing to draw', () => {
    const points = new SparkPoints(10);
    expect(sparklinePath(points, 100, 30)).toBe('');
    points.push(5, null);
    expect(sparklinePath(points, 100, 30)).toBe('');
  });
});
