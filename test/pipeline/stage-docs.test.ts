import { describe, expect, it } from 'vitest';
import { stagesMarkdown, stagesText } from '../../src/pipeline/stage-docs.js';
import { defaultStageRegistry } from '../../src/pipeline/stage-registry.js';

const registry = defaultStageRegistry();

describe('the stage reference', () => {
  it('lists every stage type with its fields but `type` as text, after a heading line', () => {
    const text = stagesText(registry);
    expect(text.split('\n\n')[0]).toBe("Stage types (a stream's stages: list; each entry's type picks one):");
    expect(text.match(/^[a-z-]+: /gm)).toEqual(['scale: ', 'rolling: ', 'zscore: ', 'ewma: ', 'rate: ', 'diff: ', 'clip: ', 'anomaly: ']);
    expect(text).toContain(
      'clip: the value limited to [min, max] (a spike past a limit is drawn at the limit)\n' +
        '  column  (string; required)\n      input: a number column of the stream, or an output of an earlier stage\n',
    );
    expect(text).toContain('  stats  ("mean" | "std" | "min" | "max"[]; default ["mean"])\n      the statistics to output');
    expect(text).not.toMatch(/^ {2}type /m);
    expect(text).not.toContain('(no description)');
  });

  it('gives a Markdown section per stage type, with its example, then states and alerts', () => {
    const sections = stagesMarkdown(registry);
    expect(sections.map((s) => s.split('\n')[0])).toEqual([
      '## Stream stages',
      '### `scale`',
      '### `rolling`',
      '### `zscore`',
      '### `ewma`',
      '### `rate`',
      '### `diff`',
      '### `clip`',
      '### `anomaly`',
      '## `states`',
      '## `alerts[]`',
    ]);
    expect(sections[0]).toBe(
      [
        '## Stream stages',
        '',
        "A stream's `stages:` run in order on every row, after its columns are read; each entry's `type`",
        'picks one of these. Each reads a number column (`anomaly` several) and adds columns that later',
        'stages, alerts, the chart and exports use like any other. They keep their state over the rows of',
        'a run (a looping replay stays one run unless `resetStagesOnLoop: true`); a row whose input is not',
        'a number gets null outputs. Windows are rows (a number) or data time (`"10m"`).',
      ].join('\n'),
    );
    expect(sections[10]).toContain(
      '\n\nAn alert rule: each transition is an `alert` event, a log line and a change of `rtg_alert_firing`.\n\n',
    );
    expect(sections[7]).toContain('\n\nExample: `stages: [ { type: clip, column: sensor_04, min: 0, max: 50 } ]`\n\n| Field |');
    expect(sections[7]).toContain('| `max` | `number` |  | values above this become this |');
    expect(sections[9]).toContain('a column whose changes are sent as `state` events and drawn as bands');
  });
});
