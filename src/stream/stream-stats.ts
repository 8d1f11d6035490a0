import type { Logger } from 'pino';
import type { MarkEvent } from '../pipeline/run-pipeline.js';

/** Counters for one stream, over all its runs, read by /metrics and the periodic log line. */
export interface ChannelStats {
  runs: number;
  rowsRead: number;
  events: number;
  /** Rows written to viewers (one row to ten viewers counts ten). */
  rowsSent: number;
  bytesSent: number;
  slowDisconnects: number;
  sourceErrors: number;
  resumes: number;
  resets: number;
}

export function emptyStats(): ChannelStats {
  return { runs: 0, rowsRead: 0, events: 0, rowsSent: 0, bytesSent: 0, slowDisconnects: 0, sourceErrors: 0, resumes: 0, resets: 0 };
}

/** The sum of two sets of counters (a stream's versions over reloads). */
export function addStats(a: ChannelStats, b: ChannelStats): ChannelStats {
  const out = { ...a };
  for (const key of Object.keys(b) as (keyof ChannelStats)[]) out[key] += b[key];
  return out;
}

/** Transitions of one alert rule, over all runs of the channel. */
export interface AlertTransitions {
  firing: number;
  resolved: number;
}

/** The transitions of each alert rule of a stream, counted over all its runs. */
export class AlertCounts {
  private readonly byRule = new Map<string, AlertTransitions>();

  constructor(
    rules: readonly { name: string }[],
    private readonly logger: Logger,
  ) {
    for (const rule of rules) this.byRule.set(rule.name, { firing: 0, resolved: 0 });
  }

  /** Notes a mark of a run: an alert transition is counted and logged, a state change logged (debug). */
  note(mark: MarkEvent): void {
    if (mark.name === 'state') {
      this.logger.debug({ state: mark.payload.value, at: mark.payload.at }, 'state changed');
      return;
    }
    const { rule, state, at, value } = mark.payload;
    this.byRule.get(rule)![state]++;
    this.logger.info({ rule, state, at, value }, `alert ${rule} ${state}`);
  }

  /** Per rule, in config order: whether it is in `firing`, and a copy of its transitions. */
  status(firing: ReadonlySet<string>): { rule: string; firing: boolean; transitions: AlertTransitions }[] {
    return [...this.byRule].map(([rule, transitions]) => ({ rule, firing: firing.has(rule), transitions: { ...transitions } }));
  }
}
