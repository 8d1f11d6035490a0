import { describe, expect, it } from 'vitest';
import { chartLabel, headingText, windowSize } from '../../src/ui/chart-names.js';
import type { StreamInfo } from '../../src/protocol/events.js';

const list = [
  { id: 'pump-1', title: 'Pump 1' },
  { id: 'pump-2', title: 'Pump 2' },
] as StreamInfo[];

describe('windowSize', () => {
  it('takes whole numbers from 1 to 1,000,000, and the default (120) for anything else', () => {
    expect([windowSize(500), windowSize('2000'), windowSize(10.9), windowSize(5e6)]).toEqual([500, 2000, 10, 1_000_000]);
    expect([windowSize(0), windowSize(-3), windowSize('x'), windowSize(Number.NaN), windowSize(undefined)]).toEqual([
      120, 120, 120, 120, 120,
    ]);
  });
});

describe('headingText', () => {
  it('is the given heading, else the stream’s title, else nothing', () => {
    expect(headingText('Mine', ['pump-1'], list)).toBe('Mine');
    expect(headingText('', ['pump-1'], list)).toBe('Pump 1');
    expect(headingText('', ['unlisted'], list)).toBe('');
    expect(headingText('', [], list)).toBe('');
  });

  it('joins the titles of several streams, an unlisted one by its id', () => {
    expect(headingText('', ['pump-2', 'pump-1', 'remote'], list)).toBe('Pump 2 · Pump 1 · remote');
  });
});

describe('chartLabel', () => {
  it('says what the chart shows and its lines', () => {
    expect(chartLabel('Pump 1', ['a', 'b'])).toBe('Line chart of Pump 1: a, b');
    expect(chartLabel('', [])).toBe('Line chart');
  });
});
