import { z } from 'zod';
import type { AlertData } from '../../protocol/events.js';
import { parseDuration } from '../../values/duration.js';
import type { TimeOf } from '../data-time.js';
import type { Stage } from '../stage.js';
import { columnName, duration } from '../stage-kit.js';

/** One of a stream's `alerts:`. */
export const alertSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, ".", "_" and "-" (at most 64)')
      .describe('names the rule in `alert` events, logs and the rtg_alert_firing gauge'),
    column: columnName.describe('any numeric column, derived ones included'),
    above: z.number().optional().describe('fires when the value is above this'),
    below: z.number().optional().describe('fires when the value is below this'),
    for: z
      .union([z.number().int().positive('must be greater than zero (points)'), duration])
      .optional()
      .describe('only after this many consecutive points (a number) or this much data time ("2m")'),
    resolve: z.number().optional().describe('resolves when the value is back past this level (default: the threshold)'),
  })
  .strict()
  .refine((a) => (a.above === undefined) !== (a.below === undefined), { message: 'give above or below (one of them)', path: ['above'] })
  .refine((a) => a.resolve === undefined || (a.above !== undefined ? a.resolve <= a.above : a.resolve >= a.below!), {
    message: 'resolve must be on the safe side of the threshold (≤ above, ≥ below)',
    path: ['resolve'],
  });

export type AlertConfig = z.output<typeof alertSchema>;

/** One rule's state over the rows of a run. */
interface RuleState {
  readonly rule: AlertConfig;
  readonly forMs: number | undefined;
  readonly forPoints: number;
  firing: boolean;
  /** Consecutive breaching points, and the data time of the first of them. */
  breaching: number;
  since: number;
}

/**
 * Evaluates alert rules on each row: a rule fires once its column has been past the threshold
 * for `for` (points, or data time since the first breaching point; at once without it), and
 * resolves when the value is back past `resolve` (the threshold by default). Rows without a
 * number in the column leave the rule as it was. Each transition goes to `changed`.
 */
export function evaluateAlerts(
  rules: readonly AlertConfig[],
  timeName: string,
  timeOf: TimeOf,
  changed: (alert: AlertData) => void,
): Stage {
  const states: RuleState[] = rules.map((rule) => ({
    rule,
    forMs: typeof rule.for === 'string' ? parseDuration(rule.for) : undefined,
    forPoints: typeof rule.for === 'number' ? rule.for : 1,
    firing: false,
    breaching: 0,
    since: 0,
  }));
  return (row) => {
    for (const s of states) {
      const value = row[s.rule.column];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const { above, below } = s.rule;
      if (!s.firing) {
        const breach = above !== undefined ? value > above : value < below!;
        if (!breach) {
          s.breaching = 0;
          continue;
        }
        const t = s.forMs !== undefined ? timeOf(row) : 0;
        if (s.breaching++ === 0) s.since = t;
        const held = s.forMs !== undefined ? t - s.since >= s.forMs : s.breaching >= s.forPoints;
        if (!held) continue;
        s.firing = true;
        changed({ rule: s.rule.name, state: 'firing', at: String(row[timeName] ?? ''), value });
      } else {
        const level = s.rule.resolve ?? above ?? below!;
        const back = above !== undefined ? value <= level : value >= level;
        if (!back) continue;
        s.firing = false;
        s.breaching = 0;
        changed({ rule: s.rule.name, state: 'resolved', at: String(row[timeName] ?? ''), value });
      }
    }
    return row;
  };
}
