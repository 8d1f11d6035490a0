import { createReadStream } from 'node:fs';
import { parse, type Options as CsvOptions, type Parser } from 'csv-parse';
import { SourceError } from './types.js';

/** Options shared by every parse of a CSV file, so the header and the rows are read the same way. */
export function csvOptions(delimiter: string, maxRecordBytes: number): CsvOptions {
  return {
    delimiter,
    bom: true,
    trim: false,
    relax_column_count: true, // ragged rows: missing cells become gaps, extra cells are ignored
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: maxRecordBytes,
  };
}

/**
 * A csv-parse stream over a file; a read error (e.g. permissions) surfaces as a parser error.
 * csv-parse parses a whole chunk in one go, so `chunkBytes` bounds how long one parse step holds
 * the event loop: large for throughput, small where latency matters (a paced replay).
 */
export function parseFile(path: string, options: CsvOptions, chunkBytes = 256 * 1024): Parser {
  const file = createReadStream(path, { highWaterMark: chunkBytes });
  const parser = parse(options);
  file.on('error', (error) => parser.destroy(error));
  parser.on('close', () => file.destroy());
  return file.pipe(parser);
}

/** Reads just the header record of a CSV file. */
export async function readHeader(path: string, delimiter: string, maxRecordBytes: number): Promise<string[]> {
  const parser = parseFile(path, { ...csvOptions(delimiter, maxRecordBytes), to: 1 });
  try {
    for await (const record of parser as AsyncIterable<string[]>) return record.map((name) => name.trim());
  } catch {
    throw new SourceError('the header row could not be read');
  } finally {
    parser.destroy();
  }
  throw new SourceError('the file is empty (no header row)');
}

/** Counts line breaks (LF, or lone CR for old Mac files) without parsing: an estimate of the rows. */
export async function countLines(path: string, signal: AbortSignal): Promise<number> {
  let lf = 0;
  let cr = 0;
  let last = -1;
  const stream = createReadStream(path, { signal, highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lf++;
    if (lf === 0) for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) cr++;
    last = chunk[chunk.length - 1] ?? last;
  }
  const lines = lf > 0 ? lf : cr;
  return last === -1 || last === 10 || last === 13 ? lines : lines + 1; // + a last line without a break
}

/**
 * Records of a parser as an async iterable of arrays (every record parsed since the last step).
 * Unlike the stream's own iterator, records parsed before an error are all yielded before the
 * error is thrown, so a bad line near the end of a file does not swallow the good rows before it.
 * The parser is paused while `highWater` records wait, so memory stays bounded when the consumer
 * is slower (e.g. a paced replay).
 */
export async function* recordBatches<T>(parser: Parser, highWater = 1024): AsyncGenerator<T[]> {
  let queue: T[] = [];
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  parser.on('data', (record: T) => {
    queue.push(record);
    if (queue.length >= highWater) parser.pause();
    notify();
  });
  parser.on('error', (error) => {
    failure ??= error;
    notify();
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  parser.on('close', () => {
    ended = true;
    notify();
  });
  try {
    for (;;) {
      if (queue.length > 0) {
        const batch = queue;
        queue = [];
        if (parser.isPaused()) parser.resume();
        yield batch;
      } else if (failure !== undefined) {
        throw failure;
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    parser.destroy();
  }
}
