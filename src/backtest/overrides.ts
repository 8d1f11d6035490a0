// Thresholds to try on a backtest without editing the config file: a stream config with some of its
// alert rules changed, checked by the alert schema of config files.
import type { StreamConfig } from '../config/schema.js';
import { formatPath } from '../config/errors.js';
import { unionBranch } from '../config/load.js';
import { type AlertConfig, alertSchema } from '../pipeline/stages/alerts.js';
import { BacktestError } from './run-backtest.js';

/** What may change of one rule. */
export interface RuleOverride {
  above?: number;
  below?: number;
  /** A duration of data time ("2m") or a number of consecutive points. */
  for?: string | number;
  resolve?: number;
}

/** Rule name → its changes. */
export type Overrides = Readonly<Record<string, RuleOverride>>;

/**
 * The stream with its rules changed as asked. `above` on a rule with `below` (or the reverse)
 * replaces it, and drops the rule's `resolve`, which was on the other side. Throws a BacktestError
 * naming an unknown rule, or the rule and setting a value the schema refuses.
 */
export function withOverrides(stream: StreamConfig, overrides: Overrides): StreamConfig {
  const names = new Set(stream.alerts.map((a) => a.name));
  for (const name of Object.keys(overrides)) {
    if (!names.has(name)) {
      const known = stream.alerts.map((a) => a.name).join(', ') || 'none';
      throw new BacktestError(`stream ${stream.id} has no alert rule "${name}" (rules: ${known})`);
    }
  }
  const alerts = stream.alerts.map((alert) => {
    const change = Object.hasOwn(overrides, alert.name) ? overrides[alert.name]! : undefined;
    return change ? changedRule(alert, change) : alert;
  });
  return { ...stream, alerts };
}

function changedRule(alert: AlertConfig, change: RuleOverride): AlertConfig {
  const rule: Record<string, unknown> = { ...alert };
  const flips = (change.above !== undefined && alert.below !== undefined) || (change.below !== undefined && alert.above !== undefined);
  if (flips) {
    delete rule.above;
    delete rule.below;
    delete rule.resolve;
  }
  for (const key of ['above', 'below', 'for', 'resolve'] as const) if (change[key] !== undefined) rule[key] = change[key];
  const checked = alertSchema.safeParse(rule);
  if (checked.success) return checked.data;
  const issue = checked.error.issues.flatMap(unionBranch)[0]!;
  throw new BacktestError(`rule.${alert.name}.${formatPath(issue.path)}: ${issue.message}`);
}
