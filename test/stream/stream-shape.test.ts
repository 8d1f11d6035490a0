import { describe, expect, it } from 'vitest';
import { describeStream, streamShape } from '../../src/stream/stream-shape.js';
import { scriptedStream } from '../helpers/scripted-source.js';

describe('streamShape', () => {
  it('the source’s value columns, then the derived ones in stage order; the time column; an encoder for them', () => {
    const config = scriptedStream({
      columns: ['timestamp', 'v', { column: 'mode', type: 'text', axis: 'y2' }],
      stages: [{ type: 'diff', column: 'v' }],
    });
    const shape = streamShape(config);
    expect(shape.columns).toEqual([
      { name: 'v', type: 'number', axis: 'y' },
      { name: 'mode', type: 'text', axis: 'y2' },
      { name: 'v_diff', type: 'number', axis: 'y' },
    ]);
    expect(shape.timeName).toBe('timestamp');
    expect(shape.encoder.columns([{ timestamp: 't', v: 1, mode: 'A', v_diff: null }])).toEqual({ t: ['t'], y: [[1], ['A'], [null]] });
  });

  it('passes a unit and `draw: false` on to what clients see, and nothing when they are not given', () => {
    const config = scriptedStream({
      columns: ['timestamp', { column: 'v', unit: 'bar', draw: false }, { column: 'w', draw: true }],
      stages: [{ type: 'diff', column: 'v', unit: 'bar/s' }],
    });
    expect(streamShape(config).columns).toEqual([
      { name: 'v', type: 'number', axis: 'y', unit: 'bar', draw: false },
      { name: 'w', type: 'number', axis: 'y' },
      { name: 'v_diff', type: 'number', axis: 'y', unit: 'bar/s' },
    ]);
  });

  it('without a time column, rows are stamped under `time` (or `_time` when a column has that name)', () => {
    expect(streamShape(scriptedStream({ columns: ['v'] })).timeName).toBe('time');
    expect(streamShape(scriptedStream({ columns: ['v', 'time'], time: null })).timeName).toBe('_time');
  });
});

describe('describeStream', () => {
  it('what clients see of a stream: ids, columns, thresholds, states and alert rules with their levels', () => {
    const config = scriptedStream({
      title: 'Pump',
      thresholds: [{ value: 3 }],
      states: { column: 'v' },
      alerts: [
        { name: 'high', column: 'v', above: 5 },
        { name: 'low', column: 'v', below: 1, resolve: 2 },
      ],
    });
    expect(describeStream(config, streamShape(config))).toEqual({
      id: 's',
      title: 'Pump',
      source: 'csv',
      time: 'timestamp',
      columns: [{ name: 'v', type: 'number', axis: 'y' }],
      thresholds: [{ value: 3, axis: 'y' }],
      states: { column: 'v', colors: {}, unshaded: [] },
      alerts: [
        { rule: 'high', column: 'v', op: 'above', value: 5, resolve: 5 },
        { rule: 'low', column: 'v', op: 'below', value: 1, resolve: 2 },
      ],
      keepMs: 86_400_000,
    });
  });
});
