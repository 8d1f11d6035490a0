import type { ResultRow } from '../lib/results.js';

export interface BenchContext {
  /** Aborted when the benchmark's time budget is over (or the suite is interrupted). */
  signal: AbortSignal;
  /** Runs per measured figure (5 unless overridden with --runs). */
  runs: number;
  log(message: string): void;
  /** Milliseconds left in this benchmark's budget. */
  timeLeftMs(): number;
}

export interface Benchmark {
  name: string;
  title: string;
  /** What it does, for bench/README.md and docs/benchmarks.md. */
  description: string;
  /** Hard bound on its duration; it plans its runs to finish well inside it. */
  budgetMs: number;
  run(context: BenchContext): Promise<ResultRow[]>;
}

/**
 * Runs `steps` alternately (A B A B …) `runs` times, so that a noisy machine affects the
 * daemon and its reference alike. Stops early, with fewer runs, when the budget would be exceeded
 * (a round is assumed to take as long as the longest so far, plus 10 % and 2 s).
 */
export async function interleaved(context: BenchContext, runs: number, steps: ((round: number) => Promise<void>)[]): Promise<number> {
  let done = 0;
  let longest = 0;
  for (let round = 0; round < runs; round++) {
    if (context.signal.aborted) break;
    if (round > 0 && context.timeLeftMs() < longest * 1.1 + 2000) {
      context.log(`stopping after ${round} rounds: not enough time left in the budget`);
      break;
    }
    const started = performance.now();
    for (const step of steps) await step(round);
    longest = Math.max(longest, performance.now() - started);
    done++;
  }
  return done;
}
