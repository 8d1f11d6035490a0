// The answer of `GET /api/streams/:id/backtest` and of `realtime-graph backtest --json`, shared by
// the daemon, the command line and <realtime-graph>'s Backtest view. Types and one constant only;
// src/backtest/report.ts builds it.

/** NAB's application profiles, by name (their weights are in src/backtest/evaluate.ts). */
export const BACKTEST_PROFILES = ['standard', 'reward-low-fp', 'reward-low-fn'] as const;
export type ProfileName = (typeof BACKTEST_PROFILES)[number];

/** An alert rule as configured (a config file's `alerts:` entry, after any override). */
export interface BacktestRule {
  name: string;
  column: string;
  above?: number;
  below?: number;
  /** A duration of data time ("2m") or a number of consecutive points. */
  for?: string | number;
  resolve?: number;
}

/** One rule judged on the recording (or the rules together, on the `(any rule)` line). */
export interface RuleReport {
  /** The rule's name, or `(any rule)` for the union line. */
  rule: string;
  /** The rule as written: `motor_z below -3 for 2m`. */
  condition: string;
  /** The rule as configured, so a view can offer its threshold to change; absent on `(any rule)`. */
  alert?: BacktestRule;
  /** Every firing span over the whole file, in data time; end null: never resolved. */
  spans: { start: string; end: string | null }[];
  failures: { failureAt: string; warnedAt: string | null; leadMs: number | null }[];
  missed: number;
  falseAlarms: string[];
  falseAlarmsPerDay: number;
  firingMs: number;
  firingShare: number;
  score: number | null;
}

/** A backtest's findings; times are ISO strings (UTC). */
export interface BacktestReport {
  stream: string;
  file: string;
  rows: number;
  skipped: number;
  from: string;
  to: string;
  days: number;
  windowMs: number;
  failureStates: string[];
  profile: { name: ProfileName; tp: number; fp: number; fn: number };
  failures: { start: string; end: string | null }[];
  rules: RuleReport[];
}
