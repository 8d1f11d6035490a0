import { z } from 'zod';
import type { OutputColumn, StageConfig, StagePlugin } from './stage-plugin.js';
import { alertSchema } from './stages/alerts.js';
import { anomalyStage } from './stages/anomaly.js';
import { clipStage } from './stages/clip.js';
import { diffStage } from './stages/diff.js';
import { ewmaStage } from './stages/ewma.js';
import { rateStage } from './stages/rate.js';
import { rollingStage } from './stages/rolling.js';
import { scaleStage } from './stages/scale.js';
import { statesSchema } from './stages/states.js';
import { zscoreStage } from './stages/zscore.js';
import { PluginsByType } from '../values/plugins-by-type.js';

/**
 * Maps a stage `type` to its plugin. A new stage type is one file plus one line in `builtinStages`.
 * It also carries the schemas of the fixed tail of every pipeline, a stream's `states:` and
 * `alerts:` (not plugins: see run-pipeline.ts), so that config gets everything a pipeline is made
 * from in one object.
 */
export class StageRegistry extends PluginsByType<StagePlugin> {
  readonly statesSchema = statesSchema;
  readonly alertSchema = alertSchema;

  constructor(plugins: readonly StagePlugin[]) {
    super('stage', plugins);
  }

  /** The plugin of a checked stage config. */
  pluginOf(config: StageConfig): StagePlugin {
    const plugin = this.get(config.type);
    if (!plugin) throw new TypeError(`unknown stage type ${JSON.stringify(config.type)}`);
    return plugin;
  }

  /** The columns a checked stage config writes. */
  outputs(config: StageConfig): OutputColumn[] {
    const outputs = this.pluginOf(config).outputs(config);
    return config.unit === undefined ? outputs : outputs.map((column) => ({ ...column, unit: config.unit }));
  }

  /** The columns a checked stage config reads. */
  inputs(config: StageConfig): string[] {
    const plugin = this.pluginOf(config);
    return plugin.inputs ? plugin.inputs(config) : config.column === undefined ? [] : [config.column];
  }

  /** The other columns a checked stage config reads (StagePlugin.references). */
  references(config: StageConfig): { field: string; column: string }[] {
    return this.pluginOf(config).references?.(config) ?? [];
  }

  /** The schema of one entry of a stream's `stages:`: `type` picks the plugin whose schema checks the rest. */
  stageSchema(): z.ZodType<StageConfig> {
    const [first, ...rest] = this.list().map((p) => p.configSchema);
    if (first === undefined) throw new TypeError('no stage types are registered');
    return z.discriminatedUnion('type', [first, ...rest]);
  }
}

export const builtinStages: readonly StagePlugin[] = [
  scaleStage,
  rollingStage,
  zscoreStage,
  ewmaStage,
  rateStage,
  diffStage,
  clipStage,
  anomalyStage,
];

export function defaultStageRegistry(): StageRegistry {
  return new StageRegistry(builtinStages);
}
