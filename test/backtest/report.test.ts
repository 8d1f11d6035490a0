import { describe, expect, it } from 'vitest';
import { ANY_RULE, backtestReport, judgedLine, lateWarnings } from '../../src/backtest/report.js';
import type { StreamConfig } from '../../src/config/schema.js';

const HOUR = 3_600_000;
const at = (h: number) => Date.UTC(2024, 0, 1) + h * HOUR;
const iso = (h: number) => new Date(at(h)).toISOString();

const stream = {
  id: 'pump',
  alerts: [
    { name: 'early', column: 'x', below: 1, for: '10m' },
    { name: 'late', column: 'y', above: 5 },
  ],
} as unknown as StreamConfig;

describe('backtestReport', () => {
  it('judges the rules together by the first start of any of them, and counts the false alarms of their union', () => {
    const run = {
      rows: 100,
      from: at(0),
      to: at(24),
      skipped: 0,
      states: [
        { value: 'NORMAL', at: at(0) },
        { value: 'BROKEN', at: at(12) },
        { value: 'NORMAL', at: at(13) },
      ],
      alerts: [
        // `early` fires 5 h before the failure (outside a 2 h window) and does not resolve until after it…
        { rule: 'early', state: 'firing' as const, at: at(7) },
        // … `late` starts firing 1 h before it, inside the window.
        { rule: 'late', state: 'firing' as const, at: at(11) },
        { rule: 'late', state: 'resolved' as const, at: at(11.5) },
        { rule: 'early', state: 'resolved' as const, at: at(12.5) },
      ],
    };
    const report = backtestReport(stream, run, { file: 'f.csv', failureStates: ['BROKEN'], windowMs: 2 * HOUR, profile: 'standard' });
    expect(report.failures).toEqual([{ start: iso(12), end: iso(13) }]);
    expect(report.rules.map((r) => [r.rule, r.condition, r.failures[0]!.leadMs, r.falseAlarms])).toEqual([
      ['early', 'x below 1 for 10m', null, [iso(7)]],
      ['late', 'y above 5', HOUR, []],
      [ANY_RULE, 'early or late', HOUR, [iso(7)]],
    ]);
    expect(report.rules[2]!.firingMs).toBe(5.5 * HOUR);
    // Each rule's own spans and settings; the union's spans merge the overlapping two, and it has no settings.
    expect(report.rules.map((r) => [r.rule, r.spans, r.alert])).toEqual([
      ['early', [{ start: iso(7), end: iso(12.5) }], { name: 'early', column: 'x', below: 1, for: '10m' }],
      ['late', [{ start: iso(11), end: iso(11.5) }], { name: 'late', column: 'y', above: 5 }],
      [ANY_RULE, [{ start: iso(7), end: iso(12.5) }], undefined],
    ]);
    expect(Object.hasOwn(report.rules[2]!, 'alert')).toBe(false);
    expect(judgedLine(report)!.rule).toBe(ANY_RULE);
    expect(lateWarnings(judgedLine(report)!, 30 * 60_000)).toEqual([]);
    expect(lateWarnings(judgedLine(report)!, 2 * HOUR)).toEqual([{ failureAt: iso(12), warnedAt: iso(11), leadMs: HOUR }]);
  });

  it("keeps a span that never resolved open (end null), with the rule's resolve level and a for of points", () => {
    const one = {
      id: 'pump',
      alerts: [{ name: 'hot', column: 't', above: 80, for: 3, resolve: 70 }],
    } as unknown as StreamConfig;
    const run = {
      rows: 10,
      from: at(0),
      to: at(10),
      skipped: 0,
      states: [{ value: 'NORMAL', at: at(0) }],
      alerts: [
        { rule: 'hot', state: 'firing' as const, at: at(1) },
        { rule: 'hot', state: 'resolved' as const, at: at(2) },
        { rule: 'hot', state: 'firing' as const, at: at(8) },
      ],
    };
    const report = backtestReport(one, run, { file: 'f.csv', failureStates: ['BROKEN'], windowMs: HOUR, profile: 'standard' });
    expect(report.rules).toHaveLength(1);
    expect(report.rules[0]!.alert).toEqual({ name: 'hot', column: 't', above: 80, for: 3, resolve: 70 });
    expect(report.rules[0]!.spans).toEqual([
      { start: iso(1), end: iso(2) },
      { start: iso(8), end: null },
    ]);
  });
});
