// Reads of one stream's committed history (the read connection sees committed rows only).
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { PassSummary } from '../stream/history-store.js';
import { rowSelect } from './schema.js';
import type { StoreColumn, StoredMark, StoredRow } from './types.js';

/** A stored row from a result row of `rowSelect`. */
export function storedRow(row: DuckDBValue[]): StoredRow {
  return {
    rn: row[0] as number,
    seq: row[1] as number,
    pass: row[2] as number,
    t: row[3] as number,
    values: row.slice(4) as (number | string | null)[],
  };
}

async function rowsOf(connection: DuckDBConnection, sql: string, values: Record<string, DuckDBValue>): Promise<StoredRow[]> {
  const reader = await connection.runAndReadAll(sql, values);
  return reader.getRows().map(storedRow);
}

/** The newest `limit` rows, oldest first. */
export function recentRows(
  connection: DuckDBConnection,
  table: string,
  columns: readonly StoreColumn[],
  limit: number,
): Promise<StoredRow[]> {
  return rowsOf(connection, `SELECT * FROM (SELECT ${rowSelect(columns)} FROM ${table} ORDER BY rn DESC LIMIT $limit) ORDER BY rn`, {
    limit: Math.max(0, Math.floor(limit)),
  });
}

/** Up to `limit` rows sent after event `seq`, oldest first. */
export function rowsAfterSeq(
  connection: DuckDBConnection,
  table: string,
  columns: readonly StoreColumn[],
  seq: number,
  limit: number,
): Promise<StoredRow[]> {
  return rowsOf(connection, `SELECT ${rowSelect(columns)} FROM ${table} WHERE seq > $seq ORDER BY rn LIMIT $limit`, {
    seq,
    limit: Math.max(0, Math.floor(limit)),
  });
}

export async function marksFrom(connection: DuckDBConnection, stream: string, fromRn: number): Promise<StoredMark[]> {
  const reader = await connection.runAndReadAll(
    'SELECT rn::DOUBLE, seq::DOUBLE, pass, name, payload FROM marks WHERE stream = $stream AND rn >= $from ORDER BY rn, seq',
    { stream, from: fromRn },
  );
  return reader.getRows().map((row) => ({
    rn: row[0] as number,
    seq: row[1] as number,
    pass: row[2] as number,
    name: row[3] as 'state' | 'alert',
    payload: JSON.parse(row[4] as string) as unknown,
  }));
}

/** The passes stored, in the order they were written, with their time spans. */
export async function passSummaries(connection: DuckDBConnection, table: string): Promise<PassSummary[]> {
  const reader = await connection.runAndReadAll(
    `SELECT pass, min(t), max(t), count(*)::DOUBLE FROM ${table} GROUP BY pass ORDER BY min(rn)`,
  );
  return reader.getRows().map((row) => ({ pass: row[0] as number, from: row[1] as number, to: row[2] as number, rows: row[3] as number }));
}

export async function rowCount(connection: DuckDBConnection, table: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${table}`);
  return reader.getRows()[0]![0] as number;
}
