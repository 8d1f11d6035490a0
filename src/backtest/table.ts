// A backtest report as a table for the terminal: one line per rule, one column per failure.
import type { BacktestReport, RuleReport } from '../protocol/backtest.js';
import { durationText } from '../values/duration-text.js';

/** `1 h 5 min before`, or `missed` (null): a failure's cell, and how the command names a late warning. */
export function leadCell(leadMs: number | null): string {
  return leadMs === null ? 'missed' : `${durationText(leadMs)} before`;
}

/** `2024-03-04 10:59` (UTC): a failure's time in a column heading. */
export function shortTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

export function backtestTable(report: BacktestReport): string {
  const head = [
    `Backtest of ${report.stream} on ${report.file}: ${report.rows} rows, ${shortTime(report.from)} to ${shortTime(report.to)} UTC (${report.days.toFixed(2)} days)` +
      (report.skipped > 0 ? `, ${report.skipped} records skipped` : ''),
    `${report.failures.length} failure(s) (start of ${report.failureStates.join(' or ')}); a warning counts within ${durationText(report.windowMs)} before one; ` +
      `score: NAB ${report.profile.name} profile (detection ${report.profile.tp}, false alarm −${report.profile.fp}, miss −${report.profile.fn}), 0 = never fires, 100 = perfect`,
    '',
  ];
  const columns = [
    'rule',
    ...report.failures.map((f, i) => `failure ${i + 1} (${shortTime(f.start)})`),
    'missed',
    'false alarms',
    'per day',
    'firing',
    'score',
  ];
  const rows = report.rules.map((rule) => ruleCells(rule, report.failures.length));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const conditions = report.rules.map((r) => `  ${r.rule}: ${r.condition}`);
  return [...head, line(columns), ...rows.map(line), '', 'Rules:', ...conditions, ''].join('\n');
}

function ruleCells(rule: RuleReport, failures: number): string[] {
  return [
    rule.rule,
    ...rule.failures.map((f) => leadCell(f.leadMs)),
    `${rule.missed}/${failures}`,
    String(rule.falseAlarms.length),
    rule.falseAlarmsPerDay.toFixed(2),
    `${(rule.firingShare * 100).toFixed(1)} %`,
    rule.score === null ? '–' : rule.score.toFixed(1),
  ];
}
