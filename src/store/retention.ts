// Retention of one stream's stored rows: by data time (older than the newest row less durationMs)
// and by an estimate of their size on disk (rows × bytes per row). DuckDB reuses the freed blocks;
// the file does not shrink.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RetentionLimits } from './types.js';

/** Deletes the rows past the limits and the marks before the oldest row kept; returns the rows deleted. */
export async function enforceRetention(
  connection: DuckDBConnection,
  stream: string,
  table: string,
  rowBytes: number,
  limits: RetentionLimits,
): Promise<number> {
  let deleted = 0;
  if (Number.isFinite(limits.durationMs)) {
    const result = await connection.run(`DELETE FROM ${table} WHERE t < (SELECT max(t) FROM ${table}) - $duration`, {
      duration: limits.durationMs,
    });
    deleted += result.rowsChanged;
  }
  if (Number.isFinite(limits.diskBytes)) {
    const keep = Math.max(0, Math.floor(limits.diskBytes / rowBytes));
    // The newest `keep` rows stay (by rn: the order they were written in).
    const result =
      keep === 0
        ? await connection.run(`DELETE FROM ${table}`)
        : await connection.run(
            `DELETE FROM ${table} WHERE rn < (SELECT min(rn) FROM (SELECT rn FROM ${table} ORDER BY rn DESC LIMIT $keep))`,
            {
              keep,
            },
          );
    deleted += result.rowsChanged;
  }
  if (deleted > 0) {
    await connection.run(`DELETE FROM marks WHERE stream = $stream AND rn < (SELECT coalesce(min(rn), 0) FROM ${table})`, { stream });
  }
  // Only the newest checkpoint counts (a stream's checkpoints are one run's: their seqs only grow).
  await connection.run(
    'DELETE FROM checkpoints WHERE stream = $stream AND seq < (SELECT max(seq) FROM checkpoints WHERE stream = $stream)',
    {
      stream,
    },
  );
  return deleted;
}
