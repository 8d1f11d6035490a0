// The file the seek benchmark replays: 1,000,000 rows of the pump columns, one minute apart from
// 2024-03-11 00:00 (about 38 MB). Written once into data/generated/ (git-ignored), then reused.
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { dataDir } from './paths.js';

export const SEEK_FILE = 'generated/seek_1m.csv';
export const SEEK_ROWS = 1_000_000;
export const SEEK_COLUMNS = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'];
const START = Date.UTC(2024, 2, 11);

/** The time of row i on the wire. */
export const seekRowTime = (i: number) => START + i * 60_000;

export async function ensureSeekFile(log: (message: string) => void): Promise<string> {
  const path = join(dataDir, SEEK_FILE);
  if (existsSync(path) && statSync(path).size > 30_000_000) return path;
  log(`writing ${SEEK_FILE} (${SEEK_ROWS.toLocaleString('en-US')} rows)…`);
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  out.write(`${SEEK_COLUMNS.join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < SEEK_ROWS; i++) {
    const time = new Date(seekRowTime(i)).toISOString().slice(0, 19).replace('T', ' ');
    chunk += `${time},${((i * 7) % 1000) / 1000},${((i * 13) % 1000) / 1000},${((i * 17) % 1000) / 1000}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return path;
}
