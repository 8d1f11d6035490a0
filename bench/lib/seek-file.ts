// The file the seek benchmark replays: 1,000,000 rows of the pump columns, one minute apart from
// 2024-03-11 00:00 (about 38 MB). Written once into data/generated/ (git-ignored), then reused.
import { ensureGeneratedCsv } from './generated-csv.js';

export const SEEK_FILE = 'generated/seek_1m.csv';
export const SEEK_ROWS = 1_000_000;
export const SEEK_COLUMNS = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'];
const START = Date.UTC(2024, 2, 11);

/** The time of row i on the wire. */
export const seekRowTime = (i: number) => START + i * 60_000;

export function ensureSeekFile(log: (message: string) => void): Promise<string> {
  return ensureGeneratedCsv(
    {
      file: SEEK_FILE,
      header: SEEK_COLUMNS,
      rows: SEEK_ROWS,
      minBytes: 30_000_000,
      line: (i) =>
        `${new Date(seekRowTime(i)).toISOString().slice(0, 19).replace('T', ' ')},${((i * 7) % 1000) / 1000},${((i * 13) % 1000) / 1000},${((i * 17) % 1000) / 1000}`,
    },
    log,
  );
}
