import { describe, expect, it } from 'vitest';
import type { BacktestReport, RuleReport } from '../../../src/protocol/backtest.js';
import { figuresText, leadText, summaryText, timeText, yamlLine, zoomRange } from '../../../src/ui/backtest/backtest-text.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('leadText', () => {
  it('says minutes, hours and minutes, seconds, or missed', () => {
    expect(leadText(45 * MINUTE)).toBe('45 min');
    expect(leadText(0)).toBe('0 s');
    expect(leadText(30_000)).toBe('30 s');
    expect(leadText(MINUTE)).toBe('1 min');
    expect(leadText(59 * MINUTE)).toBe('59 min');
    expect(leadText(HOUR)).toBe('1 h');
    expect(leadText(HOUR + 30 * MINUTE)).toBe('1 h 30 min');
    expect(leadText(26 * HOUR + 5 * MINUTE)).toBe('26 h 5 min');
    expect(leadText(null)).toBe('missed');
  });
});

const rule = (over: Partial<RuleReport>): RuleReport => ({
  rule: 'motor-current-low',
  condition: 'motor_z below -3 for 2m',
  spans: [],
  failures: [
    { failureAt: '2024-03-04T10:59:00.000Z', warnedAt: '2024-03-04T10:14:00.000Z', leadMs: 45 * MINUTE },
    { failureAt: '2024-03-04T16:00:00.000Z', warnedAt: null, leadMs: null },
  ],
  missed: 1,
  falseAlarms: ['2024-03-04T12:00:00.000Z'],
  falseAlarmsPerDay: 2.0833333,
  firingMs: 0,
  firingShare: 0.03125,
  score: 71.4,
  ...over,
});

describe('figuresText', () => {
  it('gives warned failures, false alarms a day, the share firing and the score with its profile', () => {
    expect(figuresText(rule({}), 'standard')).toBe('warned 1 of 2 · 2.08 false alarms/day · firing 3.1 % · score 71.4 (standard)');
  });

  it('says one false alarm, and no score', () => {
    expect(figuresText(rule({ falseAlarmsPerDay: 1, score: null, missed: 0, firingShare: 0 }), 'reward-low-fp')).toBe(
      'warned 2 of 2 · 1 false alarm/day · firing 0 % · no score (reward-low-fp)',
    );
  });

  it('gives a negative score as it is', () => {
    expect(figuresText(rule({ score: -12.5, falseAlarmsPerDay: 0 }), 'standard')).toBe(
      'warned 1 of 2 · 0 false alarms/day · firing 3.1 % · score -12.5 (standard)',
    );
  });
});

describe('yamlLine', () => {
  it("writes the rule like the config's own line", () => {
    expect(yamlLine({ name: 'motor-current-low', column: 'motor_z', below: -2.5, for: '2m', resolve: -1 })).toBe(
      '- { name: motor-current-low, column: motor_z, below: -2.5, for: 2m, resolve: -1 }',
    );
  });

  it('leaves out what the rule does not set, in the same order', () => {
    expect(yamlLine({ name: 'score-high', column: 'anomaly', above: 0.7 })).toBe('- { name: score-high, column: anomaly, above: 0.7 }');
  });

  it('quotes names YAML would read otherwise', () => {
    expect(yamlLine({ name: 'low: motor', column: 'yes', above: 1 })).toBe('- { name: "low: motor", column: "yes", above: 1 }');
    expect(yamlLine({ name: 'a, b', column: '-x', above: 1e-7 })).toBe('- { name: "a, b", column: "-x", above: 1e-7 }');
    expect(yamlLine({ name: '42', column: '1_000', above: 1, for: '90s' })).toBe('- { name: "42", column: "1_000", above: 1, for: 90s }');
  });

  it('writes a `for` of points as a number', () => {
    expect(yamlLine({ name: 'hot', column: 't', above: 80, for: 3 })).toBe('- { name: hot, column: t, above: 80, for: 3 }');
  });
});

describe('summaryText', () => {
  const report = {
    file: 'pump_raw.csv',
    rows: 720,
    days: 0.49930555,
    windowMs: 24 * HOUR,
    failureStates: ['BROKEN'],
    failures: [{ start: '2024-03-04T10:59:00.000Z', end: '2024-03-04T11:06:00.000Z' }],
  } as BacktestReport;
  it('names the file, its rows and days, the failures and the window', () => {
    expect(summaryText(report)).toBe(
      'Backtest of pump_raw.csv: 720 rows over 0.5 days, 1 failure (BROKEN); warnings count up to 24 h before',
    );
    expect(summaryText({ ...report, failures: [], failureStates: ['BROKEN', 'STOPPED'], windowMs: 90 * MINUTE })).toBe(
      'Backtest of pump_raw.csv: 720 rows over 0.5 days, 0 failures (BROKEN, STOPPED); warnings count up to 1 h 30 min before',
    );
  });
});

describe('timeText', () => {
  it('gives an ISO time as the chart shows it, to the minute', () => {
    expect(timeText('2024-03-04T10:59:00.000Z')).toBe('2024-03-04 10:59');
  });
});

describe('zoomRange', () => {
  const at = Date.UTC(2024, 2, 4, 10, 59);
  it('reaches 3 hours before the failure and 15 minutes after', () => {
    expect(zoomRange(at, 24 * HOUR)).toEqual([at - 3 * HOUR, at + 15 * MINUTE]);
  });

  it('reaches back the window only, when it is shorter', () => {
    expect(zoomRange(at, 30 * MINUTE)).toEqual([at - 30 * MINUTE, at + 15 * MINUTE]);
  });
});
