import type { Row } from '../values/row.js';

/**
 * One step of a stream's pipeline: takes a row, returns the row to pass on (the same object
 * changed, or a new one), or undefined to drop it (a filter).
 */
export type Stage = (row: Row) => Row | undefined;

/** Runs stages left to right; a row dropped by one stage never reaches the next. */
export function compose(stages: readonly Stage[]): Stage {
  if (stages.length === 0) throw new TypeError('compose needs at least one stage');
  if (stages.length === 1) return stages[0]!;
  return (row) => {
    let current: Row | undefined = row;
    for (let i = 0; i < stages.length && current !== undefined; i++) current = stages[i]!(current);
    return current;
  };
}

/** Rows out of the pipeline, with the log positions of those kept (`[partition, offset, …]`). */
export interface PipelineOutput {
  rows: Row[];
  positions?: number[];
}

/**
 * Runs `stage` once on each of the rows a source delivered together: the one place where rows
 * pass through a stream's pipeline. Positions follow their rows; those of dropped rows are dropped.
 */
export function runPipeline(stage: Stage, rows: readonly Row[], positions?: readonly number[]): PipelineOutput {
  const out: Row[] = [];
  const kept: number[] | undefined = positions ? [] : undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = stage(rows[i]!);
    if (row === undefined) continue;
    out.push(row);
    if (kept) kept.push(positions![2 * i]!, positions![2 * i + 1]!);
  }
  return kept ? { rows: out, positions: kept } : { rows: out };
}
