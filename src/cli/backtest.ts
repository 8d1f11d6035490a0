// `realtime-graph backtest <config>… [--stream ID] [--file F] [--failure STATE…] [--window 24h]
// [--profile P] [--require-lead 30m] [--json | --markdown]`: how the alert rules of a stream would have warned of
// the failures of a recorded file. Exit 0, or 1 when --require-lead is not met.
import { backtestStream } from '../backtest/backtest-stream.js';
import { isProfile } from '../backtest/evaluate.js';
import { judgedLine, lateWarnings } from '../backtest/report.js';
import { BacktestError } from '../backtest/run-backtest.js';
import { backtestMarkdown } from '../backtest/markdown.js';
import { backtestTable, leadCell } from '../backtest/table.js';
import { BACKTEST_PROFILES, type BacktestReport } from '../protocol/backtest.js';
import { loadConfig } from '../config/load.js';
import type { StreamConfig } from '../config/schema.js';
import { createLogger } from '../log.js';
import { defaultPlugins } from '../plugins.js';
import { DataDir } from '../sources/data-dir.js';
import { defaultRegistry } from '../sources/registry.js';
import { parseDuration } from '../values/duration.js';
import { durationText } from '../values/duration-text.js';
import { print, UsageError } from './command.js';
import { defaultConfigPaths } from './config-paths.js';

export interface BacktestFlags {
  config?: string[];
  'data-dir'?: string;
  stream?: string;
  file?: string;
  failure?: string[];
  window?: string;
  profile?: string;
  'require-lead'?: string;
  json?: boolean;
  markdown?: boolean;
}

export async function backtest(args: string[], values: BacktestFlags): Promise<number> {
  if (values.json && values.markdown) throw new UsageError('--json and --markdown: choose one');
  const windowMs = durationFlag('--window', values.window ?? '24h');
  const requireLead = values['require-lead'] === undefined ? undefined : durationFlag('--require-lead', values['require-lead']);
  const profile = values.profile ?? 'standard';
  if (!isProfile(profile)) throw new UsageError(`--profile must be one of ${BACKTEST_PROFILES.join(', ')}`);
  const paths = args.length > 0 ? args : (values.config ?? defaultConfigPaths());
  const registry = defaultRegistry();
  const config = await loadConfig(paths, defaultPlugins(registry));
  const stream = pickStream(config.streams, values.stream);
  const dataDir = await DataDir.open(values['data-dir'] ?? config.dataDir ?? 'data');
  let report: BacktestReport;
  try {
    const failureStates = values.failure ?? ['BROKEN'];
    report = await backtestStream({
      stream,
      file: values.file,
      registry,
      dataDir,
      logger: createLogger('silent'),
      failureStates,
      windowMs,
      profile,
    });
  } catch (error) {
    if (error instanceof BacktestError) throw new UsageError(error.message);
    throw error;
  }
  print(values.json ? `${JSON.stringify(report, null, 2)}\n` : values.markdown ? backtestMarkdown(report) : backtestTable(report));
  if (requireLead === undefined) return 0;
  const line = judgedLine(report);
  const late = line ? lateWarnings(line, requireLead) : report.failures.map((f) => ({ failureAt: f.start, leadMs: null }));
  if (late.length === 0) return 0;
  process.stderr.write(
    `realtime-graph: ${late.length} failure(s) not warned ${durationText(requireLead)} ahead by ${line?.rule ?? 'any rule'}: ${late
      .map((f) => `${f.failureAt} (${leadCell(f.leadMs)})`)
      .join(', ')}\n`,
  );
  return 1;
}

function durationFlag(name: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new UsageError(`${name} needs a duration such as 30m, 6h or 24h, got ${JSON.stringify(text)}`);
  return ms;
}

/** The stream named, or the only one with states and alerts. */
function pickStream(streams: readonly StreamConfig[], id: string | undefined): StreamConfig {
  if (id !== undefined) {
    const stream = streams.find((s) => s.id === id);
    if (!stream) throw new UsageError(`no stream ${id} (streams: ${streams.map((s) => s.id).join(', ')})`);
    if (stream.alerts.length === 0) throw new UsageError(`stream ${id} has no alert rules to backtest`);
    return stream;
  }
  const candidates = streams.filter((s) => s.states && s.alerts.length > 0 && s.source.type === 'csv');
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new UsageError('no CSV stream has both states and alerts: nothing to backtest');
  throw new UsageError(`several streams can be backtested, name one with --stream: ${candidates.map((s) => s.id).join(', ')}`);
}
