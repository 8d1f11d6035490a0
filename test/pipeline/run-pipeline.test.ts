import { describe, expect, it } from 'vitest';
import { normalizeStream, streamSchema } from '../../src/config/schema.js';
import { runPipeline } from '../../src/pipeline/stage.js';
import { defaultPlugins } from '../../src/plugins.js';
import { defaultRegistry } from '../../src/sources/registry.js';
import type { DataSource } from '../../src/sources/types.js';
import { stagesForRun, streamTimeName } from '../../src/pipeline/run-pipeline.js';

const registry = defaultRegistry();

function stream(extra: Record<string, unknown>) {
  const raw = { id: 's', source: { type: 'csv', file: 'x.csv' }, columns: ['timestamp', 'a'], ...extra };
  return normalizeStream(streamSchema(defaultPlugins(registry)).parse(raw), 'test.yaml');
}

// A source with no whole-data ranges: the stages never ask it for rows.
const source: DataSource = { read: async function* () {} };
const rows = (values: number[], from = 0) => values.map((a, i) => ({ timestamp: `2024-01-01 00:0${from + i}:00`, a }));

describe('stagesForRun', () => {
  it('selects and converts, then derives, in one stage', async () => {
    const config = stream({ stages: [{ type: 'diff', column: 'a' }] });
    const { stage } = await stagesForRun(config, {
      timeName: streamTimeName(config, []),
      source,
      signal: new AbortController().signal,
      mark: () => {},
    });
    expect(runPipeline(stage, rows([1, 3, 6])).rows).toEqual([
      { timestamp: '2024-01-01T00:00:00.000Z', a: 1, a_diff: null },
      { timestamp: '2024-01-01T00:01:00.000Z', a: 3, a_diff: 2 },
      { timestamp: '2024-01-01T00:02:00.000Z', a: 6, a_diff: 3 },
    ]);
  });

  it('starts the derived signals afresh from the row after restartDerived (a new pass with resetStagesOnLoop)', async () => {
    const config = stream({ stages: [{ type: 'diff', column: 'a' }] });
    const { stage, restartDerived } = await stagesForRun(config, {
      timeName: 'timestamp',
      source,
      signal: new AbortController().signal,
      mark: () => {},
    });
    runPipeline(stage, rows([1, 3]));
    restartDerived();
    expect(runPipeline(stage, rows([10, 12], 2)).rows.map((r) => r.a_diff)).toEqual([null, 2]);
  });

  it('keeps the derived state over rows without a restart', async () => {
    const config = stream({ stages: [{ type: 'diff', column: 'a' }] });
    const { stage } = await stagesForRun(config, { timeName: 'timestamp', source, signal: new AbortController().signal, mark: () => {} });
    runPipeline(stage, rows([1, 3]));
    expect(runPipeline(stage, rows([10, 12], 2)).rows.map((r) => r.a_diff)).toEqual([7, 2]);
  });

  it('runs the stages in order: each sees the outputs of the stages before it', async () => {
    const config = stream({
      stages: [
        { type: 'diff', column: 'a', as: 'd' },
        { type: 'rolling', column: 'd', window: 2, stats: ['max'] },
      ],
    });
    const { stage } = await stagesForRun(config, { timeName: 'timestamp', source, signal: new AbortController().signal, mark: () => {} });
    expect(runPipeline(stage, rows([1, 4, 2, 2])).rows.map((r) => r.d_max)).toEqual([null, 3, 3, 0]);
  });
});
