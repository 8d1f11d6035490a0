// The stages of one run of a stream, built from its config: the pipeline every row of the run
// passes through once, before batching. Apart from the channel so that the pipeline can be run
// (and measured) on its own.
import { timeColumn } from '../pipeline/columns.js';
import { compose, type Stage } from '../pipeline/stage.js';
import { selectColumns } from '../pipeline/stages/select-columns.js';
import { stampReadTime } from '../pipeline/stages/stamp-time.js';
import { columnsToPrescan, deriveStages } from '../pipeline/stages/derive/index.js';
import { dataTime } from '../pipeline/stages/derive/data-time.js';
import { watchStates } from '../pipeline/stages/states.js';
import { evaluateAlerts } from '../pipeline/stages/alerts.js';
import type { StreamConfig } from '../config/schema.js';
import type { DataSource } from '../sources/types.js';
import type { Mark } from './run-marks.js';

/** The time column on the wire: the configured one, or the read-time stamp's name (clear of `seriesNames`). */
export function streamTimeName(config: StreamConfig, seriesNames: readonly string[]): string {
  return timeColumn(config.columns)?.as ?? (seriesNames.includes('time') ? '_time' : 'time');
}

export interface RunStages {
  /** Select/convert → time stamp → derived signals → states → alerts. */
  stage: Stage;
  /** The derived signals start afresh from the next row on (a looping replay's new pass). */
  restartDerived(): void;
}

export interface RunStagesContext {
  /** The row's time column on the wire. */
  timeName: string;
  source: DataSource;
  signal: AbortSignal;
  /** Receives the state changes and alert transitions, synchronously, between two rows. */
  mark(mark: Omit<Mark, 'seq'>): void;
}

/**
 * The stages rows pass through, made anew for each run (stages keep state over the rows of a
 * run): column selection and conversion, the time stamp for streams without a time column, the
 * derived signals, then the state column and the alert rules, which report to `mark`. `scale`
 * stages that learn their range get it from the source first when it can tell (a CSV file's
 * pre-scan).
 */
export async function stagesForRun(config: StreamConfig, context: RunStagesContext): Promise<RunStages> {
  const { timeName, source, signal, mark } = context;
  const head: Stage[] = [selectColumns(config.columns)];
  // Stamped with the time they were read, so every viewer sees the same x.
  if (timeColumn(config.columns) === undefined) head.push(stampReadTime(timeName));
  const prescan = columnsToPrescan(config.stages);
  let ranges: Map<string, { min: number; max: number }> | undefined;
  if (prescan.length > 0 && source.ranges) {
    const fromOf = new Map(config.columns.map((c) => [c.as, c.from]));
    const byField = await source.ranges(
      prescan.map((name) => fromOf.get(name) ?? name),
      signal,
    );
    ranges = new Map(
      prescan.flatMap((name) => {
        const range = byField.get(fromOf.get(name) ?? name);
        return range ? [[name, range] as const] : [];
      }),
    );
  }
  const freshDerive = () => (config.stages.length > 0 ? compose(deriveStages(config.stages, { timeName, ranges })) : undefined);
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
  if (!derive && !after) return { stage: before, restartDerived };
  const stage: Stage = (input) => {
    let row = before(input);
    if (row === undefined) return undefined;
    if (stale) {
      stale = false;
      derive = freshDerive();
    }
    if (derive) row = derive(row);
    return row && after ? after(row) : row;
  };
  return { stage, restartDerived };
}
