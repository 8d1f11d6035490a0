import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvIndex } from '../../../src/sources/csv/seek-index.js';
import { readCsv } from '../../../src/sources/csv/file.js';
import { pumpCsv, tempDir } from '../../helpers/temp.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
let bomFile: string;
const minute = (i: number) => Date.UTC(2024, 0, 1, 0, i);

beforeAll(async () => {
  dir = await tempDir();
  file = await dir.write('pump.csv', pumpCsv(10_000));
  bomFile = await dir.write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pumpCsv(300), 'utf8')]));
});
afterAll(() => dir.remove());

/** The first record read from a start the index gives, and how many records it passed over. */
async function firstAt(path: string, index: CsvIndex, record: number) {
  const start = index.startFor(record);
  for await (const batch of readCsv(path, { delimiter: ',', maxRecordBytes: 1 << 20, from: start.from })) {
    return { first: batch[0]![0], startRecord: start.record };
  }
  throw new Error('nothing read');
}

describe('CsvIndex', () => {
  it('counts the records, and keeps at most maxEntries entries (the stride doubles)', async () => {
    const index = await CsvIndex.build(file, { delimiter: ',', maxRecordBytes: 1 << 20, stride: 16, maxEntries: 100 });
    expect(index.records).toBe(10_000);
    // 10 000 / 16 = 625 entries wanted: thinned to stride 128 (79 entries).
    expect(index.entries).toBe(79);
  });

  it('a start it gives is the record it names: reading from its offset gives that record first', async () => {
    const index = await CsvIndex.build(file, { delimiter: ',', maxRecordBytes: 1 << 20, stride: 16, maxEntries: 100 });
    for (const record of [0, 1, 127, 128, 5000, 9999]) {
      const { first, startRecord } = await firstAt(file, index, record);
      expect(startRecord).toBe(Math.floor(record / 128) * 128);
      const at = new Date(minute(startRecord)).toISOString().slice(0, 19).replace('T', ' ');
      expect(first, `record ${record}`).toBe(at);
    }
  });

  it('finds the entry at or before a time, and knows the last time', async () => {
    const index = await CsvIndex.build(file, { delimiter: ',', maxRecordBytes: 1 << 20, timeColumn: 'timestamp', stride: 100 });
    expect(index.startForTime(minute(250)).record).toBe(200);
    expect(index.startForTime(minute(300)).record).toBe(200); // the record at 300 has that time: start before it
    expect(index.startForTime(minute(301)).record).toBe(300);
    expect(index.startForTime(minute(0)).record).toBe(0);
    expect(index.startForTime(minute(50), 400).record).toBe(400); // never before minRecord's entry
    expect(index.lastTime).toBe(minute(9999));
    expect(index.timeNear(0)).toBe(minute(0));
  });

  it('serves the records it covers while it is being built, and says when it is complete', async () => {
    const building = CsvIndex.begin(file, { delimiter: ',', maxRecordBytes: 1 << 20, stride: 16, maxEntries: 100 });
    expect(building.partial()).toBeUndefined(); // not even the header read yet
    await expect.poll(() => building.partial()?.records ?? 0).toBeGreaterThan(0);
    const partial = building.partial()!; // (on this small file it may already be complete)
    const covered = partial.records - 1;
    const { first } = await firstAt(file, partial, covered);
    const start = partial.startFor(covered).record;
    expect(first).toBe(new Date(minute(start)).toISOString().slice(0, 19).replace('T', ' '));
    const done = await building.done;
    expect([done, done.complete, done.records]).toEqual([partial, true, 10_000]);
  });

  it('counts offsets past a byte-order mark', async () => {
    const index = await CsvIndex.build(bomFile, { delimiter: ',', maxRecordBytes: 1 << 20, stride: 10 });
    const { first } = await firstAt(bomFile, index, 0);
    expect(first).toBe('2024-01-01 00:00:00');
    expect((await firstAt(bomFile, index, 250)).first).toBe('2024-01-01 04:10:00');
  });
});
