// The pipeline of one run of a stream, built from its config: every row of the run passes
// through it once, before batching. Column selection and conversion, the time stamp for streams
// without a time column, then the stream's stages (plugins: stage-registry.ts), then the fixed
// tail: the state column and the alert rules. The tail is not made of plugins: it writes no
// columns but reports events (`mark`), each has a config key of its own (`states:`, one object;
// `alerts:`, rules evaluated together), and it must run after every stage whose outputs it reads.
import type { StreamConfig } from '../config/schema.js';
import type { AlertData, StateData } from '../protocol/events.js';
import type { DataSource } from '../sources/types.js';
import type { Row } from '../values/row.js';
import { timeColumn } from './columns.js';
import { dataTime } from './data-time.js';
import { compose, type Stage } from './stage.js';
import type { OutputColumn, StageConfig, ValueRange } from './stage-plugin.js';
import { defaultStageRegistry } from './stage-registry.js';
import { evaluateAlerts } from './stages/alerts.js';
import { selectColumns } from './stages/select-columns.js';
import { stampReadTime } from './stages/stamp-time.js';
import { watchStates } from './stages/states.js';

// The stage types config files are checked against (defaultPlugins): a run finds its stages' plugins here.
const registry = defaultStageRegistry();

/** Every column the stages add, in stage order. */
export function derivedColumns(stages: readonly StageConfig[]): OutputColumn[] {
  return stages.flatMap((stage) => registry.outputs(stage));
}

/** The time column on the wire: the configured one, or the read-time stamp's name (clear of `seriesNames`). */
export function streamTimeName(config: StreamConfig, seriesNames: readonly string[]): string {
  return timeColumn(config.columns)?.as ?? (seriesNames.includes('time') ? '_time' : 'time');
}

/** A state change or an alert transition, as the pipeline reports it; `name` tells the payload. */
export type MarkEvent = { name: 'state'; payload: StateData } | { name: 'alert'; payload: AlertData };

export interface RunStages {
  /** Select/convert → time stamp → derived signals → states → alerts. */
  stage: Stage;
  /** The derived signals start afresh from the next row on (a looping replay's new pass). */
  restartDerived(): void;
  /**
   * Runs rows that already went through the pipeline once (a continued run's stored history, oldest
   * first) through the stages again, so their windows, learned ranges, states and alert timers are
   * where they were; the marks this gives are returned, not reported.
   */
  warm(rows: readonly Row[]): MarkEvent[];
}

export interface RunStagesContext {
  /** The row's time column on the wire. */
  timeName: string;
  source: DataSource;
  signal: AbortSignal;
  /** Receives the state changes and alert transitions, synchronously, between two rows. */
  mark(mark: MarkEvent): void;
}

/**
 * The stages rows pass through, made anew for each run (stages keep state over the rows of a
 * run): column selection and conversion, the time stamp for streams without a time column, the
 * stages, then the state column and the alert rules, which report to `mark`. Stages that want a
 * column's whole-data range (a `scale` that learns it) get it from the source first when it can
 * tell (a CSV file's pre-scan).
 */
export async function stagesForRun(config: StreamConfig, context: RunStagesContext): Promise<RunStages> {
  const { timeName, source, signal } = context;
  // While warming, marks are collected instead of reported.
  let muted: MarkEvent[] | undefined;
  const mark = (event: MarkEvent) => (muted ? muted.push(event) : context.mark(event));
  const head: Stage[] = [selectColumns(config.columns)];
  // Stamped with the time they were read, so every viewer sees the same x.
  if (timeColumn(config.columns) === undefined) head.push(stampReadTime(timeName));
  const ranges = await wholeRanges(config, source, signal);
  const freshDerive = () => {
    if (config.stages.length === 0) return undefined;
    const stageContext = { timeName, timeOf: dataTime(timeName), ranges };
    return compose(config.stages.map((stage) => registry.pluginOf(stage).create(stage, stageContext)));
  };
  let derive = freshDerive();
  let stale = false;
  const restartDerived = () => {
    stale = true;
  };
  const tail: Stage[] = [];
  if (config.states) tail.push(watchStates(config.states.column, timeName, (payload) => mark({ name: 'state', payload })));
  if (config.alerts.length > 0) {
    tail.push(evaluateAlerts(config.alerts, timeName, dataTime(timeName), (payload) => mark({ name: 'alert', payload })));
  }
  const before = compose(head);
  const after = tail.length > 0 ? compose(tail) : undefined;
  const afterHead: Stage = (input) => {
    let row: Row | undefined = input;
    if (stale) {
      stale = false;
      derive = freshDerive();
    }
    if (derive) row = derive(row);
    return row && after ? after(row) : row;
  };
  const warm = (rows: readonly Row[]): MarkEvent[] => {
    muted = [];
    try {
      for (const row of rows) afterHead({ ...row });
      return muted;
    } finally {
      muted = undefined;
    }
  };
  if (!derive && !after) return { stage: before, restartDerived, warm: () => [] };
  const stage: Stage = (input) => {
    const row = before(input);
    return row === undefined ? undefined : afterHead(row);
  };
  return { stage, restartDerived, warm };
}

/**
 * The whole-data ranges of the columns the stages ask for (`scale` stages that learn their range),
 * from the source when it can tell (a CSV file's pre-scan), by stream column name.
 */
async function wholeRanges(config: StreamConfig, source: DataSource, signal: AbortSignal): Promise<Map<string, ValueRange> | undefined> {
  const wanted = [...new Set(config.stages.flatMap((stage) => registry.pluginOf(stage).ranges?.(stage) ?? []))];
  if (wanted.length === 0 || !source.ranges) return undefined;
  const fromOf = new Map(config.columns.map((c) => [c.as, c.from]));
  const byField = await source.ranges(
    wanted.map((name) => fromOf.get(name) ?? name),
    signal,
  );
  return new Map(
    wanted.flatMap((name) => {
      const range = byField.get(fromOf.get(name) ?? name);
      return range ? [[name, range] as const] : [];
    }),
  );
}
