// `realtime-graph validate --data`: reads every CSV file the config replays, as a replay would,
// and reports per file how many records are good and how many are damaged, by kind, with the
// first lines of each: so a file can be checked before it is served.
import type { LoadedConfig } from '../config/load.js';
import { emptyStats, readCsv, skippedRecords, type CsvFileStats, type DamageKind } from '../sources/csv/file.js';
import { csvConfigSchema, type CsvConfig } from '../sources/csv/config.js';
import type { DataDir } from '../sources/data-dir.js';
import { SourceError } from '../sources/errors.js';

export interface FileScan {
  file: string;
  streams: string[];
  /** Set when the file cannot be replayed at all (missing, unreadable, no header). */
  error?: string;
  stats: CsvFileStats;
}

const KIND_LABELS: [DamageKind, string][] = [
  ['ragged', 'ragged (kept, with gaps)'],
  ['invalidUtf8', 'invalid UTF-8 (kept, as U+FFFD)'],
  ['oversized', 'oversized (skipped)'],
  ['unterminated', 'unterminated quote at the end (skipped)'],
];

/** Scans each distinct CSV file (with its delimiter and record limit) that a stream of `config` replays. */
export async function scanConfiguredFiles(config: LoadedConfig, dataDir: DataDir): Promise<FileScan[]> {
  const byFile = new Map<string, { source: CsvConfig; streams: string[] }>();
  for (const stream of config.streams) {
    if (stream.source.type !== 'csv') continue;
    const source = csvConfigSchema.parse(stripType(stream.source));
    const key = JSON.stringify([source.file, source.delimiter, source.maxRecordBytes]);
    const entry = byFile.get(key) ?? { source, streams: [] };
    entry.streams.push(stream.id);
    byFile.set(key, entry);
  }
  const scans: FileScan[] = [];
  for (const { source, streams } of byFile.values()) {
    const stats = emptyStats();
    const scan: FileScan = { file: source.file, streams, stats };
    try {
      const path = await dataDir.resolve(source.file);
      let header = false;
      const select = () => {
        header = true;
        return undefined; // every field: invalid UTF-8 is found wherever it is
      };
      for await (const _ of readCsv(path, { delimiter: source.delimiter, maxRecordBytes: source.maxRecordBytes, select, stats })) {
        // counted as they are read
      }
      if (!header) scan.error = 'the file is empty (no header row)';
    } catch (error) {
      scan.error = error instanceof SourceError ? error.message : 'the file could not be read';
    }
    scans.push(scan);
  }
  return scans;
}

/** The report, a few lines per file; `failed` when a file cannot be replayed or would lose records. */
export function formatScans(scans: readonly FileScan[]): { text: string; failed: boolean } {
  let failed = false;
  const lines: string[] = [];
  for (const { file, streams, error, stats } of scans) {
    const used = `(stream${streams.length > 1 ? 's' : ''} ${streams.join(', ')})`;
    if (error) {
      failed = true;
      lines.push(`${file} ${used}: ${error}`);
      continue;
    }
    const damaged = KIND_LABELS.filter(([kind]) => stats[kind] > 0);
    lines.push(`${file} ${used}: ${stats.records + skippedRecords(stats)} records, ${stats.good} good${damaged.length === 0 ? '' : ','}`);
    for (const [kind, label] of damaged) {
      const first = stats.lines[kind];
      const more = stats[kind] > first.length ? ', …' : '';
      lines.push(`  ${stats[kind]} ${label}: line${first.length > 1 ? 's' : ''} ${first.join(', ')}${more}`);
    }
    if (skippedRecords(stats) > 0) failed = true;
  }
  return { text: `${lines.join('\n')}\n`, failed };
}

function stripType(source: Record<string, unknown>): Record<string, unknown> {
  const { type: _type, ...rest } = source;
  return rest;
}
