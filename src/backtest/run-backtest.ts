// Runs a recorded file through a stream's pipeline, the live one (the same stages, states and
// alert code, made by stagesForRun), as fast as it can be read, and keeps what the pipeline
// reports: the state changes and alert transitions a live viewer would have seen.
import type { Logger } from 'pino';
import type { StreamConfig } from '../config/schema.js';
import { dataTime } from '../pipeline/data-time.js';
import { stagesForRun } from '../pipeline/run-pipeline.js';
import type { DataDir } from '../sources/data-dir.js';
import type { SourceRegistry } from '../sources/registry.js';
import { createStreamSource } from '../stream/stream-source.js';
import { streamShape } from '../stream/stream-shape.js';
import { wireTimeMs } from '../values/convert.js';
import type { Row } from '../values/row.js';
import type { AlertChange, StateChange } from './spans.js';

export interface BacktestRun {
  rows: number;
  /** Data time of the first and last rows with a time. */
  from: number;
  to: number;
  states: StateChange[];
  alerts: AlertChange[];
  /** Records of the file the source could not read and skipped. */
  skipped: number;
}

export interface BacktestInput {
  stream: StreamConfig;
  /** Another file of the data directory to run instead of the stream's own (same columns). */
  file?: string;
  registry: SourceRegistry;
  dataDir: DataDir;
  logger: Logger;
  signal?: AbortSignal;
}

/** A problem with what was asked (not a CSV stream, no time column, no rows): the message says which. */
export class BacktestError extends Error {
  override name = 'BacktestError';
}

export async function runBacktest(input: BacktestInput): Promise<BacktestRun> {
  const { stream } = input;
  if (stream.source.type !== 'csv')
    throw new BacktestError(`stream ${stream.id} reads ${stream.source.type}; a backtest replays CSV files`);
  if (!stream.columns.some((c) => c.type === 'time'))
    throw new BacktestError(`stream ${stream.id} has no time column; a backtest needs data time`);
  if (!stream.states) throw new BacktestError(`stream ${stream.id} has no states: a backtest finds the failures in its state column`);
  const plugin = input.registry.get('csv')!;
  // The same file (or another), read once from its start, as fast as it can be parsed.
  const { timestampColumn: _t, speed: _s, ...source } = stream.source as Record<string, unknown>;
  const config: StreamConfig = {
    ...stream,
    source: {
      ...source,
      type: 'csv',
      file: input.file ?? source.file,
      rate: 'unlimited',
      loop: false,
      startRow: 0,
    } as StreamConfig['source'],
  };
  const { timeName } = streamShape(config);
  const states: StateChange[] = [];
  const alerts: AlertChange[] = [];
  const signal = input.signal ?? new AbortController().signal;
  const reader = createStreamSource(config, { plugin, dataDir: input.dataDir, logger: input.logger }, () => {});
  await reader.check?.();
  const pipeline = await stagesForRun(config, {
    timeName,
    source: reader,
    signal,
    mark: (mark) => {
      if (mark.name === 'state') states.push({ value: mark.payload.value, at: wireTimeMs(mark.payload.at) });
      else alerts.push({ rule: mark.payload.rule, state: mark.payload.state, at: wireTimeMs(mark.payload.at) });
    },
  });
  const timeOf = dataTime(timeName);
  let rows = 0;
  let from = Number.NaN;
  let to = Number.NaN;
  for await (const item of reader.read(signal)) {
    for (const read of Array.isArray(item) ? item : [item]) {
      const row = pipeline.stage(read as Row);
      if (!row) continue;
      rows++;
      const t = timeOf(row);
      if (Number.isFinite(t)) {
        if (Number.isNaN(from)) from = t;
        to = t;
      }
    }
  }
  if (rows === 0 || Number.isNaN(from)) throw new BacktestError(`${String(config.source.file)} has no rows with a time to backtest`);
  return { rows, from, to, states, alerts, skipped: reader.skipped?.() ?? 0 };
}
