import { describe, expect, it } from 'vitest';
import { builtinStages, defaultStageRegistry, StageRegistry } from '../../src/pipeline/stage-registry.js';
import { diffStage } from '../../src/pipeline/stages/diff.js';
import { rollingStage } from '../../src/pipeline/stages/rolling.js';

describe('StageRegistry', () => {
  const registry = defaultStageRegistry();

  it('holds the built-in stage types, in order', () => {
    expect(registry.list().map((p) => p.type)).toEqual(['scale', 'rolling', 'zscore', 'ewma', 'rate', 'diff', 'clip', 'anomaly']);
    expect(registry.list()).toEqual(builtinStages);
    expect(registry.get('diff')).toBe(diffStage);
    expect(registry.get('nope')).toBeUndefined();
  });

  it('refuses a type registered twice, and a stage list with no types', () => {
    expect(() => new StageRegistry([diffStage, rollingStage, diffStage])).toThrow('stage type diff is registered twice');
    expect(() => new StageRegistry([]).stageSchema()).toThrow('no stage types are registered');
  });

  it("checks a stage entry with its type's schema, defaults filled", () => {
    const schema = registry.stageSchema();
    expect(schema.parse({ type: 'rolling', column: 'x', window: 5 })).toEqual({
      type: 'rolling',
      column: 'x',
      axis: 'y',
      window: 5,
      stats: ['mean'],
    });
    expect(schema.safeParse({ type: 'nope', column: 'x' }).success).toBe(false);
    expect(schema.safeParse({ type: 'diff', column: 'x', window: 5 }).success).toBe(false);
  });

  it("gives a checked stage's plugin and outputs; an unregistered type is a TypeError", () => {
    const config = registry.stageSchema().parse({ type: 'rolling', column: 'x', as: 'r', window: 5, stats: ['min', 'max'], axis: 'y2' });
    expect(registry.pluginOf(config)).toBe(rollingStage);
    expect(registry.outputs(config)).toEqual([
      { name: 'r_min', axis: 'y2' },
      { name: 'r_max', axis: 'y2' },
    ]);
    expect(() => registry.outputs({ type: 'nope', column: 'x' })).toThrow(new TypeError('unknown stage type "nope"'));
  });
});
