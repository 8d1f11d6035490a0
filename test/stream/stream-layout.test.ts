import { describe, expect, it } from 'vitest';
import { streamLayout } from '../../src/stream/stream-layout.js';
import { streamShape } from '../../src/stream/stream-shape.js';
import { scriptedStream } from '../helpers/scripted-source.js';

const layoutOf = (over: Record<string, unknown> = {}) => {
  const config = scriptedStream({
    columns: ['timestamp', 'v', { column: 'mode', type: 'text' }],
    stages: [{ type: 'diff', column: 'v' }],
    ...over,
  });
  return streamLayout(config, streamShape(config));
};

describe('streamLayout', () => {
  it('the stream, its time column and its stored columns with their types', () => {
    const layout = layoutOf();
    expect(layout).toEqual({
      stream: 's',
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      timeName: 'timestamp',
      columns: [
        { name: 'v', type: 'number' },
        { name: 'mode', type: 'text' },
        { name: 'v_diff', type: 'number' },
      ],
    });
  });

  it('keeps its fingerprint when the title, thresholds, alerts or history change', () => {
    const base = layoutOf().fingerprint;
    expect(layoutOf({ title: 'Other' }).fingerprint).toBe(base);
    expect(layoutOf({ thresholds: [{ value: 3 }] }).fingerprint).toBe(base);
    expect(layoutOf({ alerts: [{ name: 'high', column: 'v', above: 5 }] }).fingerprint).toBe(base);
    expect(layoutOf({ history: 50 }).fingerprint).toBe(base);
  });

  it('changes it when the columns or the stages change', () => {
    const base = layoutOf().fingerprint;
    expect(layoutOf({ columns: ['timestamp', 'v'] }).fingerprint).not.toBe(base);
    expect(layoutOf({ stages: [{ type: 'diff', column: 'v', as: 'dv' }] }).fingerprint).not.toBe(base);
    expect(layoutOf({ stages: [] }).fingerprint).not.toBe(base);
  });
});

describe('streamLayout of a replay', () => {
  it("keeps its fingerprint when only the replay's pace or looping changes, not its file", () => {
    const of = (source: Record<string, unknown>) => layoutOf({ source: { type: 'csv', file: 'a.csv', ...source } }).fingerprint;
    expect(of({ rate: 20 })).toBe(of({ rate: 10, loop: true }));
    expect(of({})).not.toBe(layoutOf({ source: { type: 'csv', file: 'b.csv' } }).fingerprint);
  });
});
