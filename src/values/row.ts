// A row as sources deliver it and stages pass it on, below both sources and the pipeline.

/** One record from a source: field name → raw value (strings from CSV, any JSON value from Kafka). */
export type Row = Record<string, unknown>;

/** Rows yielded together, with where each came from in a partitioned log (Kafka). */
export interface PositionedRows extends Array<Row> {
  /** `[partition, offset, partition, offset, …]`: one pair per row, in row order. */
  positions?: number[];
  /**
   * Rows from before the run's live start, read to fill its history (a Kafka stream's seed): they
   * pass through the pipeline into the history, and are not sent to viewers as live events.
   */
  backfill?: boolean;
}

/** The rows of one item that `DataSource.read` yielded (a row, or rows available together). */
export function rowsOf(item: Row | readonly Row[]): readonly Row[] {
  return Array.isArray(item) ? (item as readonly Row[]) : [item as Row];
}

/** The log positions of an item's rows, when its source gives them. */
export function positionsOf(item: Row | readonly Row[]): number[] | undefined {
  return Array.isArray(item) ? (item as PositionedRows).positions : undefined;
}

/** Whether an item's rows are backfill (see PositionedRows.backfill). */
export function isBackfill(item: Row | readonly Row[]): boolean {
  return Array.isArray(item) && (item as PositionedRows).backfill === true;
}
