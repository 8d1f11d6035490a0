import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/stream/event-log.js';
import { EventEncoder } from '../../src/stream/encoder.js';
import { Snapshots } from '../../src/stream/snapshot.js';

const encoder = new EventEncoder('t', ['a', 'b']);
let seq = 0;
function event(name: string, payload: unknown, rows: number): StreamEvent {
  seq++;
  return { seq, id: `r.${seq}`, name, rows, frame: encoder.frame(`r.${seq}`, name, payload), payload };
}
const dataOf = (frame: Buffer) => JSON.parse(frame.toString().split('\ndata: ')[1]!);

describe('Snapshots', () => {
  const tail = [
    event('started', { run: 'r' }, 0),
    event('update', { t: 't1', a: 1, b: 10 }, 1),
    event(
      'batch',
      {
        t: ['t2', 't3'],
        y: [
          [2, 3],
          [20, 30],
        ],
      },
      2,
    ),
    event('progress', { row: 3 }, 0),
    event('update', { t: 't4', a: null, b: 40 }, 1),
  ];

  it('merges the recent rows into one batch under the id of the newest event', () => {
    const [item, ...rest] = new Snapshots(encoder).of(tail, 3);
    expect(rest).toEqual([]);
    expect(item!.rows).toBe(3);
    expect(item!.seq).toBe(tail.at(-1)!.seq);
    expect(item!.frame.toString()).toMatch(new RegExp(`^id: r\\.${tail.at(-1)!.seq}\\nevent: batch\\n`));
    expect(dataOf(item!.frame)).toEqual({
      t: ['t2', 't3', 't4'],
      y: [
        [2, 3, null],
        [20, 30, 40],
      ],
    });
  });

  it('serves the same bytes to every viewer until the log moves on', () => {
    const snapshots = new Snapshots(encoder);
    const first = snapshots.of(tail, 4)[0]!;
    expect(snapshots.of(tail, 4)[0]!.frame).toBe(first.frame);
    const longer = [...tail, event('update', { t: 't5', a: 5, b: 50 }, 1)];
    expect(snapshots.of(longer, 4)[0]!.frame).not.toBe(first.frame);
  });

  it('passes a tail with at most one data event through unchanged, but for its marks (a viewer gets them apart)', () => {
    const short = [event('started', { run: 'r' }, 0), event('update', { t: 't1', a: 1, b: 1 }, 1)];
    expect(new Snapshots(encoder).of(short, 120)).toEqual(short);
    const marked = [event('state', { value: 'ON', at: 't1' }, 0), ...short, event('alert', { rule: 'x' }, 0)];
    expect(new Snapshots(encoder).of(marked, 120)).toEqual(short);
    expect(new Snapshots(encoder).of([], 120)).toEqual([]);
  });

  it('makes a new snapshot for another number of rows', () => {
    const snapshots = new Snapshots(encoder);
    expect(snapshots.of(tail, 4)[0]!.rows).toBe(4);
    expect(snapshots.of(tail, 2)[0]!.rows).toBe(2);
  });
});
