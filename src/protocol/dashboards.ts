// The dashboards as clients see them (`GET /api/dashboards`), shared by the daemon and
// <realtime-dashboard>. Types only, so the element's bundle carries no schema library; the config
// schema that fills them is src/config/dashboards.ts.

/** Where a panel sits on the dashboard's grid, in grid units (x across, y down, from 0). */
export interface GridPlace {
  /** The column it starts at; absent: the grid places it after the previous panel. */
  x?: number;
  /** The row it starts at; absent: the grid places it after the previous panel. */
  y?: number;
  w: number;
  h: number;
}

/** How a chart draws its columns: all on one plot, or one plot per unit or per column on one time axis. */
export type ChartLayout = 'overlay' | 'stack' | 'stack-columns';

/** A line chart of one or several streams. */
export interface ChartPanel extends GridPlace {
  type: 'chart';
  title?: string;
  streams: string[];
  /** The columns drawn (of every stream named); absent: all. */
  columns?: string[];
  layout: ChartLayout;
  /** Rows kept per stream. */
  window: number;
}

/** A colour a value tile takes while its value is above or below a level; the last entry that matches wins. */
export interface TileColor {
  above?: number;
  below?: number;
  color: string;
}

/** A column's latest value with its unit, a sparkline of the last minutes, coloured by thresholds. */
export interface ValuePanel extends GridPlace {
  type: 'value';
  title?: string;
  stream: string;
  column: string;
  /** Shown after the value; absent: the column's own unit. */
  unit?: string;
  /** Digits after the decimal point; absent: three significant digits. */
  decimals?: number;
  /** How much data time the sparkline shows, in ms (0: none). */
  sparklineMs: number;
  colors: TileColor[];
}

/** A stream's machine state and the alerts firing, with since when. */
export interface StatePanel extends GridPlace {
  type: 'state';
  title?: string;
  stream: string;
}

export type DashboardPanel = ChartPanel | ValuePanel | StatePanel;

export interface DashboardInfo {
  id: string;
  title: string;
  /** Grid columns across (a narrow screen shows one panel per row instead). */
  columns: number;
  /** Height of one grid row in CSS pixels. */
  rowHeight: number;
  /** The span of history every chart opens on (`1h`, `6h`, `24h`, `7d`, `30d`, `all`); absent: the live rows only. */
  range?: string;
  panels: DashboardPanel[];
}

/** `GET /api/dashboards`. */
export interface DashboardList {
  dashboards: DashboardInfo[];
}
