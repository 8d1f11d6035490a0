// A stream's backtest from start to report: what the command line and the HTTP route both run.
import type { ProfileName, BacktestReport } from '../protocol/backtest.js';
import { backtestReport } from './report.js';
import { type BacktestInput, runBacktest } from './run-backtest.js';

export interface BacktestRequest extends BacktestInput {
  /** The state values whose episodes are failures (BROKEN by default). */
  failureStates: readonly string[];
  windowMs: number;
  profile: ProfileName;
}

/** Runs the stream's file (or `file`) through its live pipeline and judges its alert rules. */
export async function backtestStream(request: BacktestRequest): Promise<BacktestReport> {
  const run = await runBacktest(request);
  const file = request.file ?? String((request.stream.source as { file?: unknown }).file);
  const { failureStates, windowMs, profile } = request;
  return backtestReport(request.stream, run, { file, failureStates, windowMs, profile });
}
