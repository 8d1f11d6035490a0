// The range of each column of a CSV file, for the learned scale's pre-scan, which reads the whole
// file before the first row. Its result depends only on the file's content and what was asked, so
// it is kept per file version: a new run of an unchanged file (a replay restarted, a reload that
// changed only a rule) starts without reading it twice.
import { stat } from 'node:fs/promises';
import { toNumberOrNull } from '../../values/convert.js';
import { readCsv } from './file.js';

export type Ranges = Map<string, { min: number; max: number }>;

/** A file version as the file system tells it: a rewrite or a touch changes size or mtime. */
async function fileVersion(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.size}:${info.mtimeMs}:${info.ino}`;
}

/** The most recently used pre-scans, at most `capacity` of them (least recently used dropped first). */
export class RangeCache {
  private readonly entries = new Map<string, Ranges>();

  constructor(readonly capacity = 32) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError(`capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The ranges of `path` for `question` (the fields and read options asked), from the cache when the
   * file is the version scanned; otherwise `scan()`, kept only when the file did not change during it.
   */
  async get(path: string, question: string, scan: () => Promise<Ranges>): Promise<Ranges> {
    const before = await fileVersion(path);
    const key = JSON.stringify([path, before, question]);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // re-inserted: most recent last
      this.entries.set(key, hit);
      return copy(hit);
    }
    const ranges = await scan();
    if ((await fileVersion(path)) === before) {
      this.entries.set(key, copy(ranges));
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return ranges;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Callers get their own maps and range objects: nothing they do changes what is cached. */
function copy(ranges: Ranges): Ranges {
  return new Map([...ranges].map(([name, range]) => [name, { ...range }]));
}

/** Shared by every CSV source of the process (keys are file versions, so streams never see each other's files). */
export const csvRanges = new RangeCache(32);

/** The range of each field's numeric cells (after `startRow` data rows), read in one pass. */
export async function scanRanges(
  file: string,
  names: readonly string[],
  options: { delimiter: string; maxRecordBytes: number; startRow: number },
  signal: AbortSignal,
): Promise<Ranges> {
  let found: string[] = [];
  const min = names.map(() => Number.POSITIVE_INFINITY);
  const max = names.map(() => Number.NEGATIVE_INFINITY);
  let seen = 0;
  const records = readCsv(file, {
    delimiter: options.delimiter,
    maxRecordBytes: options.maxRecordBytes,
    chunkBytes: 256 * 1024,
    select: (header) => {
      found = names.filter((n) => header.includes(n));
      return found.map((n) => header.indexOf(n));
    },
    signal,
  });
  for await (const batch of records) {
    for (const cells of batch) {
      if (seen++ < options.startRow) continue;
      for (let i = 0; i < cells.length; i++) {
        const x = toNumberOrNull(cells[i]);
        if (x === null) continue;
        if (x < min[i]!) min[i] = x;
        if (x > max[i]!) max[i] = x;
      }
    }
  }
  const out = new Map<string, { min: number; max: number }>();
  found.forEach((name, i) => {
    if (min[i]! <= max[i]!) out.set(name, { min: min[i]!, max: max[i]! });
  });
  return out;
}
