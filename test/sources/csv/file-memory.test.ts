import { open } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyStats, readCsv } from '../../../src/sources/csv/file.js';
import { tempDir } from '../../helpers/temp.js';

// Skipping a record over maxRecordBytes holds none of it: memory stays within a small multiple of
// the limit however long the record, even for a file with no line break at all.
const MAX = 1024 * 1024;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir('rtg-memory-');
  // 50 MB in one record between good rows, written in pieces.
  const long = await open(dir.path('long-record.csv'), 'w');
  await long.write('t,v\n1,a\n2,');
  const piece = Buffer.alloc(1 << 20, 'z');
  for (let i = 0; i < 50; i++) await long.write(piece);
  await long.write('\n3,c\n');
  await long.close();
  // 1 GiB with no line break after the header: a sparse file, so it costs no disk.
  const flat = await open(dir.path('no-line-break.csv'), 'w');
  await flat.write('t,v\n1,');
  await flat.truncate(2 ** 30);
  await flat.close();
});
afterAll(() => dir?.remove());

/** Reads a file to its end, returning the values of column v and the peak rise of RSS in MiB. */
async function readAll(name: string) {
  const stats = emptyStats();
  const values: (string | undefined)[] = [];
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    for await (const batch of readCsv(dir.path(name), { delimiter: ',', maxRecordBytes: MAX, select: () => [1], stats })) {
      for (const record of batch) values.push(record[0]);
    }
  } finally {
    clearInterval(sampler);
  }
  return { values, stats, riseMiB: (Math.max(peak, process.memoryUsage().rss) - before) / 2 ** 20 };
}

// About 10 × maxRecordBytes (measured: under 5 MiB for both).
const BOUND_MIB = (10 * MAX) / 2 ** 20;

describe('memory while skipping an oversized record', () => {
  it('a 50 MB record: skipped, the rows around it kept, RSS within a small multiple of maxRecordBytes', async () => {
    const { values, stats, riseMiB } = await readAll('long-record.csv');
    expect(values).toEqual(['a', 'c']);
    expect(stats).toMatchObject({ records: 2, oversized: 1, lines: { oversized: [3] } });
    console.log(`50 MB record: RSS rose ${riseMiB.toFixed(1)} MiB`);
    expect(riseMiB).toBeLessThan(BOUND_MIB);
  });

  it('a 1 GiB file without a line break: one oversized record, RSS within a small multiple of maxRecordBytes', async () => {
    const { values, stats, riseMiB } = await readAll('no-line-break.csv');
    expect(values).toEqual([]);
    expect(stats).toMatchObject({ records: 0, oversized: 1, lines: { oversized: [2] } });
    console.log(`1 GiB without a line break: RSS rose ${riseMiB.toFixed(1)} MiB`);
    expect(riseMiB).toBeLessThan(BOUND_MIB);
  }, 60_000);
});
