// The benchmark suite: `npm run bench` runs every benchmark in sequence, each bounded in time,
// prints the table and writes docs/benchmarks.md and bench/results.json.
//
//   tsx bench/run.ts                 all benchmarks (writes the reports)
//   tsx bench/run.ts fanout          one benchmark (or: --only fanout); add --write to write the reports
//   tsx bench/run.ts --runs 3        fewer runs per figure (a quick look; the reports say so)
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { allBenchmarks } from './benchmarks/index.js';
import type { Benchmark } from './benchmarks/benchmark.js';
import { watchMachineLoad } from './lib/load-monitor.js';
import { machineInfo } from './lib/machine.js';
import { benchDir, repoRoot } from './lib/paths.js';
import { killAllTracked, runningChildren } from './lib/process.js';
import { markdownTable, terminalTable, writeReports, type SuiteReport } from './lib/report.js';
import type { ResultRow } from './lib/results.js';
import { removeBundledScripts } from './lib/scripts.js';
import { join } from 'node:path';

const SUITE_BUDGET_MS = 10 * 60_000;
const FILE_DESCRIPTORS_NEEDED = 10_100;

function usage(): string {
  return `usage: tsx bench/run.ts [name] [--only name] [--runs n] [--write]\nbenchmarks: ${allBenchmarks.map((b) => b.name).join(', ')}`;
}

function parseCli() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      only: { type: 'string', multiple: true },
      runs: { type: 'string' },
      write: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  const names = [...(values.only ?? []), ...positionals];
  const unknown = names.filter((n) => !allBenchmarks.some((b) => b.name === n));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}\n${usage()}`);
  const selected = names.length === 0 ? allBenchmarks : allBenchmarks.filter((b) => names.includes(b.name));
  const runs = values.runs === undefined ? 5 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
  return { selected, runs, full: names.length === 0, write: names.length === 0 || values.write === true };
}

/** The soft limit on open files of this process (children inherit it). */
function fileDescriptorLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  } catch {
    return Number.NaN;
  }
}

async function runOne(benchmark: Benchmark, runs: number, log: (m: string) => void) {
  const controller = new AbortController();
  const started = performance.now();
  const deadline = started + benchmark.budgetMs;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`over its ${benchmark.budgetMs / 1000} s budget`));
      reject(new Error(`over its ${benchmark.budgetMs / 1000} s budget`));
    }, benchmark.budgetMs);
  });
  const work = benchmark.run({
    signal: controller.signal,
    runs,
    log,
    timeLeftMs: () => deadline - performance.now(),
  });
  try {
    return { rows: await Promise.race([work, timedOut]), seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    // Give the benchmark a moment to clean up after the abort, then kill whatever is left.
    await Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, 15_000))]);
    killAllTracked();
    return { rows: [] as ResultRow[], seconds: (performance.now() - started) / 1000, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const { selected, runs, full, write } = parseCli();
  const suiteStarted = performance.now();
  const limit = fileDescriptorLimit();
  if (limit < FILE_DESCRIPTORS_NEEDED) {
    console.log(`note: ulimit -n is ${limit}; the 10,000-viewer benchmarks will use fewer viewers (see their notes)`);
  }
  process.env.RTG_BENCH_FD_LIMIT = String(limit);

  const rows: ResultRow[] = [];
  const benchmarks: SuiteReport['benchmarks'] = [];
  for (const benchmark of selected) {
    const elapsed = performance.now() - suiteStarted;
    if (full && elapsed + benchmark.budgetMs > SUITE_BUDGET_MS + 60_000) {
      console.log(`warning: ${benchmark.name} may take the suite past 10 minutes`);
    }
    console.log(`\n== ${benchmark.title} (${benchmark.name}, at most ${benchmark.budgetMs / 1000} s)`);
    const log = (message: string) => console.log(`   ${benchmark.name}: ${message}`);
    const machineLoad = watchMachineLoad();
    const result = await runOne(benchmark, runs, log);
    const load = machineLoad();
    log(`machine: CPU pressure ${load.cpuPressurePct ?? '?'} %, load average ${load.loadAverage.toFixed(1)}`);
    if (result.error) console.log(`   ${benchmark.name} FAILED: ${result.error}`);
    rows.push(...result.rows);
    benchmarks.push({
      name: benchmark.name,
      title: benchmark.title,
      description: benchmark.description,
      seconds: result.seconds,
      load,
      ...(result.error ? { error: result.error } : {}),
    });
  }
  removeBundledScripts();
  const totalSeconds = (performance.now() - suiteStarted) / 1000;

  console.log(`\n${terminalTable(rows)}\n\nsuite time: ${Math.round(totalSeconds)} s`);
  const args = process.argv.slice(2).join(' ');
  const report: SuiteReport = {
    date: new Date().toISOString(),
    command:
      process.env.npm_lifecycle_event === 'bench'
        ? `npm run bench${args ? ` -- ${args}` : ''}`
        : `npx tsx bench/run.ts${args ? ` ${args}` : ''}`,
    machine: machineInfo(),
    totalSeconds,
    benchmarks,
    rows,
  };
  if (write) {
    writeReports(report, join(repoRoot, 'docs/benchmarks.md'), join(benchDir, 'results.json'));
    console.log('wrote docs/benchmarks.md and bench/results.json');
  } else {
    console.log('(one benchmark: reports not written; add --write to write them)');
    if (process.env.BENCH_MARKDOWN) console.log(markdownTable(rows));
  }
  if (runningChildren() > 0) {
    console.log(`warning: ${runningChildren()} child process(es) still running: killing them`);
    killAllTracked();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllTracked();
    removeBundledScripts();
    process.exit(130);
  });
}
process.on('exit', () => killAllTracked());

// Exit explicitly: a benchmark cut short may leave handles (a browser connection) that would keep
// the process alive.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error((error as Error).message);
    killAllTracked();
    removeBundledScripts();
    process.exit(1);
  },
);
