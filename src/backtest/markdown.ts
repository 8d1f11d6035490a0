// A backtest report as a Markdown table, to paste into a README, a pull request or a wiki page:
// one row per rule, one column per failure, with the figures an engineer weighs a rule by.
import type { BacktestReport } from '../protocol/backtest.js';
import { leadCell, shortTime } from './table.js';

export function backtestMarkdown(report: BacktestReport): string {
  const head = [
    'Rule',
    ...report.failures.map((f, i) => `Failure ${i + 1} (${shortTime(f.start)})`),
    'Missed',
    'False alarms',
    'Per 7 days',
    'Firing',
    `Score (${report.profile.name})`,
  ];
  const rows = report.rules.map((rule) => [
    `\`${rule.rule}\``,
    ...rule.failures.map((f) => leadCell(f.leadMs)),
    `${rule.missed}/${report.failures.length}`,
    String(rule.falseAlarms.length),
    (rule.falseAlarmsPerDay * 7).toFixed(2),
    `${(rule.firingShare * 100).toFixed(1)} %`,
    rule.score === null ? '–' : rule.score.toFixed(1),
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const align = head.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(head), line(align), ...rows.map(line), ''].join('\n');
}
