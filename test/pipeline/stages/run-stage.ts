// Runs one stage plugin over a column of values, as a run does: the helper of the stage tests.
import { dataTime } from '../../../src/pipeline/data-time.js';
import type { StagePlugin, ValueRange } from '../../../src/pipeline/stage-plugin.js';
import { significant } from '../../../src/values/significant.js';

/** The ISO time of minute `i` of 2024-01-01. */
export const minute = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();

/** A stage of `plugin` made from `config` (checked by its schema) for a run whose time column is `t`. */
export function stageOf(plugin: StagePlugin, config: unknown, ranges?: ReadonlyMap<string, ValueRange>) {
  return plugin.create(plugin.configSchema.parse(config), { timeName: 't', timeOf: dataTime('t'), ranges });
}

/** Runs one stage config over values of `x` (one row a minute, `null` for a gap) and returns `column` of each output row. */
export function runStage(
  plugin: StagePlugin,
  config: unknown,
  values: (number | null)[],
  column: string,
  ranges?: ReadonlyMap<string, ValueRange>,
  times = values.map((_, i) => minute(i)),
): unknown[] {
  const stage = stageOf(plugin, config, ranges);
  return values.map((x, i) => stage({ t: times[i], x })![column]);
}

/** Outputs carry 6 significant digits: the expected values, rounded so. */
export const round = (values: unknown[]) => values.map((v) => (typeof v === 'number' ? significant(v) : v));

/** The problems a schema finds in a value, as `path: message`. */
export function issuesOf(
  schema: { safeParse(value: unknown): { error?: { issues: { path: PropertyKey[]; message: string }[] } } },
  value: unknown,
) {
  return schema.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
}
