// M4 in SQL over a stream's stored rows, the cold tier of /history: the same points as
// queryHistory's in-memory M4 (src/stream/history-query.ts) for rows in time order, without its
// gap breaks. Per pixel column and number column: the first, smallest, largest and last non-null
// rows (the first of equal values, by t then rn); per text column the first and last rows.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { HistorySeries } from '../protocol/events.js';
import { rowSelect, valueColumn } from './schema.js';
import type { StoreColumn, StoreM4Request } from './types.js';

export interface StoreM4Answer {
  /** Rows of the pass in [from, to]. */
  rows: number;
  resolution: 'full' | 'm4';
  series: HistorySeries[];
}

export async function m4Series(
  connection: DuckDBConnection,
  table: string,
  columns: readonly StoreColumn[],
  request: StoreM4Request,
): Promise<StoreM4Answer> {
  const { pass, from, to } = request;
  const points = Math.max(1, Math.floor(request.points));
  const range = { pass, from, to };
  const where = 'pass = $pass AND t >= $from AND t <= $to';
  const counted = await connection.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${table} WHERE ${where}`, range);
  const rows = counted.getRows()[0]![0] as number;
  if (rows <= 2 * points) {
    const reader = await connection.runAndReadAll(`SELECT ${rowSelect(columns)} FROM ${table} WHERE ${where} ORDER BY rn`, range);
    const [, , , t, ...values] = reader.getColumns() as (number | string | null)[][];
    return { rows, resolution: 'full', series: columns.map((_, i) => ({ t: (t ?? []) as number[], y: values[i] ?? [] })) };
  }
  // The pixel width and bucket of queryHistory, computed in doubles as JS does.
  const pixel = to > from ? (to - from) / points : 1;
  const kept = columns.map((c, i) => {
    const v = valueColumn(i);
    if (c.type === 'text') return `[min(rn), max(rn)]`;
    const present = `FILTER (WHERE ${v} IS NOT NULL)`;
    return `[min(rn) ${present}, arg_min(rn, (${v}, t, rn)) ${present}, arg_max(rn, (${v}, -t, -rn)) ${present}, max(rn) ${present}]`;
  });
  const reader = await connection.runAndReadAll(
    `WITH r AS (
       SELECT rn, t, ${columns.map((_, i) => valueColumn(i)).join(', ')}, least($last, floor((t - $from) / $pixel)) AS b
       FROM ${table} WHERE ${where}
     ),
     a AS (SELECT ${kept.map((list, i) => `${list} AS k${i}`).join(', ')} FROM r GROUP BY b),
     k AS (${kept.map((_, i) => `SELECT DISTINCT ${i} AS col, unnest(k${i}) AS rn FROM a`).join(' UNION ALL ')})
     SELECT k.col, r.t, ${columns.map((_, i) => `r.${valueColumn(i)}`).join(', ')}
     FROM k JOIN r ON k.rn = r.rn
     ORDER BY k.col, r.t, r.rn`,
    { ...range, last: points - 1, pixel },
  );
  const series: HistorySeries[] = columns.map(() => ({ t: [], y: [] }));
  for (const row of reader.getRows()) {
    const col = row[0] as number;
    const value = row[2 + col] as number | string | null;
    // A null from the list of a column with no value in the pixel column is no point.
    if (columns[col]!.type === 'number' && value === null) continue;
    series[col]!.t.push(row[1] as number);
    series[col]!.y.push(value);
  }
  return { rows, resolution: 'm4', series };
}
