import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AlertCounts, addStats, emptyStats } from '../../src/stream/stream-stats.js';

describe('addStats', () => {
  it('adds every counter', () => {
    const a = { ...emptyStats(), runs: 1, rowsRead: 10, resets: 2 };
    const b = { runs: 2, rowsRead: 5, events: 7, rowsSent: 3, bytesSent: 100, slowDisconnects: 1, sourceErrors: 4, resumes: 6, resets: 1 };
    expect(addStats(a, b)).toEqual({
      runs: 3,
      rowsRead: 15,
      events: 7,
      rowsSent: 3,
      bytesSent: 100,
      slowDisconnects: 1,
      sourceErrors: 4,
      resumes: 6,
      resets: 3,
    });
    expect(a.runs).toBe(1);
  });
});

describe('AlertCounts', () => {
  it('counts the transitions of each rule, and tells them in config order with whether the rule fires', () => {
    const counts = new AlertCounts([{ name: 'b' }, { name: 'a' }], pino({ level: 'silent' }));
    expect(counts.status(new Set())).toEqual([
      { rule: 'b', firing: false, transitions: { firing: 0, resolved: 0 } },
      { rule: 'a', firing: false, transitions: { firing: 0, resolved: 0 } },
    ]);
    counts.note({ name: 'alert', payload: { rule: 'a', state: 'firing', at: 'x', value: 1 } });
    counts.note({ name: 'alert', payload: { rule: 'a', state: 'resolved', at: 'x', value: 0 } });
    counts.note({ name: 'alert', payload: { rule: 'a', state: 'firing', at: 'x', value: 1 } });
    counts.note({ name: 'state', payload: { value: 'ON', at: 'x' } });
    const status = counts.status(new Set(['a']));
    expect(status).toEqual([
      { rule: 'b', firing: false, transitions: { firing: 0, resolved: 0 } },
      { rule: 'a', firing: true, transitions: { firing: 2, resolved: 1 } },
    ]);
    status[1]!.transitions.firing = 99; // a copy
    expect(counts.status(new Set())[1]!.transitions.firing).toBe(2);
  });
});
