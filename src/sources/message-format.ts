// The message formats of the broker sources (Kafka messages, MQTT payloads): JSON objects, JSON
// arrays of values, CSV lines; text in, rows out.
import { parse as parseCsv } from 'csv-parse/sync';
import type { Row } from '../values/row.js';

export type MessageFormat = 'json' | 'json-array' | 'csv';

export interface DecodeOptions {
  format: MessageFormat;
  /** Names of the values of a JSON array or a CSV line, in order. */
  fields?: readonly string[];
  delimiter: string;
  /** Larger values are malformed (checked on the bytes, before decoding). */
  maxBytes: number;
}

/**
 * Turns one message value (a Kafka message's) into rows, or undefined when it is malformed (not the configured
 * format, too large, or of the wrong shape): such a message is counted and skipped, never fatal.
 *
 * - `json`: an object is one row; an array of objects is several rows.
 * - `json-array`: an array of values is one row, named by `fields`; an array of arrays is several.
 * - `csv`: one or more lines of values, named by `fields`.
 */
export function decodeMessage(value: Buffer | null, options: DecodeOptions): Row[] | undefined {
  if (value === null || value.length === 0 || value.length > options.maxBytes) return undefined;
  const rows: Row[] = [];
  return decodeTextInto(value.toString('utf8'), options, rows) ? rows : undefined;
}

/**
 * The same for a value already decoded to text, appending the rows to `out` (no array per message
 * on the hot path); false, with `out` unchanged, when the message is malformed.
 */
export function decodeTextInto(text: string, options: DecodeOptions, out: Row[]): boolean {
  switch (options.format) {
    case 'json':
      return appendJsonObjects(parseJson(text), out);
    case 'json-array':
      return appendAll(fromJsonArrays(parseJson(text), options.fields ?? []), out);
    case 'csv':
      return appendAll(fromCsv(text, options.fields ?? [], options.delimiter), out);
  }
}

function appendAll(rows: Row[] | undefined, out: Row[]): boolean {
  if (!rows) return false;
  for (const row of rows) out.push(row);
  return true;
}

const MALFORMED = Symbol('malformed');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return MALFORMED;
  }
}

function isObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function appendJsonObjects(value: unknown, out: Row[]): boolean {
  if (isObject(value)) {
    out.push(value); // the common case: one object per message
    return true;
  }
  return Array.isArray(value) && value.length > 0 && value.every(isObject) && appendAll(value, out);
}

function fromJsonArrays(value: unknown, fields: readonly string[]): Row[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const lines = Array.isArray(value[0]) ? value : [value];
  const rows: Row[] = [];
  for (const line of lines) {
    if (!Array.isArray(line)) return undefined;
    rows.push(zip(fields, line));
  }
  return rows;
}

function fromCsv(text: string, fields: readonly string[], delimiter: string): Row[] | undefined {
  try {
    const lines = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
    return lines.length > 0 ? lines.map((line) => zip(fields, line)) : undefined;
  } catch {
    return undefined;
  }
}

function zip(fields: readonly string[], values: readonly unknown[]): Row {
  const row: Row = {};
  for (let i = 0; i < fields.length; i++) row[fields[i]!] = values[i] ?? null;
  return row;
}
