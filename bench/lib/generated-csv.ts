// Writes a large CSV of the benchmarks into data/generated/ (git-ignored) once, then reuses it.
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { dataDir } from './paths.js';

export interface GeneratedCsv {
  /** Relative to the data directory, as stream configs name it. */
  file: string;
  header: readonly string[];
  rows: number;
  /** A file at least this large is taken as already written. */
  minBytes: number;
  /** Row i, without the line break. */
  line(i: number): string;
}

/** The file's path, after writing it unless it is already there. */
export async function ensureGeneratedCsv(spec: GeneratedCsv, log: (message: string) => void): Promise<string> {
  const path = join(dataDir, spec.file);
  if (existsSync(path) && statSync(path).size > spec.minBytes) return path;
  log(`writing ${spec.file} (${spec.rows.toLocaleString('en-US')} rows)…`);
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  out.write(`${spec.header.join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < spec.rows; i++) {
    chunk += `${spec.line(i)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return path;
}
