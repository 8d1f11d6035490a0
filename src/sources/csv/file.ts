import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CsvTokenizer, type BadRecordKind } from './tokenizer.js';
import { SourceError } from '../errors.js';

/** What a read of a CSV file found, by kind of record. */
export interface CsvFileStats {
  /** Data records delivered (the header excluded), ragged ones and ones with invalid UTF-8 included. */
  records: number;
  /** Data records with as many fields as the header, all of them UTF-8. */
  good: number;
  /** Records with more or fewer fields than the header (delivered: missing fields are gaps). */
  ragged: number;
  /** Records that held bytes that are not UTF-8 (delivered, with U+FFFD in their place). */
  invalidUtf8: number;
  /** Records longer than the limit (skipped). */
  oversized: number;
  /** A quoted field still open at the end of the file (that record is skipped). */
  unterminated: number;
  /** The first few lines where each kind of damaged record starts. */
  lines: Record<DamageKind, number[]>;
}

export type DamageKind = 'ragged' | 'invalidUtf8' | BadRecordKind;

/** How many line numbers are kept per kind of damage. */
const LINES_KEPT = 5;

export function emptyStats(): CsvFileStats {
  return {
    records: 0,
    good: 0,
    ragged: 0,
    invalidUtf8: 0,
    oversized: 0,
    unterminated: 0,
    lines: { ragged: [], invalidUtf8: [], oversized: [], unterminated: [] },
  };
}

/** Records skipped (not delivered) in `stats`. */
export function skippedRecords(stats: CsvFileStats): number {
  return stats.oversized + stats.unterminated;
}

export interface CsvReadOptions {
  delimiter: string;
  /** A record longer than this many bytes is skipped. */
  maxRecordBytes: number;
  /**
   * Bytes read and tokenized in one step: large for throughput, small where latency matters (a
   * paced replay), since one step holds the event loop.
   */
  chunkBytes?: number;
  /** Given the header, the indexes of the fields to deliver (in that order); undefined delivers all. */
  select?: (header: string[]) => number[] | undefined;
  /** Counts are added here as the file is read (the caller may read them at any time). */
  stats?: CsvFileStats;
  /** Called once per kind of damage, at the first record of that kind. */
  onFirstDamage?: (kind: DamageKind, line: number) => void;
  /** Called for each delivered record with the byte where it starts (for an index of the file). */
  onRecord?: (fields: CsvRecord, offset: number, line: number) => void;
  /** Start at a record boundary in the middle of the file (from an index), with the header already known. */
  from?: CsvStart;
  signal?: AbortSignal;
}

/** A record boundary to read a file from: its byte offset, its line, and the file's header. */
export interface CsvStart {
  offset: number;
  line: number;
  header: readonly string[];
}

/** One projected record: the selected fields, undefined where a short record lacks one. */
export type CsvRecord = (string | undefined)[];

/**
 * Reads a CSV file as batches of records (those tokenized from one chunk of the file), after its
 * header. The file is streamed, never read whole: memory stays within a few chunks and
 * `maxRecordBytes`, whatever the file holds. Bytes that are not UTF-8 become U+FFFD, a UTF-8 BOM
 * is dropped. A file that cannot be read throws a `SourceError`.
 */
