// Table and column names, and the DDL of the store. User text (stream ids, column names) never
// reaches SQL unquoted: a rows table is named from a hash of its stream id, and its value columns
// are numbered (v0, v1, …) in layout order; the names live in the layout JSON of `streams`.
import { createHash } from 'node:crypto';
import type { StoreColumn, StreamLayout } from './types.js';

/** The rows table of a stream: `rows_` and 16 hex digits of the SHA-256 of its id. */
export function rowsTable(stream: string): string {
  return `rows_${createHash('sha256').update(stream).digest('hex').slice(0, 16)}`;
}

/** The SQL name of value column `i` of a rows table. */
export function valueColumn(i: number): string {
  return `v${i}`;
}

export const CREATE_STREAMS = `CREATE TABLE IF NOT EXISTS streams (
  stream VARCHAR PRIMARY KEY,
  fingerprint VARCHAR NOT NULL,
  layout VARCHAR NOT NULL,
  run VARCHAR,
  seq BIGINT,
  rows BIGINT,
  pass INTEGER,
  position VARCHAR,
  extra VARCHAR,
  updated_at TIMESTAMP
)`;

/**
 * A stream's checkpoints, appended one per commit (an append costs DuckDB a third of an UPDATE of
 * one row); the newest counts, the older ones are pruned with retention. `written_ms`: when, in epoch ms.
 */
export const CREATE_CHECKPOINTS = `CREATE TABLE IF NOT EXISTS checkpoints (
  stream VARCHAR NOT NULL,
  run VARCHAR NOT NULL,
  seq BIGINT NOT NULL,
  rows BIGINT NOT NULL,
  pass INTEGER NOT NULL,
  position VARCHAR,
  extra VARCHAR,
  written_ms DOUBLE NOT NULL
)`;

export const CREATE_MARKS = `CREATE TABLE IF NOT EXISTS marks (
  stream VARCHAR NOT NULL,
  rn BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  pass INTEGER NOT NULL,
  name VARCHAR NOT NULL,
  payload VARCHAR
)`;

export function createRows(table: string, columns: readonly StoreColumn[]): string {
  const values = columns.map((c, i) => `, ${valueColumn(i)} ${c.type === 'number' ? 'DOUBLE' : 'VARCHAR'}`).join('');
  return `CREATE TABLE IF NOT EXISTS ${table} (rn BIGINT NOT NULL, seq BIGINT NOT NULL, pass INTEGER NOT NULL, t DOUBLE NOT NULL${values})`;
}

/** The layout as stored: what decides whether a stored history still fits. */
export function layoutJson(layout: StreamLayout): string {
  return JSON.stringify({ timeName: layout.timeName, columns: layout.columns.map((c) => ({ name: c.name, type: c.type })) });
}

/** The select list of a stored row: rn, seq, pass, t, v0…, with the integers as doubles (JS numbers). */
export function rowSelect(columns: readonly StoreColumn[]): string {
  return ['rn::DOUBLE AS rn', 'seq::DOUBLE AS seq', 'pass', 't', ...columns.map((_, i) => valueColumn(i))].join(', ');
}
