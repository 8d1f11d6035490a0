/** How a stream's column is read from its source and shown. */
export interface ColumnSpec {
  /** Field name in the source. */
  from: string;
  /** Name on the wire and in the chart legend. */
  as: string;
  /** `time` becomes an ISO-8601 string, `number` a number or null, `text` a string or null. */
  type: 'time' | 'number' | 'text';
  /** Which y-axis the chart draws it on. */
  axis: 'y' | 'y2';
  /** The unit of its values, if given (axis title, hover, tiles). */
  unit?: string;
  /** false: a chart draws it only when chosen (the pipeline reads it like any column). */
  draw?: false;
}

/** The column that gives the x-axis, if any. */
export function timeColumn(columns: readonly ColumnSpec[]): ColumnSpec | undefined {
  return columns.find((c) => c.type === 'time');
}

/** The columns drawn as series, in order. */
export function valueColumns(columns: readonly ColumnSpec[]): ColumnSpec[] {
  return columns.filter((c) => c.type !== 'time');
}
