import { describe, expect, it, vi } from 'vitest';
import { normalizeStream, streamSchema } from '../../src/config/schema.js';
import { runPipeline } from '../../src/pipeline/stage.js';
import { derivedColumns, stagesForRun, streamTimeName } from '../../src/pipeline/run-pipeline.js';
import { defaultPlugins } from '../../src/plugins.js';
import type { DataSource } from '../../src/sources/types.js';

const plugins = defaultPlugins();

function stream(extra: Record<string, unknown>) {
  const raw = { id: 's', source: { type: 'csv', file: 'x.csv' }, columns: ['timestamp', 'a'], ...extra };
  return normalizeStream(streamSchema(plugins).parse(raw), 'test.yaml');
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

  it("asks the source once for the whole-data ranges the stages want, by source field, and gives them by the stream's name", async () => {
    const asked: string[][] = [];
    const ranging: DataSource = {
      read: async function* () {},
      ranges: async (fields) => {
        asked.push([...fields]);
        return new Map([['raw_a', { min: 0, max: 10 }]]);
      },
    };
    const config = stream({
      columns: ['timestamp', { column: 'raw_a', as: 'a' }, 'b'],
      stages: [
        { type: 'scale', column: 'a' },
        { type: 'scale', column: 'a', as: 'again' },
        { type: 'scale', column: 'b' },
        { type: 'scale', column: 'a', as: 'running', learn: 'running' },
        { type: 'diff', column: 'a' },
      ],
    });
    const { stage } = await stagesForRun(config, {
      timeName: 'timestamp',
      source: ranging,
      signal: new AbortController().signal,
      mark: () => {},
    });
    expect(asked).toEqual([['raw_a', 'b']]);
    const out = runPipeline(stage, [
      { timestamp: '2024-01-01 00:00:00', raw_a: 5, b: 3 },
      { timestamp: '2024-01-01 00:01:00', raw_a: 7.5, b: 4 },
    ]).rows;
    // a and again from the pre-scan; b has no range from the source, so it learns one
    expect(out.map((r) => [r.a_scaled, r.again, r.b_scaled, r.running])).toEqual([
      [0.5, 0.5, 0, 0],
      [0.75, 0.75, 1, 1],
    ]);
  });

  it('asks nothing of a source when no stage wants a range, nor of one that cannot tell', async () => {
    let asked = 0;
    const ranging: DataSource = {
      read: async function* () {},
      ranges: async () => {
        asked++;
        return new Map();
      },
    };
    const signal = new AbortController().signal;
    await stagesForRun(stream({ stages: [{ type: 'scale', column: 'a', learn: 'running' }] }), {
      timeName: 'timestamp',
      source: ranging,
      signal,
      mark: () => {},
    });
    expect(asked).toBe(0);
    const { stage } = await stagesForRun(stream({ stages: [{ type: 'scale', column: 'a' }] }), {
      timeName: 'timestamp',
      source,
      signal,
      mark: () => {},
    });
    expect(runPipeline(stage, rows([2, 4, 3])).rows.map((r) => r.a_scaled)).toEqual([0, 1, 0.5]);
  });

  it('stamps rows with the read time when the stream has no time column, under a name clear of its series', async () => {
    const config = stream({ columns: ['a'], time: null });
    expect(streamTimeName(config, ['a'])).toBe('time');
    expect(streamTimeName(config, ['time', 'a'])).toBe('_time');
    expect(streamTimeName(stream({}), ['time'])).toBe('timestamp');
    const { stage } = await stagesForRun(config, { timeName: 'time', source, signal: new AbortController().signal, mark: () => {} });
    vi.useFakeTimers({ now: Date.UTC(2024, 0, 1, 12), toFake: ['Date'] });
    try {
      expect(runPipeline(stage, [{ a: '1' }]).rows).toEqual([{ time: '2024-01-01T12:00:00.000Z', a: 1 }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports state changes and alert transitions to mark, after the stages', async () => {
    const config = stream({
      columns: ['timestamp', 'a', { column: 's', type: 'text' }],
      stages: [{ type: 'diff', column: 'a' }],
      states: { column: 's' },
      alerts: [{ name: 'jump', column: 'a_diff', above: 5 }],
    });
    const marks: unknown[] = [];
    const { stage } = await stagesForRun(config, {
      timeName: 'timestamp',
      source,
      signal: new AbortController().signal,
      mark: (m) => marks.push(m),
    });
    runPipeline(stage, [
      { timestamp: '2024-01-01 00:00:00', a: 1, s: 'ON' },
      { timestamp: '2024-01-01 00:01:00', a: 10, s: 'ON' },
    ]);
    expect(marks).toEqual([
      { name: 'state', payload: { value: 'ON', at: '2024-01-01T00:00:00.000Z' } },
      { name: 'alert', payload: { rule: 'jump', state: 'firing', at: '2024-01-01T00:01:00.000Z', value: 9 } },
    ]);
  });

  it('watches the state column of a stream without stages', async () => {
    const config = stream({ columns: ['timestamp', { column: 's', type: 'text' }], states: { column: 's' } });
    const marks: unknown[] = [];
    const { stage } = await stagesForRun(config, {
      timeName: 'timestamp',
      source,
      signal: new AbortController().signal,
      mark: (m) => marks.push(m),
    });
    expect(runPipeline(stage, [{ timestamp: '2024-01-01 00:00:00', s: 'ON' }]).rows).toEqual([
      { timestamp: '2024-01-01T00:00:00.000Z', s: 'ON' },
    ]);
    expect(marks).toEqual([{ name: 'state', payload: { value: 'ON', at: '2024-01-01T00:00:00.000Z' } }]);
  });

  it('keeps the state and the alert rules over a restart of the stages', async () => {
    const config = stream({ stages: [{ type: 'diff', column: 'a' }], alerts: [{ name: 'high', column: 'a', above: 5, for: 2 }] });
    const marks: unknown[] = [];
    const { stage, restartDerived } = await stagesForRun(config, {
      timeName: 'timestamp',
      source,
      signal: new AbortController().signal,
      mark: (m) => marks.push(m),
    });
    runPipeline(stage, rows([6]));
    restartDerived();
    expect(runPipeline(stage, rows([7], 1)).rows).toEqual([{ timestamp: '2024-01-01T00:01:00.000Z', a: 7, a_diff: null }]);
    expect(marks).toEqual([{ name: 'alert', payload: { rule: 'high', state: 'firing', at: '2024-01-01T00:01:00.000Z', value: 7 } }]);
  });

  it('passes rows through select and convert alone when the stream has no stages, states or alerts', async () => {
    const { stage } = await stagesForRun(stream({}), {
      timeName: 'timestamp',
      source,
      signal: new AbortController().signal,
      mark: () => {},
    });
    expect(runPipeline(stage, [{ timestamp: '2024-01-01 00:00:00', a: '2', extra: 1 }]).rows).toEqual([
      { timestamp: '2024-01-01T00:00:00.000Z', a: 2 },
    ]);
  });
});

describe('derivedColumns', () => {
  it('lists the columns the stages write, in stage order, with their axes', () => {
    const config = stream({
      stages: [
        { type: 'rolling', column: 'a', window: 3, stats: ['min', 'max'], axis: 'y2' },
        { type: 'clip', column: 'a', max: 1, as: 'c' },
      ],
    });
    expect(derivedColumns(config.stages)).toEqual([
      { name: 'a_min', axis: 'y2' },
      { name: 'a_max', axis: 'y2' },
      { name: 'c', axis: 'y' },
    ]);
  });
});
