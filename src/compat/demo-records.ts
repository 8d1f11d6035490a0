// The one place /runPredict reads a CSV file: through the CSV source's public reader.
import { missingColumnsError, readCsv, type CsvRecord } from '../sources/csv/file.js';
import { DEMO_COLUMNS } from './demo-format.js';

/** The original's files were read with Python's defaults; a record beyond this is skipped. */
const MAX_RECORD_BYTES = 1024 * 1024;
/** Read in small steps so that parsing never holds a due row back (see the paced CSV source). */
const CHUNK_BYTES = 16 * 1024;

/**
 * The DEMO_COLUMNS cells of every data record of a CSV file, in batches. A header without one of
 * the columns throws a SourceError naming it (before any record). Where a name appears twice in
 * the header, the last one is read, as a DictReader's dict keeps the last.
 */
export function demoRecords(path: string, shownName: string, signal?: AbortSignal): AsyncGenerator<CsvRecord[]> {
  const select = (header: string[]) => {
    const indexes = DEMO_COLUMNS.map((name) => header.lastIndexOf(name));
    const missing = DEMO_COLUMNS.filter((_, i) => indexes[i] === -1);
    if (missing.length > 0) throw missingColumnsError(missing, header, shownName);
    return indexes;
  };
  return readCsv(path, {
    delimiter: ',',
    maxRecordBytes: MAX_RECORD_BYTES,
    chunkBytes: CHUNK_BYTES,
    select,
    ...(signal ? { signal } : {}),
  });
}
