import type { ColumnInfo, StatesInfo, Threshold } from '../../protocol/events.js';
import type { LinePoints } from '../../values/m4-decimation.js';
import type { RowWindow } from './row-window.js';
import type { StreamMarks } from './stream-marks.js';

/**
 * One stream's part of a chart: its window of rows, the series of the window it draws (indices
 * into the window's columns, in trace order), those series' columns as the legend names them, and
 * the stream's thresholds. A chart draws its sources' traces one source after the other.
 */
export interface ChartSource {
  rows: RowWindow;
  series: number[];
  columns: ColumnInfo[];
  thresholds: Threshold[];
  /** The stream's state changes and alert transitions, and how its states are drawn. */
  marks: StreamMarks;
  states: StatesInfo | null;
  /** Put before the stream's legend names (`pump-1 · ` in a chart of several streams), or empty. */
  label: string;
  /** The daemon's history before the window's oldest row, one line per drawn series (see StreamFeed.pastLines). */
  past?: () => LinePoints[];
}
