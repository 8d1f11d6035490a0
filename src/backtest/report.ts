// A backtest's findings as one plain object: what the CLI prints (as a table or as JSON) and what
// the HTTP route answers.
import type { StreamConfig } from '../config/schema.js';
import type { AlertConfig } from '../pipeline/stages/alerts.js';
import type { BacktestReport, BacktestRule, ProfileName, RuleReport } from '../protocol/backtest.js';
import { evaluateRule, PROFILES, type Recording, type RuleOutcome } from './evaluate.js';
import type { BacktestRun } from './run-backtest.js';
import { failureEpisodes, firingSpans, type Span, unionOf } from './spans.js';

/** The name of the line that judges the rules together: a failure is warned when any rule fires. */
export const ANY_RULE = '(any rule)';

export interface ReportOptions {
  file: string;
  failureStates: readonly string[];
  windowMs: number;
  profile: ProfileName;
}

export function backtestReport(stream: StreamConfig, run: BacktestRun, options: ReportOptions): BacktestReport {
  const failures = failureEpisodes(run.states, new Set(options.failureStates));
  const recording: Recording = { from: run.from, to: run.to, failures };
  const names = stream.alerts.map((a) => a.name);
  const spans = firingSpans(run.alerts, names);
  const judged: Judged[] = stream.alerts.map((alert) => ({
    rule: alert.name,
    condition: `${alert.column} ${alert.above !== undefined ? `above ${alert.above}` : `below ${alert.below}`}${alert.for === undefined ? '' : ` for ${alert.for}`}`,
    alert: ruleAsConfigured(alert),
    spans: spans.get(alert.name)!,
    outcome: evaluateRule(recording, spans.get(alert.name)!, options.windowMs, options.profile),
  }));
  if (names.length > 1) {
    // Warned by the first start of any rule; the false alarms and the time firing are the union's.
    const all = names.map((n) => spans.get(n)!);
    const starts = all.flat().map((span) => span.start);
    const union = unionOf(all);
    judged.push({
      rule: ANY_RULE,
      condition: names.join(' or '),
      spans: union,
      outcome: evaluateRule(recording, union, options.windowMs, options.profile, starts),
    });
  }
  return {
    stream: stream.id,
    file: options.file,
    rows: run.rows,
    skipped: run.skipped,
    from: iso(run.from),
    to: iso(run.to),
    days: (run.to - run.from) / 86_400_000,
    windowMs: options.windowMs,
    failureStates: [...options.failureStates],
    profile: { name: options.profile, ...PROFILES[options.profile] },
    failures: failures.map((f) => ({ start: iso(f.start), end: f.end === null ? null : iso(f.end) })),
    rules: judged.map(ruleReport),
  };
}

/** A line of the report before its times are written out. */
interface Judged {
  rule: string;
  condition: string;
  alert?: BacktestRule;
  spans: readonly Span[];
  outcome: RuleOutcome;
}

function ruleReport({ rule, condition, alert, spans, outcome }: Judged): RuleReport {
  return {
    rule,
    condition,
    ...(alert ? { alert } : {}),
    spans: spans.map((s) => ({ start: iso(s.start), end: s.end === null ? null : iso(s.end) })),
    failures: outcome.failures.map((f) => ({
      failureAt: iso(f.failureAt),
      warnedAt: f.warnedAt === null ? null : iso(f.warnedAt),
      leadMs: f.leadMs,
    })),
    missed: outcome.missed,
    falseAlarms: outcome.falseAlarms.map(iso),
    falseAlarmsPerDay: outcome.falseAlarmsPerDay,
    firingMs: outcome.firingMs,
    firingShare: outcome.firingShare,
    score: outcome.score,
  };
}

/** The rule's own settings, without the keys it does not set. */
function ruleAsConfigured(alert: AlertConfig): BacktestRule {
  const { name, column, above, below, for: forLength, resolve } = alert;
  const rule: BacktestRule = { name, column };
  if (above !== undefined) rule.above = above;
  if (below !== undefined) rule.below = below;
  if (forLength !== undefined) rule.for = forLength;
  if (resolve !== undefined) rule.resolve = resolve;
  return rule;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The rules a `--require-lead` is checked on: the rules together when there are several. */
export function judgedLine(report: BacktestReport): RuleReport | undefined {
  return report.rules.find((r) => r.rule === ANY_RULE) ?? report.rules[0];
}

/** The failures of `line` warned later than `leadMs` before them, or missed. */
export function lateWarnings(line: RuleReport, leadMs: number): RuleReport['failures'] {
  return line.failures.filter((f) => f.leadMs === null || f.leadMs < leadMs);
}
