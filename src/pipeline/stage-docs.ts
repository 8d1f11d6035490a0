// The reference of a stream's `stages`, `states` and `alerts`, made from the registry's schemas:
// the stage part of `realtime-graph sources` and of docs/sources.md.
import { stringify } from 'yaml';
import { describeObject, type FieldDoc, fieldsMarkdown, fieldsText } from '../sources/describe.js';
import type { StagePlugin } from './stage-plugin.js';
import type { StageRegistry } from './stage-registry.js';

/** The fields of a stage type's config but `type`, which its heading names. */
function stageFields(plugin: StagePlugin): FieldDoc[] {
  return describeObject(plugin.configSchema).filter((field) => field.name !== 'type');
}

/** A stage's example in a one-line YAML `stages:` list. */
function exampleLine(plugin: StagePlugin): string {
  return `stages: ${stringify([plugin.example], { collectionStyle: 'flow', lineWidth: 0 }).trim()}`;
}

/** The plain-text listing of the stage types, after the source types in `realtime-graph sources`. */
export function stagesText(registry: StageRegistry): string {
  const stages = registry.list().map((plugin) => `${plugin.type}: ${plugin.description}\n${fieldsText(stageFields(plugin))}`);
  return ["Stage types (a stream's stages: list; each entry's type picks one):", ...stages].join('\n\n');
}

/** The sections of docs/sources.md after the source types. */
export function stagesMarkdown(registry: StageRegistry): string[] {
  const stages = registry.list().map((plugin) => {
    const description = `${plugin.description}\n\nExample: \`${exampleLine(plugin)}\``;
    return fieldsMarkdown(`### \`${plugin.type}\``, description, stageFields(plugin));
  });
  return [
    [
      '## Stream stages',
      '',
      "A stream's `stages:` run in order on every row, after its columns are read; each entry's `type`",
      'picks one of these. Each reads a number column (`anomaly` several) and adds columns that later',
      'stages, alerts, the chart and exports use like any other. They keep their state over the rows of',
      'a run (a looping replay stays one run unless `resetStagesOnLoop: true`); a row whose input is not',
      'a number gets null outputs. Windows are rows (a number) or data time (`"10m"`).',
    ].join('\n'),
    ...stages,
    fieldsMarkdown('## `states`', registry.statesSchema.description ?? '', describeObject(registry.statesSchema)),
    fieldsMarkdown(
      '## `alerts[]`',
      'An alert rule: each transition is an `alert` event, a log line and a change of `rtg_alert_firing`.',
      describeObject(registry.alertSchema),
    ),
  ];
}
