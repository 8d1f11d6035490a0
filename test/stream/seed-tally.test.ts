import { describe, expect, it } from 'vitest';
import { SeedTally } from '../../src/stream/seed-tally.js';

const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString();

describe('SeedTally', () => {
  it('counts the rows and spans their data times, in whatever order they come', () => {
    const tally = new SeedTally('time');
    expect(tally.summary()).toEqual({ rows: 0, from: null, to: null });
    tally.add([{ time: at(5) }, { time: at(2) }]);
    tally.add([{ time: at(9) }, { time: at(7) }, { time: null }]);
    expect(tally.summary()).toEqual({ rows: 5, from: at(2), to: at(9) });
  });
});
