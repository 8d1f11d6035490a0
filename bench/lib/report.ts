// The results table: printed to the terminal, written to docs/benchmarks.md and bench/results.json.
import { writeFileSync } from 'node:fs';
import type { MachineLoad } from './load-monitor.js';
import type { MachineInfo } from './machine.js';
import type { ResultRow, Target } from './results.js';
import type { Summary } from './stats.js';

export interface SuiteReport {
  date: string;
  command: string;
  machine: MachineInfo;
  totalSeconds: number;
  benchmarks: { name: string; title: string; description: string; seconds: number; load: MachineLoad; error?: string }[];
  rows: ResultRow[];
}

/** A number with a sensible number of significant digits and thousands separators. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function withUnit(value: string, unit: string): string {
  return unit ? `${value} ${unit}` : value;
}

export function formatSummary(summary: Summary, unit: string): string {
  if (summary.n === 0) return 'no data';
  if (summary.n === 1) return withUnit(formatNumber(summary.median), unit);
  return `${withUnit(formatNumber(summary.median), unit)} (${formatNumber(summary.min)}–${formatNumber(summary.max)}, n=${summary.n})`;
}

export function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return '–';
  const op = { '>=': '≥', '<=': '≤', '<': '<', '>': '>', '=': '=' }[target.op];
  if (target.of === 'ratio') return `${op} ${formatNumber(target.value)} × reference`;
  if (target.of === 'difference') return `${op} reference + ${withUnit(formatNumber(target.value), unit)}`;
  return `${op} ${withUnit(formatNumber(target.value), unit)}`;
}

function formatMet(met: boolean | undefined): string {
  return met === undefined ? '–' : met ? 'yes' : '**no**';
}

const HEADERS = ['Benchmark', 'Measured', 'Figure: median (min–max, runs)', 'Target', 'Reference in the same run', 'Ratio', 'Met'];

function cells(row: ResultRow): string[] {
  return [
    row.benchmark,
    row.measure,
    formatSummary(row.figure, row.unit),
    formatTarget(row.target, row.unit),
    row.reference ? `${row.reference.what}: ${formatSummary(row.reference.figure, row.unit)}` : '–',
    row.ratio === undefined || Number.isNaN(row.ratio) ? '–' : `${formatNumber(row.ratio)} ×`,
    formatMet(row.met),
  ];
}

/** The table as Markdown (also readable in a terminal). */
export function markdownTable(rows: ResultRow[]): string {
  const escapeCell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${cells(row).map(escapeCell).join(' | ')} |`);
  return lines.join('\n');
}

/** A compact plain-text table for the terminal. */
export function terminalTable(rows: ResultRow[]): string {
  const table = [HEADERS, ...rows.map(cells)].map((r) => r.map((c) => c.replace(/\*\*/g, '')));
  const widths = HEADERS.map((_, i) => Math.min(60, Math.max(...table.map((r) => r[i]!.length))));
  const fitTo = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  return table.map((r) => r.map((c, i) => fitTo(c, widths[i]!)).join('  ')).join('\n');
}

function notesSection(rows: ResultRow[]): string {
  const lines: string[] = [];
  for (const row of rows) for (const note of row.notes) lines.push(`- ${row.benchmark}, ${row.measure}: ${note}`);
  return lines.join('\n');
}

export function markdownReport(report: SuiteReport): string {
  const m = report.machine;
  const failed = report.benchmarks.filter((b) => b.error);
  return `# Benchmarks

Results of the last full run of the benchmark suite (\`bench/\`; see [bench/README.md](../bench/README.md) for
what each benchmark does and how to read this table). Every figure is the median of its runs, with the
range; each reference was measured in the same run, alternately with the figure it is compared with,
because the machine is shared and noisy: compare ratios, not absolute figures across runs.

- Date: ${report.date}
- Command: \`${report.command}\`
- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}
- Node.js: ${m.node}
- Suite duration: ${Math.round(report.totalSeconds)} s (${report.benchmarks.map((b) => `${b.name} ${Math.round(b.seconds)} s`).join(', ')})
- Machine load during each benchmark (CPU pressure = share of the time some task waited for a CPU; the machine
  is shared): ${report.benchmarks.map((b) => `${b.name} ${b.load.cpuPressurePct ?? '?'} % (load average ${b.load.loadAverage.toFixed(1)})`).join(', ')}

${markdownTable(report.rows)}
${failed.length > 0 ? `\n**Failed or cut short:**\n\n${failed.map((b) => `- ${b.name}: ${b.error}`).join('\n')}\n` : ''}
## Notes

${notesSection(report.rows)}

## What each benchmark does

${report.benchmarks.map((b) => `- **${b.title}** (\`${b.name}\`): ${b.description}`).join('\n')}
`;
}

export function writeReports(report: SuiteReport, markdownPath: string, jsonPath: string): void {
  writeFileSync(markdownPath, markdownReport(report));
  writeFileSync(
    jsonPath,
    `${JSON.stringify(report, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`,
  );
}
