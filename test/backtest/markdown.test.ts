import { describe, expect, it } from 'vitest';
import { backtestMarkdown } from '../../src/backtest/markdown.js';
import type { BacktestReport, RuleReport } from '../../src/protocol/backtest.js';

const MINUTE = 60_000;

function rule(name: string, leads: (number | null)[], extra: Partial<RuleReport> = {}): RuleReport {
  return {
    rule: name,
    condition: `${name} above 1`,
    spans: [],
    failures: leads.map((lead, i) => ({ failureAt: `2024-06-0${i + 1}T00:30:00.000Z`, warnedAt: null, leadMs: lead })),
    missed: leads.filter((lead) => lead === null).length,
    falseAlarms: [],
    falseAlarmsPerDay: 0,
    firingMs: 0,
    firingShare: 0,
    score: null,
    ...extra,
  };
}

const report: BacktestReport = {
  stream: 'pump',
  file: 'month.csv',
  rows: 4320,
  skipped: 0,
  from: '2024-06-01T00:00:00.000Z',
  to: '2024-06-03T23:59:00.000Z',
  days: 3,
  windowMs: 6 * 60 * MINUTE,
  failureStates: ['BROKEN'],
  profile: { name: 'reward-low-fp', tp: 1, fp: 0.22, fn: 1 },
  failures: [
    { start: '2024-06-01T00:30:00.000Z', end: '2024-06-01T01:00:00.000Z' },
    { start: '2024-06-02T17:59:00.000Z', end: null },
  ],
  rules: [
    rule('low', [30 * MINUTE, null], { falseAlarms: ['a', 'b', 'c'], falseAlarmsPerDay: 1.5, firingShare: 0.0125, score: -6.64 }),
    rule('(any rule)', [67 * MINUTE, 45_000], { falseAlarmsPerDay: 0, firingShare: 1, score: 100 }),
  ],
};

describe('backtestMarkdown', () => {
  it('one row per rule and a column per failure (named by its start), with the figures per 7 days and the profile named', () => {
    expect(backtestMarkdown(report)).toBe(
      [
        '| Rule | Failure 1 (2024-06-01 00:30) | Failure 2 (2024-06-02 17:59) | Missed | False alarms | Per 7 days | Firing | Score (reward-low-fp) |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| `low` | 30 min before | missed | 1/2 | 3 | 10.50 | 1.3 % | -6.6 |',
        '| `(any rule)` | 1 h 7 min before | 45 s before | 0/2 | 0 | 0.00 | 100.0 % | 100.0 |',
        '',
      ].join('\n'),
    );
  });

  it('writes a dash for a rule without a score (no failures), and a table of the rules alone', () => {
    const none = { ...report, failures: [], rules: [rule('quiet', [])] };
    expect(backtestMarkdown(none)).toBe(
      [
        '| Rule | Missed | False alarms | Per 7 days | Firing | Score (reward-low-fp) |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        '| `quiet` | 0/0 | 0 | 0.00 | 0.0 % | – |',
        '',
      ].join('\n'),
    );
  });
});
