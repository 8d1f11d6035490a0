import { utimes, writeFile } from 'node:fs/promises';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normalizeStream, streamSchema } from '../../../src/config/schema.js';
import { runPipeline } from '../../../src/pipeline/stage.js';
import { DataDir } from '../../../src/sources/data-dir.js';
import { csvRanges, RangeCache, type Ranges } from '../../../src/sources/csv/ranges.js';
import { defaultPlugins } from '../../../src/plugins.js';
import { defaultRegistry } from '../../../src/sources/registry.js';
import { stagesForRun, streamTimeName } from '../../../src/pipeline/run-pipeline.js';
import { rowsOf } from '../../../src/values/row.js';
import { tempDir } from '../../helpers/temp.js';

const logger = pino({ level: 'silent' });
const registry = defaultRegistry();
let dir: Awaited<ReturnType<typeof tempDir>>;
let dataDir: DataDir;

/** A fixed mtime (whole seconds, so that setting it again gives the very same mtimeMs). */
const MTIME = new Date('2026-01-01T00:00:00Z');

function csv(values: number[]): string {
  return `timestamp,a\n${values.map((v, i) => `2024-01-01 00:0${i}:00,${v}`).join('\n')}\n`;
}

async function writeAt(name: string, content: string, mtime = MTIME): Promise<string> {
  const file = dir.path('data', name);
  await writeFile(file, content);
  await utimes(file, mtime, mtime);
  return file;
}

/** One run of a stream scaling column `a` with the learned range, as a channel runs it: the scaled values. */
async function scaledRun(file: string, extra: Record<string, unknown> = {}): Promise<unknown[]> {
  const raw = {
    id: 's',
    source: { type: 'csv', file, rate: 'unlimited', ...extra },
    columns: ['timestamp', 'a'],
    stages: [{ type: 'scale', column: 'a' }],
  };
  const config = normalizeStream(streamSchema(defaultPlugins(registry)).parse(raw), 'test.yaml');
  const signal = new AbortController().signal;
  const source = registry
    .get('csv')!
    .create(config.source, { streamId: 's', dataDir, logger, fields: ['timestamp', 'a'], notify: () => {} });
  const { stage } = await stagesForRun(config, { timeName: streamTimeName(config, []), source, signal, mark: () => {} });
  const out: unknown[] = [];
  for await (const item of source.read(signal)) out.push(...runPipeline(stage, rowsOf(item)).rows.map((r) => r.a_scaled));
  return out;
}

beforeAll(async () => {
  dir = await tempDir();
  await dir.write('data/.keep', '');
  dataDir = await DataDir.open(dir.path('data'));
});
afterAll(() => dir.remove());
beforeEach(() => csvRanges.clear());

describe('the learned scale of a CSV file', () => {
  it("is the whole file's range, learned before the first row", async () => {
    await writeAt('v.csv', csv([10, 15, 20]));
    expect(await scaledRun('v.csv')).toEqual([0, 0.5, 1]);
  });

  it('is not scanned again for a new run of the same file version (same size and mtime)', async () => {
    await writeAt('same.csv', csv([10, 15, 20]));
    expect(await scaledRun('same.csv')).toEqual([0, 0.5, 1]);
    // Same size, same mtime, other content: only a cached range can still say 10–20.
    await writeAt('same.csv', csv([10, 15, 30]));
    expect(await scaledRun('same.csv')).toEqual([0, 0.5, 2]);
  });

  it('is scanned again once the file is touched', async () => {
    await writeAt('touched.csv', csv([10, 15, 20]));
    expect(await scaledRun('touched.csv')).toEqual([0, 0.5, 1]);
    await writeAt('touched.csv', csv([10, 15, 30]), new Date(MTIME.getTime() + 1000));
    expect(await scaledRun('touched.csv')).toEqual([0, 0.25, 1]);
  });

  it('is scanned again once the file is rewritten with another size, even at the same mtime', async () => {
    await writeAt('rewritten.csv', csv([10, 15, 20]));
    expect(await scaledRun('rewritten.csv')).toEqual([0, 0.5, 1]);
    await writeAt('rewritten.csv', csv([10, 15, 110]));
    expect(await scaledRun('rewritten.csv')).toEqual([0, 0.05, 1]);
  });

  it('is cached per question: another startRow is its own scan', async () => {
    await writeAt('start.csv', csv([0, 10, 15, 20]));
    expect(await scaledRun('start.csv')).toEqual([0, 0.5, 0.75, 1]);
    expect(await scaledRun('start.csv', { startRow: 1 })).toEqual([0, 0.5, 1]);
  });
});

describe('RangeCache', () => {
  const range = (min: number): Ranges => new Map([['a', { min, max: min + 1 }]]);

  it('keeps the most recently used, dropping the least recently used beyond its capacity', async () => {
    const cache = new RangeCache(2);
    const files = { a: await writeAt('a.csv', 'a\n1\n'), b: await writeAt('b.csv', 'a\n2\n'), c: await writeAt('c.csv', 'a\n3\n') };
    const scans: string[] = [];
    const get = (name: keyof typeof files) =>
      cache.get(files[name], 'q', async () => {
        scans.push(name);
        return range(scans.length);
      });
    await get('a');
    await get('b');
    await get('a'); // a hit: a is now the most recent
    await get('c'); // drops b
    await get('a'); // still there
    await get('b'); // scanned again, drops c
    await get('c');
    expect(scans).toEqual(['a', 'b', 'c', 'b', 'c']);
    expect(cache.size).toBe(2);
  });

  it('does not keep a scan during which the file changed', async () => {
    const cache = new RangeCache();
    const file = await writeAt('moving.csv', 'a\n1\n');
    let scans = 0;
    const scan = async () => {
      scans++;
      if (scans === 1) await utimes(file, new Date(), new Date()); // written to while it is read
      return range(scans);
    };
    expect((await cache.get(file, 'q', scan)).get('a')).toEqual({ min: 1, max: 2 });
    expect(cache.size).toBe(0);
    expect((await cache.get(file, 'q', scan)).get('a')).toEqual({ min: 2, max: 3 });
    expect(cache.size).toBe(1);
    expect((await cache.get(file, 'q', scan)).get('a')).toEqual({ min: 2, max: 3 });
    expect(scans).toBe(2);
  });

  it('hands out copies: a caller changing its ranges changes nothing cached', async () => {
    const cache = new RangeCache();
    const file = await writeAt('copy.csv', 'a\n1\n');
    const scanned = await cache.get(file, 'q', async () => range(5));
    scanned.get('a')!.min = -100;
    const hit = await cache.get(file, 'q', async () => range(9));
    expect(hit.get('a')).toEqual({ min: 5, max: 6 });
    hit.get('a')!.max = 100;
    hit.delete('a');
    expect((await cache.get(file, 'q', async () => range(9))).get('a')).toEqual({ min: 5, max: 6 });
  });
});
