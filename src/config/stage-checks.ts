import type { StageRegistry } from '../pipeline/stage-registry.js';
import type { ConfigProblem } from './errors.js';
import type { StreamConfig } from './schema.js';

/**
 * What zod cannot see in a stream's stages, state column and alerts: each name used must be a
 * column by then (a source column, or an output of an earlier stage), outputs must not collide
 * with columns, and the columns read as numbers must be numeric. A stage's outputs are those its
 * plugin declares.
 */
export function stageProblems(stream: StreamConfig, stages: StageRegistry, file: string, where: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ file, path: `${where}.${path}`, message });
  const kinds = new Map<string, 'time' | 'number' | 'text'>(stream.columns.map((c) => [c.as, c.type]));
  const laterOutputs = new Map<string, number>();
  stream.stages.forEach((stage, i) => {
    for (const out of stages.outputs(stage)) if (!laterOutputs.has(out.name)) laterOutputs.set(out.name, i);
  });
  const checkInput = (path: string, column: string, user: number) => {
    const kind = kinds.get(column);
    if (kind === 'number') return;
    if (kind !== undefined) return add(path, `"${column}" is a ${kind} column; this needs a number column`);
    const definedAt = laterOutputs.get(column);
    if (definedAt !== undefined && definedAt >= user) {
      return add(path, `"${column}" is defined by a later stage (stages[${definedAt}]); move this after it`);
    }
    add(path, `unknown column "${column}" (columns here: ${[...kinds.keys()].join(', ')})`);
  };

  stream.stages.forEach((stage, i) => {
    const inputs = stages.inputs(stage);
    inputs.forEach((column, k) => {
      checkInput(stage.column === undefined ? `stages[${i}].columns[${k}]` : `stages[${i}].column`, column, i);
    });
    for (const { field, column } of stages.references(stage)) {
      const kind = kinds.get(column);
      if (kind === 'time') add(`stages[${i}].${field}`, `"${column}" is the time column`);
      else if (kind === undefined)
        add(`stages[${i}].${field}`, `unknown column "${column}" (columns here: ${[...kinds.keys()].join(', ')})`);
    }
    for (const out of stages.outputs(stage)) {
      if (kinds.has(out.name)) add(`stages[${i}]${stage.as ? '.as' : ''}`, `output column "${out.name}" is already a column of the stream`);
      else kinds.set(out.name, 'number');
    }
  });
  const stateColumn = stream.states?.column;
  if (stateColumn !== undefined && !kinds.has(stateColumn)) add('states.column', `unknown column "${stateColumn}"`);
  else if (stateColumn !== undefined && kinds.get(stateColumn) === 'time') add('states.column', `"${stateColumn}" is the time column`);
  const names = new Set<string>();
  stream.alerts.forEach((alert, i) => {
    checkInput(`alerts[${i}].column`, alert.column, stream.stages.length);
    if (names.has(alert.name)) add(`alerts[${i}].name`, `alert name "${alert.name}" is used twice`);
    names.add(alert.name);
  });
  return problems;
}
