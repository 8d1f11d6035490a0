// The file the browser history benchmark replays: 33 hours of a 10 rows/s stream (1,200,000 rows,
// 100 ms apart from 2024-03-11 00:00 UTC, 3 value columns; about 55 MB), so that the daemon's
// history can hold 24 h (864,000 rows) with rows left to go on live.
import { ensureGeneratedCsv } from './generated-csv.js';

export const DAY_FILE = 'generated/day_10hz.csv';
export const DAY_STEP_MS = 100;
/** 24 hours at 10 rows/s. */
export const DAY_ROWS = 864_000;
const FILE_ROWS = 1_200_000;
export const DAY_COLUMNS = ['timestamp', 'sensor_04', 'sensor_18', 'sensor_34'];
const START = Date.UTC(2024, 2, 11);

export function ensureDayFile(log: (message: string) => void): Promise<string> {
  return ensureGeneratedCsv(
    {
      file: DAY_FILE,
      header: DAY_COLUMNS,
      rows: FILE_ROWS,
      minBytes: 50_000_000,
      // Slow waves with a little deterministic noise: M4 has something to keep in every pixel column.
      line: (i) =>
        `${new Date(START + i * DAY_STEP_MS).toISOString()},${(Math.sin(i / 36_000) + ((i * 7) % 100) / 500).toFixed(4)},` +
        `${(Math.cos(i / 9000) * 2).toFixed(4)},${((i % 6000) / 60).toFixed(2)}`,
    },
    log,
  );
}
