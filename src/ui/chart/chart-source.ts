import type { ColumnInfo, Threshold } from '../protocol.js';
import type { RowWindow } from './row-window.js';

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
}
