// The file the store benchmarks replay: 2,000,000 rows `timestamp,n,v`, where n is the row number
// (to count lost and duplicated rows) and rows are 20 ms apart from 2024-01-01 (11 h of data time,
// inside the default 24 h kept). About 80 MB, written once into data/generated/ (git-ignored).
import { ensureGeneratedCsv } from './generated-csv.js';

export const SEQUENCE_FILE = 'generated/store_sequence_2m.csv';
export const SEQUENCE_ROWS = 2_000_000;
export const SEQUENCE_COLUMNS = ['timestamp', 'n', 'v'];
export const SEQUENCE_T0 = Date.UTC(2024, 0, 1);
export const SEQUENCE_STEP_MS = 20;

export function ensureSequenceFile(log: (message: string) => void): Promise<string> {
  return ensureGeneratedCsv(
    {
      file: SEQUENCE_FILE,
      header: SEQUENCE_COLUMNS,
      rows: SEQUENCE_ROWS,
      minBytes: 60_000_000,
      line: (i) => `${new Date(SEQUENCE_T0 + i * SEQUENCE_STEP_MS).toISOString()},${i},${(i * 7919) % 1000}`,
    },
    log,
  );
}
