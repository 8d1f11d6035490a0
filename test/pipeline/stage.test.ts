import { describe, expect, it } from 'vitest';
import { compose, runPipeline } from '../../src/pipeline/stage.js';

describe('compose', () => {
  it('needs a stage; one stage is itself', () => {
    expect(() => compose([])).toThrow(new TypeError('compose needs at least one stage'));
    const only = (row: Record<string, unknown>) => row;
    expect(compose([only])).toBe(only);
  });

  it('runs stages in order and stops at a stage that drops the row', () => {
    const seen: string[] = [];
    const pipeline = compose([
      (row) => {
        seen.push('first');
        return { ...row, n: Number(row.n) + 1 };
      },
      (row) => {
        seen.push('second');
        return (row.n as number) > 2 ? undefined : row;
      },
      (row) => {
        seen.push('third');
        return row;
      },
    ]);
    expect(pipeline({ n: 1 })).toEqual({ n: 2 });
    expect(pipeline({ n: 5 })).toBeUndefined();
    expect(seen).toEqual(['first', 'second', 'third', 'first', 'second']);
  });
});

describe('runPipeline', () => {
  it('runs the stage once per row, drops the rows it drops, and keeps the positions of the others', () => {
    const seen: unknown[] = [];
    const evenOnly = (row: Record<string, unknown>) => {
      seen.push(row.n);
      return (row.n as number) % 2 === 0 ? { n: row.n, doubled: (row.n as number) * 2 } : undefined;
    };
    const rows = [0, 1, 2, 3].map((n) => ({ n }));
    expect(runPipeline(evenOnly, rows, [0, 10, 0, 11, 1, 5, 1, 6])).toEqual({
      rows: [
        { n: 0, doubled: 0 },
        { n: 2, doubled: 4 },
      ],
      positions: [0, 10, 1, 5],
    });
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(runPipeline(evenOnly, rows)).toEqual({
      rows: [
        { n: 0, doubled: 0 },
        { n: 2, doubled: 4 },
      ],
    });
  });
});
