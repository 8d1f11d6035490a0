// The reference of the `stages`, `states` and `alerts` of a stream, made from their schemas: the
// second part of docs/sources.md.
import { describeObject, fieldsMarkdown } from '../sources/describe.js';
import { alertSchema, stageSchema, statesSchema } from './stage-schema.js';

export function stagesMarkdown(): string[] {
  const stages = stageSchema.options.map((option) => {
    const type = option.shape.type.value;
    return fieldsMarkdown(`### \`${type}\``, option.description ?? '', describeObject(option));
  });
  return [
    [
      '## Stream stages',
      '',
      "A stream's `stages:` run in order on every row, after its columns are read: each adds columns",
      'that later stages, alerts, the chart and exports use like any other. They keep their state over',
      'the rows of a run (a looping replay stays one run unless `resetStagesOnLoop: true`); a row whose',
      'input is not a number gets null outputs. Windows are rows (a number) or data time (`"10m"`).',
    ].join('\n'),
    ...stages,
    fieldsMarkdown('## `states`', statesSchema.description ?? '', describeObject(statesSchema)),
    fieldsMarkdown(
      '## `alerts[]`',
      'An alert rule: each transition is an `alert` event, a log line and a change of `rtg_alert_firing`.',
      describeObject(alertSchema),
    ),
  ];
}
