// The file the store benchmarks replay: `timestamp,n,v`, where n is the row number (to count lost
// and duplicated rows). Rows 0–999,999 are 20 ms apart from 2024-01-01 (5.6 h of data time, inside
// the default 24 h kept); one more row, a year later, makes a replay at its timestamps
// (`timestampColumn`, `speed`) stop after exactly 1,000,000 rows without ending its run. About 40 MB,
// written once into data/generated/ (git-ignored).
import { ensureGeneratedCsv } from './generated-csv.js';

export const SEQUENCE_FILE = 'generated/store_sequence_1m.csv';
/** Rows before the far one. */
export const SEQUENCE_ROWS = 1_000_000;
export const SEQUENCE_COLUMNS = ['timestamp', 'n', 'v'];
export const SEQUENCE_T0 = Date.UTC(2024, 0, 1);
export const SEQUENCE_STEP_MS = 20;
const FAR_MS = 365 * 24 * 3600_000;

export function ensureSequenceFile(log: (message: string) => void): Promise<string> {
  return ensureGeneratedCsv(
    {
      file: SEQUENCE_FILE,
      header: SEQUENCE_COLUMNS,
      rows: SEQUENCE_ROWS + 1,
      minBytes: 30_000_000,
      line: (i) => `${new Date(SEQUENCE_T0 + (i < SEQUENCE_ROWS ? i * SEQUENCE_STEP_MS : FAR_MS)).toISOString()},${i},${(i * 7919) % 1000}`,
    },
    log,
  );
}
