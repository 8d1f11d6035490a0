// One MQTT payload → the column values it carries (plus its time and message id, when it has them).
import { decodeTextInto } from '../message-format.js';
import type { Row } from '../../values/row.js';
import type { PayloadFormat } from './config.js';

export interface PayloadOptions {
  format: PayloadFormat;
  /** The column a one-value payload fills (number format, or json with a `column` template). */
  column?: string;
  /** csv: names of the values. */
  fields?: readonly string[];
  delimiter: string;
  /** json with a column: the field of an object payload that holds the value. */
  valueField: string;
  /** The field the time is read from, when the time comes from the payload. */
  timeField?: string;
  /** The field that holds a message id or sequence number. */
  idField?: string;
  maxBytes: number;
}

export interface Decoded {
  /** Column → raw value (the pipeline converts and checks types). */
  values: Row;
  time?: unknown;
  id?: unknown;
}

/** The values of a payload, or undefined when it is malformed (wrong format, wrong shape, too large). */
export function decodePayload(payload: Buffer, options: PayloadOptions): Decoded | undefined {
  if (payload.length === 0 || payload.length > options.maxBytes) return undefined;
  const text = payload.toString('utf8');
  switch (options.format) {
    case 'number':
      return options.column === undefined ? undefined : oneNumber(text, options.column);
    case 'json':
      return options.column === undefined ? jsonObject(text, options) : jsonValue(text, options.column, options);
    case 'csv':
      return csvLine(text, options);
  }
}

function oneNumber(text: string, column: string): Decoded | undefined {
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  return Number.isFinite(value) ? { values: { [column]: value } } : undefined;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

function withMeta(values: Row, source: Row, options: PayloadOptions): Decoded {
  return {
    values,
    time: options.timeField === undefined ? undefined : source[options.timeField],
    id: options.idField === undefined ? undefined : source[options.idField],
  };
}

/** An object whose fields are columns. */
function jsonObject(text: string, options: PayloadOptions): Decoded | undefined {
  const parsed = parseJson(text);
  return parsed && isObject(parsed.value) ? withMeta(parsed.value, parsed.value, options) : undefined;
}

/** One value for `column`: a bare JSON value, or an object's `valueField`. */
function jsonValue(text: string, column: string, options: PayloadOptions): Decoded | undefined {
  const parsed = parseJson(text);
  if (!parsed) return undefined;
  const { value } = parsed;
  if (isObject(value)) {
    return Object.hasOwn(value, options.valueField) ? withMeta({ [column]: value[options.valueField] }, value, options) : undefined;
  }
  return Array.isArray(value) ? undefined : { values: { [column]: value } };
}

/** One CSV line, named by `fields`. */
function csvLine(text: string, options: PayloadOptions): Decoded | undefined {
  const rows: Row[] = [];
  const ok = decodeTextInto(
    text,
    { format: 'csv', fields: options.fields ?? [], delimiter: options.delimiter, maxBytes: options.maxBytes },
    rows,
  );
  return ok && rows.length === 1 ? withMeta(rows[0]!, rows[0]!, options) : undefined;
}
