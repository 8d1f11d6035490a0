import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateEvent } from '../../src/compat/demo-format.js';
import { FrameReader } from '../../src/compat/frame-reader.js';
import { ReplayFiles } from '../../src/compat/replay-files.js';
import { pumpCsv, tempDir } from '../helpers/temp.js';

// The file cache behind /runPredict, on real files: which files are shared, and what a large one costs.
const ROWS = 2000;
let dir: Awaited<ReturnType<typeof tempDir>>;
let big: string;
let small: string;
let other: string;

beforeAll(async () => {
  dir = await tempDir();
  big = await dir.write('big.csv', pumpCsv(ROWS));
  small = await dir.write('small.csv', pumpCsv(10));
  other = await dir.write('other.csv', pumpCsv(10));
});
afterAll(() => dir?.remove());

/** The events the original sends for pumpCsv(n)'s rows. */
function expectedEvents(csv: string): string[] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => updateEvent(line.split(',')));
}

/** Takes every row in order, as the pacer does, noting the most bytes the reader held at once. */
async function drain(
  source: Awaited<ReturnType<ReplayFiles['open']>>,
  held: () => number,
): Promise<{ events: string[]; mostHeld: number }> {
  const events: string[] = [];
  let mostHeld = 0;
  for (let i = 0; ; i++) {
    let frame = source.take(i);
    while (frame === undefined && source.total === undefined && source.failure === undefined) {
      await new Promise((resolve) => setImmediate(resolve)); // let the reader read on
      frame = source.take(i);
    }
    mostHeld = Math.max(mostHeld, held());
    if (frame === undefined) break;
    events.push(frame.toString('latin1'));
  }
  source.release();
  return { events, mostHeld };
}

describe('ReplayFiles', () => {
  it('reads a file above the shared size cap once per replay, holding only a window of rows', async () => {
    const files = new ReplayFiles({ maxSharedFileBytes: 1024, maxCacheBytes: 1 << 20, readAheadRows: 16 });
    const first = await files.open(big, 'big.csv');
    const reader = first as unknown as { bytes: number };
    const { events, mostHeld } = await drain(first, () => reader.bytes);
    expect(events).toEqual(expectedEvents(pumpCsv(ROWS)));
    // The whole file's events are ~230 KB; a window is 16 rows plus one read step (16 KiB of CSV).
    expect(mostHeld).toBeLessThan(80 * 1024);
    expect(files.cachedBytes).toBe(0);
    await files.open(big, 'big.csv').then((s) => s.release());
    expect(files.parses).toBe(2);
  });

  it('shares a small file between replays, and evicts it when unused and over the cache cap', async () => {
    const files = new ReplayFiles({ maxSharedFileBytes: 1 << 20, maxCacheBytes: 1500, readAheadRows: 16 });
    const a = await files.open(small, 'small.csv');
    const b = await files.open(small, 'small.csv');
    expect(files.parses).toBe(1);
    const [left, right] = await Promise.all([drain(a, () => 0), drain(b, () => 0)]);
    expect(left.events).toEqual(expectedEvents(pumpCsv(10)));
    expect(right.events).toEqual(left.events);
    const oneFile = files.cachedBytes;
    expect(oneFile).toBe(left.events.join('').length);

    // A second file takes the cache over its cap: the least recently used file, unused, goes.
    const c = await files.open(other, 'other.csv');
    await drain(c, () => 0);
    expect(files.cachedBytes).toBe(oneFile);
    await files.open(other, 'other.csv').then((s) => s.release());
    expect(files.parses).toBe(2); // other.csv is still there
    await files.open(small, 'small.csv').then((s) => s.release());
    expect(files.parses).toBe(3); // small.csv was evicted
  });
});

describe('FrameReader with a window', () => {
  it('reads no further than the window ahead of the row taken, and on as rows are taken', async () => {
    let pulls = 0;
    async function* records() {
      for (let i = 0; i < 1000; i++) {
        pulls++;
        yield [[`t${i}`, '1', '2', '3']];
      }
    }
    const reader = new FrameReader(() => records(), 16);
    await reader.started;
    // A generator step is a microtask: unbounded, the reader would have read all 1000 by the next turn.
    await new Promise((resolve) => setImmediate(resolve));
    expect(pulls).toBe(16);
    expect(reader.take(0)?.toString()).toBe(updateEvent(['t0', '1', '2', '3']));
    expect(reader.take(20)).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pulls).toBe(36); // 16 ahead of row 20
    expect(reader.take(20)?.toString()).toBe(updateEvent(['t20', '1', '2', '3']));
    reader.close();
    await reader.stopped;
    expect(pulls).toBe(36);
  });
});
