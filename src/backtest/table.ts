// A backtest report as a table for the terminal: one line per rule, one column per failure.
import type { BacktestReport, RuleReport } from '../protocol/backtest.js';

/** `1 h 05 min`, `2 h`, `18 min`, `45 s`: a lead time as an engineer reads it. */
export function formatLead(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** `2024-03-04 10:59` (UTC): a failure's time in a column heading. */
export function shortTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

export function backtestTable(report: BacktestReport): string {
  const head = [
    `Backtest of ${report.stream} on ${report.file}: ${report.rows} rows, ${shortTime(report.from)} to ${shortTime(report.to)} UTC (${report.days.toFixed(2)} days)` +
      (report.skipped > 0 ? `, ${report.skipped} records skipped` : ''),
    `${report.failures.length} failure(s) (start of ${report.failureStates.join(' or ')}); a warning counts within ${formatLead(report.windowMs)} before one; ` +
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
    ...rule.failures.map((f) => (f.leadMs === null ? 'missed' : `${formatLead(f.leadMs)} before`)),
    `${rule.missed}/${failures}`,
    String(rule.falseAlarms.length),
    rule.falseAlarmsPerDay.toFixed(2),
    `${(rule.firingShare * 100).toFixed(1)} %`,
    rule.score === null ? '–' : rule.score.toFixed(1),
  ];
}
