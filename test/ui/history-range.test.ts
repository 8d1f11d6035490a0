import { describe, expect, it } from 'vitest';
import type { HistoryData } from '../../src/protocol/events.js';
import { historyLines, historyUrl, missingPart, rangeSpan, rangesFor } from '../../src/ui/history-range.js';

const HOUR = 3600_000;

describe('rangeSpan', () => {
  it('reads 1h, 6h, 24h and all, and nothing else', () => {
    expect([rangeSpan('1h'), rangeSpan('6h'), rangeSpan('24h'), rangeSpan('all')]).toEqual([
      HOUR,
      6 * HOUR,
      24 * HOUR,
      Number.POSITIVE_INFINITY,
    ]);
    expect([rangeSpan(''), rangeSpan('2h'), rangeSpan('toString'), rangeSpan(null)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('historyUrl', () => {
  it('puts the range, the width and the token in the query', () => {
    const url = historyUrl(
      { server: 'https://d.example.com/rtg', token: 'tok' },
      'pump 1',
      { from: 1.5, to: 99.2, points: 1200.4 },
      'https://page.example.com/',
    );
    expect(url).toBe('https://d.example.com/rtg/api/streams/pump%201/history?access_token=tok&from=1&to=100&points=1200');
  });
});

describe('missingPart', () => {
  const live = 10 * HOUR; // the element holds rows from 10:00 on
  it('asks for nothing while the view is within the rows the element holds', () => {
    expect(missingPart([11 * HOUR, 12 * HOUR], live, undefined, 1000)).toBeUndefined();
  });

  it('zooming out beyond them asks for the older part, at the pixel size of the view', () => {
    expect(missingPart([0, 12 * HOUR], live, undefined, 1200)).toEqual({ from: 0, to: live, points: 1000 });
  });

  it('asks for nothing when the history held covers the part finely enough', () => {
    expect(missingPart([0, 12 * HOUR], live, { from: 0, to: live, resolution: 36_000 }, 1200)).toBeUndefined();
  });

  it('zooming into the past asks for that range again, finer', () => {
    const held = { from: 0, to: live, resolution: 36_000 };
    expect(missingPart([HOUR, 2 * HOUR], live, held, 1200)).toEqual({ from: HOUR, to: 2 * HOUR, points: 1200 });
    // At full resolution already: nothing more to fetch.
    expect(missingPart([HOUR, 2 * HOUR], live, { from: 0, to: live, resolution: 0 }, 1200)).toBeUndefined();
  });
});

describe('historyLines', () => {
  const data = {
    series: [
      { t: [0, 1000, 2000, 3000], y: [1, null, 3, 4] },
      { t: [0, 3000], y: ['ON', 'OFF'] },
    ],
  } as unknown as HistoryData;

  it('keeps the points before the seam only: the element draws its own rows from there', () => {
    expect(historyLines(data, [0], 2000)).toEqual([{ x: [0, 1000], y: [1, null] }]);
    expect(historyLines(data, [0], undefined)).toEqual([{ x: [0, 1000, 2000, 3000], y: [1, null, 3, 4] }]);
  });
});

describe('rangesFor', () => {
  it('offers 7d and 30d only to streams that keep that long', () => {
    expect(rangesFor(24 * 3600_000)).toEqual(['1h', '6h', '24h', 'all']);
    expect(rangesFor(7 * 24 * 3600_000)).toEqual(['1h', '6h', '24h', '7d', 'all']);
    expect(rangesFor(30 * 24 * 3600_000)).toEqual(['1h', '6h', '24h', '7d', '30d', 'all']);
    expect(rangesFor(undefined)).toEqual(['1h', '6h', '24h', 'all']);
  });
});
