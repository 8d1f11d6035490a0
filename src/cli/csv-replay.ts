// The paced replay of a CSV file that `realtime-graph produce` publishes (to Kafka or to MQTT),
// and the two ways a row is written into a message.
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { csvConfigSchema } from '../sources/csv/config.js';
import { csvSource } from '../sources/csv/source.js';
import { readHeader } from '../sources/csv/file.js';
import { DataDir } from '../sources/data-dir.js';
import type { DataSource } from '../sources/types.js';
import { toNumberOrNull } from '../values/convert.js';
import type { Row } from '../values/row.js';

/** How a CSV file is replayed by a producer (to Kafka or to MQTT). */
export interface ReplayOptions {
  file: string;
  /** Rows per second (default 10); ignored with `speed`. */
  rate?: number | 'unlimited';
  /** Replay at the file's own timestamps (`timestampColumn`), this many times faster. */
  speed?: number;
  timestampColumn?: string;
  loop: boolean;
  logger: Logger;
  signal: AbortSignal;
}

/** The file's header and a paced replay of its rows (the CSV source, as a stream would read it). */
export async function openReplay(options: ReplayOptions): Promise<{ header: string[]; source: DataSource }> {
  const dataDir = await DataDir.open(dirname(options.file));
  const path = await dataDir.resolve(basename(options.file));
  const header = await readHeader(path, ',', 1024 * 1024);
  const source = csvSource.create(
    csvConfigSchema.parse({
      file: basename(options.file),
      loop: options.loop,
      ...(options.speed ? { speed: options.speed, timestampColumn: options.timestampColumn ?? 'timestamp' } : { rate: options.rate ?? 10 }),
    }),
    { streamId: 'produce', dataDir, logger: options.logger, fields: header, notify: () => {} },
  );
  return { header, source };
}

/** Numbers as numbers, empty cells as null, times and text as they are. */
export function typed(header: readonly string[], row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of header) {
    const cell = row[name];
    const number = toNumberOrNull(cell);
    out[name] = number !== null ? number : cell === '' || cell === undefined ? null : cell;
  }
  return out;
}

/** The row as a CSV line, in the header's order (a cell with a quote, comma or line break quoted). */
export function csvLine(header: readonly string[], row: Row): string {
  return header
    .map((name) => {
      const cell = String(row[name] ?? '');
      return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
    })
    .join(',');
}
