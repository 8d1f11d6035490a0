import { afterEach, describe, expect, it, vi } from 'vitest';
import { stampReadTime } from '../../../src/pipeline/stages/stamp-time.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('stampReadTime', () => {
  it('puts the time the row is read first, under the name given', () => {
    vi.useFakeTimers({ now: Date.UTC(2024, 0, 1, 12) });
    const row = stampReadTime('time')({ a: 1, b: 'x' })!;
    expect(Object.entries(row)).toEqual([
      ['time', '2024-01-01T12:00:00.000Z'],
      ['a', 1],
      ['b', 'x'],
    ]);
  });
});
