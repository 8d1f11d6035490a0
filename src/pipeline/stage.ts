import type { Row } from '../sources/types.js';

/** One step of a stream's pipeline. Returning undefined drops the row (a filter). */
export type Stage = (row: Row) => Row | undefined;

/** Runs stages left to right; a row dropped by one stage never reaches the next. */
export function compose(stages: readonly Stage[]): Stage {
  if (stages.length === 1) return stages[0]!;
  return (row) => {
    let current: Row | undefined = row;
    for (let i = 0; i < stages.length && current !== undefined; i++) current = stages[i]!(current);
    return current;
  };
}
