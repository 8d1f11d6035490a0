// What every registered stage type must do, checked on its `example` config: a new stage type gets
// these tests by being in the registry.
import { describe, expect, it } from 'vitest';
import { dataTime } from '../../src/pipeline/data-time.js';
import type { StagePlugin } from '../../src/pipeline/stage-plugin.js';
import { defaultStageRegistry } from '../../src/pipeline/stage-registry.js';
import { describeObject } from '../../src/sources/describe.js';
import type { Row } from '../../src/values/row.js';

const minute = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();

/** Numbers that move every kind of state: up, down, past the earlier extremes, a repeat. */
const VALUES = [3, 7, 4, 10, 1, 8, 8, 2, 6];

/** Inputs that are not numbers: each must give null outputs and leave the state as it was. */
const ABSENT = Symbol('absent');
const NOT_NUMBERS: unknown[] = [null, undefined, ABSENT, 'text', '12', '', Number.NaN, Number.POSITIVE_INFINITY, true, {}];

const registry = defaultStageRegistry();

describe.each(registry.list().map((plugin) => [plugin.type, plugin] as const))('stage type %s', (_, plugin: StagePlugin) => {
  const config = plugin.configSchema.parse(plugin.example);
  // Every column it reads gets the same value (one for most stages; an anomaly stage reads several).
  const inputs = registry.inputs(config);
  const outputs = plugin.outputs(config).map((o) => o.name);
  // The whole-data ranges a source would give the stage, for the columns it asks for.
  const ranges = new Map((plugin.ranges?.(config) ?? []).map((column) => [column, { min: 0, max: 10 }]));
  const fresh = () => plugin.create(config, { timeName: 't', timeOf: dataTime('t'), ranges });
  const row = (i: number, x: unknown): Row =>
    x === ABSENT ? { t: minute(i), other: 'kept' } : { t: minute(i), ...Object.fromEntries(inputs.map((c) => [c, x])), other: 'kept' };
  /** The outputs of each row, the rows a minute apart from `start` by `step`. */
  const outputsOf = (stage: ReturnType<typeof fresh>, values: readonly unknown[], step = 1) =>
    values.map((x, i) => {
      const out = stage(row(i * step, x))!;
      return outputs.map((name) => out[name]);
    });

  it('has a lowercase name, which is the `type` its schema takes', () => {
    expect(plugin.type).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(config.type).toBe(plugin.type);
    expect(plugin.configSchema.safeParse({ ...plugin.example, type: `${plugin.type}x` }).success).toBe(false);
  });

  it('writes exactly the columns it declares, in order, into every row, and keeps the others', () => {
    const stage = fresh();
    for (const [i, x] of [...VALUES, ...NOT_NUMBERS].entries()) {
      const input = row(i, x);
      const before = { ...input };
      const out = stage(input)!;
      expect(Object.keys(out).filter((key) => !(key in before))).toEqual(outputs);
      for (const key of Object.keys(before)) expect(out[key]).toBe(before[key]);
    }
  });

  it('gives each declared column numbers or nulls, and a number for some row of numbers', () => {
    const columns = outputs.map((_, k) => outputsOf(fresh(), VALUES).map((values) => values[k]));
    for (const column of columns) {
      expect(column.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)))).toBe(true);
      expect(column.some((v) => typeof v === 'number')).toBe(true);
    }
  });

  it.each(NOT_NUMBERS.map((x) => [x === ABSENT ? 'no input column' : (JSON.stringify(x) ?? String(x)), x]))(
    'gives null outputs for %s and leaves its state as it was',
    (_, bad) => {
      // The rows two minutes apart; the input that is not a number comes between two of them,
      // at a data time of its own (a stage that took its time would compute a different step).
      const plain = outputsOf(fresh(), VALUES, 2);
      const stage = fresh();
      const got: unknown[][] = [];
      VALUES.forEach((x, i) => {
        if (i === 4) {
          const out = stage(row(2 * i - 1, bad))!;
          expect(outputs.map((name) => out[name])).toEqual(outputs.map(() => null));
        }
        const out = stage(row(2 * i, x))!;
        got.push(outputs.map((name) => out[name]));
      });
      expect(got).toEqual(plain);
    },
  );

  it('keeps no state between runs: a stage made after another has run starts afresh', () => {
    const expected = outputsOf(fresh(), VALUES);
    const first = fresh();
    const second = fresh();
    outputsOf(first, [50, -20, 1000, 7]);
    expect(outputsOf(second, VALUES)).toEqual(expected);
    expect(config).toEqual(plugin.configSchema.parse(plugin.example));
  });

  it('draws its outputs on the axis asked for, and names them after `as` when given', () => {
    const y2 = plugin.configSchema.parse({ ...plugin.example, axis: 'y2' });
    expect(plugin.outputs(y2).map((o) => o.axis)).toEqual(outputs.map(() => 'y2'));
    expect(plugin.outputs(config).map((o) => o.axis)).toEqual(outputs.map(() => 'y'));
    const named = plugin.outputs(plugin.configSchema.parse({ ...plugin.example, as: 'renamed' })).map((o) => o.name);
    expect(named.every((name) => name.startsWith('renamed'))).toBe(true);
    expect(new Set(named).size).toBe(outputs.length);
  });

  it('has a strict config schema: an unknown key is rejected', () => {
    const result = plugin.configSchema.safeParse({ ...plugin.example, colour: 'red' });
    expect(result.error?.issues.map((issue) => [issue.code, issue.message])).toEqual([['unrecognized_keys', 'Unrecognized key: "colour"']]);
  });

  it('describes every field of its config (but `type`, which the heading of its docs names)', () => {
    const fields = describeObject(plugin.configSchema);
    expect(fields.map((f) => f.name).slice(0, 4)).toEqual(['type', inputs.length > 1 ? 'columns' : 'column', 'as', 'axis']);
    expect(fields.filter((f) => f.name !== 'type' && f.description === '').map((f) => f.name)).toEqual([]);
    expect(plugin.description).not.toBe('');
  });
});
