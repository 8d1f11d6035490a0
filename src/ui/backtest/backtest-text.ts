// The words and figures of the Backtest view: lead times, a rule's figures, the YAML line of a
// tried rule, and the range a failure zooms the chart to. Pure functions, tested in Node.
import type { BacktestReport, BacktestRule, ProfileName, RuleReport } from '../../protocol/backtest.js';
import { durationText } from '../../values/duration-text.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The line above the lanes: `Backtest of pump_raw.csv: 720 rows over 0.5 days, 1 failure (BROKEN); warnings count up to 24 h before`. */
export function summaryText(report: BacktestReport): string {
  const failures = report.failures.length;
  const window = durationText(report.windowMs);
  return `Backtest of ${report.file}: ${report.rows} rows over ${round(report.days, 1)} days, ${failures} ${failures === 1 ? 'failure' : 'failures'} (${report.failureStates.join(', ')}); warnings count up to ${window} before`;
}

/** A data time as the chart shows it (UTC, to the minute): `2024-03-04 10:59`. */
export function timeText(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** A failure's lead time as the lane labels it: `45 min`, `1 h 30 min`, `2 h`, `30 s`, or `missed` (null). */
export function leadText(leadMs: number | null): string {
  return leadMs === null ? 'missed' : durationText(leadMs);
}

/** A rule's figures in one line: `warned 2 of 2 · 0.5 false alarms/day · firing 3.1 % · score 71.4 (standard)`. */
export function figuresText(rule: RuleReport, profile: ProfileName): string {
  const failures = rule.failures.length;
  const score = rule.score === null ? 'no score' : `score ${rule.score}`; // out of 100, to the tenth
  return [
    `warned ${failures - rule.missed} of ${failures}`,
    `${round(rule.falseAlarmsPerDay, 2)} false alarm${rule.falseAlarmsPerDay === 1 ? '' : 's'}/day`,
    `firing ${round(rule.firingShare * 100, 1)} %`,
    `${score} (${profile})`,
  ].join(' · ');
}

/** The rule (as the report gives it, after the tried overrides) as one line of a config's `alerts:` list, in the config's own order: `- { name: …, column: …, below: -2.5, for: 2m, resolve: -1 }`. */
export function yamlLine(alert: BacktestRule): string {
  const fields: [string, string | number | undefined][] = [
    ['name', alert.name],
    ['column', alert.column],
    ['above', alert.above],
    ['below', alert.below],
    ['for', alert.for],
    ['resolve', alert.resolve],
  ];
  const parts = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${typeof v === 'number' ? String(v) : scalar(v!)}`);
  return `- { ${parts.join(', ')} }`;
}

/** A string as a YAML flow scalar: plain when YAML reads it back as that string, else double-quoted (JSON's quoting is YAML's). */
function scalar(text: string): string {
  const plain =
    /^\w[\w./-]*$/.test(text) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(text) && Number.isNaN(Number(text.replaceAll('_', '')));
  return plain ? text : JSON.stringify(text);
}

/** How far before a failure a click on it zooms the chart: 3 hours, or the backtest's window if shorter. */
export const ZOOM_BEFORE_MS = 3 * HOUR;
/** How far after a failure the zoom reaches. */
export const ZOOM_AFTER_MS = 15 * MINUTE;

/** The data-time range a click on the failure at `failureAt` (epoch ms) shows: the hours before it and a little after. */
export function zoomRange(failureAt: number, windowMs: number): [number, number] {
  return [failureAt - Math.min(ZOOM_BEFORE_MS, windowMs), failureAt + ZOOM_AFTER_MS];
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