export async function* readCsv(path: string, options: CsvReadOptions): AsyncGenerator<CsvRecord[]> {
  const stats = options.stats ?? emptyStats();
  const from = options.from;
  const tokenizer = new CsvTokenizer({
    delimiter: options.delimiter,
    maxRecordBytes: options.maxRecordBytes,
    startOffset: from?.offset,
    startLine: from?.line,
  });
  let header: string[] | undefined;
  let width = 0;
  if (from) {
    header = [...from.header];
    width = header.length;
    tokenizer.project(options.select?.(header));
  }
  let batch: CsvRecord[] = [];
  // A BOM is not given to the tokenizer: the file offsets it counts are this much further on.
  let bomBytes = 0;
  // Set while the text being tokenized may hold replacement characters.
  let replaced = false;
  const damage = (kind: DamageKind, line: number) => {
    const lines = stats.lines[kind];
    if (lines.length === 0) options.onFirstDamage?.(kind, line);
    if (lines.length < LINES_KEPT) lines.push(line);
  };
  const sink = {
    record(fields: CsvRecord, fieldCount: number, line: number, offset: number) {
      if (header === undefined) {
        header = fields.map((name) => (name ?? '').trim());
        width = header.length;
        tokenizer.project(options.select?.(header));
        return;
      }
      stats.records++;
      let good = true;
      if (fieldCount !== width) {
        good = false;
        stats.ragged++;
        damage('ragged', line);
      }
      if (replaced && fields.some((f) => f?.includes('\uFFFD'))) {
        good = false;
        stats.invalidUtf8++;
        damage('invalidUtf8', line);
      }
      if (good) stats.good++;
      options.onRecord?.(fields, offset + bomBytes, line);
      batch.push(fields);
    },
    bad(kind: BadRecordKind, line: number) {
      stats[kind]++;
      damage(kind, line);
    },
  };

  // One buffer, reused for every read: the tokenizer copies what it keeps, so reading a file of
  // any size makes no garbage of its own (a stream's fresh chunk per read piles up outside the
  // heap until a collection, tens of MB while a long record is skipped).
  const buffer = Buffer.allocUnsafe(options.chunkBytes ?? 256 * 1024);
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    for (let first = true, position = from?.offset ?? 0; ; first = false) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      let chunk = buffer.subarray(0, bytesRead);
      if (first && !from && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3); // a BOM
        bomBytes = 3;
      }
      // Only a chunk that is not valid UTF-8 can yield U+FFFD (a character split between two
      // chunks makes both look invalid: the check of the records then tells).
      const invalid = !isUtf8(chunk);
      replaced ||= invalid; // a record that started in the previous chunk is checked too
      tokenizer.push(chunk, sink);
      replaced = invalid;
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield out;
      }
    }
    tokenizer.end(sink);
    if (batch.length > 0) yield batch;
  } catch (error) {
    if (options.signal?.aborted || error instanceof SourceError) throw error;
    throw new SourceError('the file could not be read');
  } finally {
    await file?.close();
  }
}

/** The error for columns that a file's header lacks: it names them, the file, and what the header has. */
export function missingColumnsError(missing: readonly string[], header: readonly string[], file: string): SourceError {
  const shown = header.length > 12 ? `${header.slice(0, 12).join(', ')}, …` : header.join(', ');
  return new SourceError(
    `column${missing.length > 1 ? 's' : ''} ${missing.map((m) => JSON.stringify(m)).join(', ')} not found in ${file} (it has: ${shown})`,
  );
}

/** Reads just the header record of a CSV file (names trimmed): the file's first chunk, mostly. */
export async function readHeader(path: string, delimiter: string, maxRecordBytes: number): Promise<string[]> {
  let header: string[] | undefined;
  const select = (names: string[]) => {
    header = names;
    return [];
  };
  try {
    for await (const _ of readCsv(path, { delimiter, maxRecordBytes, chunkBytes: 64 * 1024, select })) break;
  } catch {
    throw new SourceError('the header row could not be read');
  }
  if (header === undefined) throw new SourceError('the file is empty (no header row)');
  return header;
}

/**
 * Counts line breaks (LF, CRLF, or a lone CR) without parsing: an estimate of the records (a line
 * break inside a quoted field counts too).
 */
export async function countLines(path: string, signal: AbortSignal): Promise<number> {
  let lines = 0;
  let last = -1;
  const stream = createReadStream(path, { signal, highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) if (chunk[i + 1] !== 10) lines++;
    // A CR that ended the previous chunk and an LF that starts this one are one line break.
    if (last === 13 && chunk[0] === 10) lines--;
    last = chunk[chunk.length - 1] ?? last;
  }
  return last === -1 || last === 10 || last === 13 ? lines : lines + 1; // + a last line without a break
}
