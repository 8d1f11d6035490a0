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
  const found = await connection.runAndReadAll('SELECT fingerprint, layout FROM streams WHERE stream = $stream', { stream });
  const row = found.getRows()[0];
  if (row !== undefined && row[0] === layout.fingerprint && row[1] === layoutText) {
    await connection.run(createRows(table, layout.columns));
    const count = await connection.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${table}`);
    // The newest checkpoint: a stream's checkpoints are one run's (a new run deletes the old
    // ones in its first commit), so their seqs and row counts only grow; `written_ms` breaks a tie.
    const newest = await connection.runAndReadAll(
      'SELECT run, seq::DOUBLE, rows::DOUBLE, pass, position, extra FROM checkpoints WHERE stream = $stream ORDER BY seq DESC, rows DESC, written_ms DESC LIMIT 1',
      { stream },
    );
    const c = newest.getRows()[0];
    const checkpoint: RunCheckpoint | undefined =
      c === undefined
        ? undefined
        : {
            run: c[0] as string,
            seq: c[1] as number,
            rows: c[2] as number,
            pass: c[3] as number,
            position: JSON.parse(c[4] as string) as unknown,
            extra: JSON.parse(c[5] as string) as unknown,
          };
    return { checkpoint, stored: count.getRows()[0]![0] as number };
  }
  await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run(`DROP TABLE IF EXISTS ${table}`);
    await connection.run('DELETE FROM marks WHERE stream = $stream', { stream });
    await connection.run('DELETE FROM checkpoints WHERE stream = $stream', { stream });
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
