// Loading a stream's stored state when the store is asked for it: its last checkpoint and row
// count, or a new history when its fingerprint (or the stored layout) differs.
import type { DuckDBConnection } from '@duckdb/node-api';
import { createRows, layoutJson } from './schema.js';
import type { RunCheckpoint, StoreLogger, StreamLayout } from './types.js';

export async function loadStream(
  connection: DuckDBConnection,
  layout: StreamLayout,
  table: string,
  logger: StoreLogger,
): Promise<{ checkpoint: RunCheckpoint | undefined; stored: number }> {
  const { stream } = layout;
  const layoutText = layoutJson(layout);
  const found = await connection.runAndReadAll(
    'SELECT fingerprint, layout, run, seq::DOUBLE, rows::DOUBLE, pass, position, extra FROM streams WHERE stream = $stream',
    { stream },
  );
  const row = found.getRows()[0];
  if (row !== undefined && row[0] === layout.fingerprint && row[1] === layoutText) {
    await connection.run(createRows(table, layout.columns));
    const count = await connection.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${table}`);
    const checkpoint: RunCheckpoint | undefined =
      row[2] === null
        ? undefined
        : {
            run: row[2] as string,
            seq: row[3] as number,
            rows: row[4] as number,
            pass: row[5] as number,
            position: JSON.parse(row[6] as string) as unknown,
            extra: JSON.parse(row[7] as string) as unknown,
          };
    return { checkpoint, stored: count.getRows()[0]![0] as number };
  }
  await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run(`DROP TABLE IF EXISTS ${table}`);
    await connection.run('DELETE FROM marks WHERE stream = $stream', { stream });
    await connection.run('DELETE FROM streams WHERE stream = $stream', { stream });
    await connection.run('INSERT INTO streams (stream, fingerprint, layout, updated_at) VALUES ($stream, $fingerprint, $layout, now())', {
      stream,
      fingerprint: layout.fingerprint,
      layout: layoutText,
    });
    await connection.run(createRows(table, layout.columns));
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
  if (row !== undefined) logger.info({ stream }, `${stream}: source, columns or stages changed: a new history starts`);
  return { checkpoint: undefined, stored: 0 };
}
