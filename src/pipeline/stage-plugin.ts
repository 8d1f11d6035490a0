import { z } from 'zod';
import type { TimeOf } from './data-time.js';
import type { Stage } from './stage.js';
import { unit } from '../values/unit.js';

/** A column a stage writes into each row: its name, the y-axis the chart draws it on, and its unit if given. */
export interface OutputColumn {
  name: string;
  axis: 'y' | 'y2';
  unit?: string;
}

/** The minimum and maximum of a column's numbers. */
export interface ValueRange {
  min: number;
  max: number;
}

/**
 * What every stage's config has: its type, the number column it reads (a stage over several names
 * them in a field of its own and says which in `StagePlugin.inputs`), and the name of its output if given.
 */
export interface StageConfig extends Record<string, unknown> {
  type: string;
  column?: string | undefined;
  as?: string | undefined;
  /** The unit of its outputs (every stage type takes one, see defineStage). */
  unit?: string | undefined;
}

/** What a stage is given by the run it is made for. */
export interface StageContext {
  /** The row's time column on the wire. */
  timeName: string;
  /** A row's data time in ms, shared by the stages of a run so that each row's time is parsed once. */
  timeOf: TimeOf;
  /** Whole-data ranges of the columns the stages asked for (`StagePlugin.ranges`), when the source can tell (a CSV pre-scan). */
  ranges?: ReadonlyMap<string, ValueRange> | undefined;
}

/** The config schema of a stage type: a strict object whose `type` is the literal type name. */
type StageSchema = z.ZodObject & z.ZodType<StageConfig>;

/**
 * A stage type: a name, a config schema (which also fills defaults and documents the fields), the
 * columns a config makes it write, and a factory. A new stage type is one file that exports one of
 * these, plus one line in `builtinStages` (stage-registry.ts).
 */
export interface StagePlugin<Schema extends StageSchema = StageSchema> {
  readonly type: string;
  readonly description: string;
  /** Includes `type: z.literal(<type>)` first, so that the stage list can tell the types apart. */
  readonly configSchema: Schema;
  /** A config of this type, for the docs and the conformance suite (test/pipeline/stage-conformance.test.ts). */
  readonly example: z.input<Schema>;
  /** The columns the stage writes into every row, in order (null where its input is not a number). */
  outputs(config: z.output<Schema>): OutputColumn[];
  /**
   * A stage for one run, with fresh state. The config is read here, once per run: the stage that
   * runs on each row is a closure of its own, which reads and writes the row at its own
   * property-access sites (see stage-kit.ts).
   */
  create(config: z.output<Schema>, context: StageContext): Stage;
  /** The columns it reads, in order (default: its `column`). */
  inputs?(config: z.output<Schema>): string[];
  /**
   * Other columns it reads as they are, of any type but time (a state column), each with the config
   * field that names it (`ignore.column`), so a config check can say which field names an unknown one.
   */
  references?(config: z.output<Schema>): { field: string; column: string }[];
  /** The columns whose whole-data range `create` would use (`context.ranges`), if the source can give them. */
  ranges?(config: z.output<Schema>): string[];
}

export function defineStage<Schema extends StageSchema>(plugin: StagePlugin<Schema>): StagePlugin<Schema> {
  if (!/^[a-z][a-z0-9-]*$/.test(plugin.type)) {
    throw new TypeError(`stage type must be lowercase letters, digits and dashes, got ${JSON.stringify(plugin.type)}`);
  }
  const literal = plugin.configSchema.shape.type;
  if (!(literal instanceof z.ZodLiteral) || literal.values.size !== 1 || !literal.values.has(plugin.type)) {
    throw new TypeError(`the config schema of stage type ${plugin.type} needs type: z.literal(${JSON.stringify(plugin.type)})`);
  }
  // Every stage type takes a `unit` for its outputs: added here, so no stage declares it.
  const configSchema = plugin.configSchema.extend({ unit }).describe(plugin.description) as unknown as Schema;
  return { ...plugin, configSchema };
}
