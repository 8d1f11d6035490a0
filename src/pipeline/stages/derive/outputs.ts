import type { StageConfig } from '../../../config/stage-schema.js';

/** A column a derive stage adds to each row. */
export interface DerivedColumn {
  name: string;
  axis: 'y' | 'y2';
}

const SUFFIX = { scale: 'scaled', zscore: 'z', ewma: 'ewma', rate: 'rate', diff: 'diff' } as const;

/** The columns a stage adds, in order: `as`, or the input name with a suffix. */
export function stageOutputs(stage: StageConfig): DerivedColumn[] {
  if (stage.type === 'rolling') {
    const prefix = stage.as ?? stage.column;
    return stage.stats.map((stat) => ({ name: `${prefix}_${stat}`, axis: stage.axis }));
  }
  return [{ name: stage.as ?? `${stage.column}_${SUFFIX[stage.type]}`, axis: stage.axis }];
}

/** Every column the stages add, in stage order. */
export function derivedColumns(stages: readonly StageConfig[]): DerivedColumn[] {
  return stages.flatMap(stageOutputs);
}
