import type { StageConfig } from '../../../config/stage-schema.js';
import { parseDuration } from '../../../values/duration.js';
import type { Stage } from '../../stage.js';
import { dataTime } from './data-time.js';
import { stageOutputs } from './outputs.js';
import { diff, ewma, rate, rolling, scale, windowSize, zscore, type ScaleRange } from './signals.js';

export interface DeriveContext {
  /** The row's time column on the wire. */
  timeName: string;
  /** Ranges of source columns over all the source's data (a CSV pre-scan), by stream column name. */
  ranges?: ReadonlyMap<string, ScaleRange>;
}

/** The stages of a stream's `stages` config, with fresh state (one call per run). */
export function deriveStages(configs: readonly StageConfig[], context: DeriveContext): Stage[] {
  const timeOf = dataTime(context.timeName);
  return configs.map((config) => {
    const [first] = stageOutputs(config);
    const name = first!.name;
    switch (config.type) {
      case 'scale':
        return scale(config.column, name, scaleRange(config, context.ranges));
      case 'rolling':
        return rolling(
          config.column,
          windowSize(config.window),
          config.stats.map((stat, i) => ({ stat, name: stageOutputs(config)[i]!.name })),
          timeOf,
        );
      case 'zscore':
        return zscore(config.column, windowSize(config.window), name, timeOf);
      case 'ewma':
        return ewma(
          config.column,
          name,
          config.alpha !== undefined ? { alpha: config.alpha } : { halfLifeMs: parseDuration(config.halfLife!)! },
          timeOf,
        );
      case 'rate':
        return rate(config.column, name, timeOf);
      case 'diff':
        return diff(config.column, name);
      default:
        throw new TypeError(`unknown stage type ${JSON.stringify((config as { type: unknown }).type)}`);
    }
  });
}

function scaleRange(config: Extract<StageConfig, { type: 'scale' }>, ranges: ReadonlyMap<string, ScaleRange> | undefined) {
  if (config.min !== undefined) return { min: config.min, max: config.max! };
  if (config.learn === 'first') return { learnRows: config.rows };
  const whole = config.learn === 'auto' ? ranges?.get(config.column) : undefined;
  return whole ?? { learnRows: Number.POSITIVE_INFINITY };
}

/** Stream columns whose whole-data range the `scale` stages would use, if the source can give it. */
export function columnsToPrescan(configs: readonly StageConfig[]): string[] {
  return [...new Set(configs.filter((c) => c.type === 'scale' && c.min === undefined && c.learn === 'auto').map((c) => c.column))];
}
