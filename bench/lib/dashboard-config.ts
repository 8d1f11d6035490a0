// The daemon configs of the dashboard benchmarks: pumps replaying the generated pump file, a stream
// of all 52 sensors with units, and a dashboard of 4 pumps × (2 value tiles + 3 charts).
import { LARGE_FILE } from './pump-file.js';

export const OPERATOR_TOKEN = 'bench-operator-token-0123456789';
export const PUMPS = ['pump-a', 'pump-b', 'pump-c', 'pump-d'];

/** The 52 sensors' units in 5 groups, as the default config's pump-sensors stream has them. */
export function sensorUnit(index: number): string {
  if (index === 0) return 'bar';
  if (index === 4) return 'A';
  if (index >= 5 && index <= 13) return '%';
  if (index >= 14 && index <= 36) return 'mV';
  return '°C'; // 1–3 and 37–51
}

export const ALL_SENSORS = Array.from({ length: 52 }, (_, i) => ({
  column: `sensor_${String(i).padStart(2, '0')}`,
  unit: sensorUnit(i),
}));

/** Each pump chart's columns (one chart per entry), and the value tiles' columns. */
export const PUMP_CHARTS = [
  ['sensor_00', 'sensor_04'],
  ['sensor_10', 'sensor_14'],
  ['sensor_37', 'sensor_50'],
];
export const PUMP_TILES = ['sensor_04', 'sensor_37'];

/** A stream of the generated pump file at `rate` rows/s, `columns` of it with their units. */
export function pumpStream(id: string, columns: { column: string; unit: string }[], rate: number, history: number) {
  return {
    id,
    autostart: true,
    idleStopMs: 0,
    history,
    source: { type: 'csv', file: LARGE_FILE, rate },
    columns: ['timestamp', ...columns],
  };
}

export interface DashboardShape {
  id: string;
  /** The streams, one per pump (a column of the grid each). */
  pumps: string[];
  /** Each chart's columns: one chart per entry and pump. */
  charts: string[][];
  tiles: string[];
  window: number;
  range?: string;
}

/**
 * A column of the 12-column grid per pump (3 wide): its value tiles (2 rows high) above its charts
 * (3 rows high), placed explicitly so that every run lays out the same.
 */
export function dashboard(shape: DashboardShape) {
  const width = 12 / shape.pumps.length;
  const panels = shape.pumps.flatMap((stream, p) => {
    const x = p * width;
    const tiles = shape.tiles.map((column, k) => ({ type: 'value', stream, column, x, y: 2 * k, w: width, h: 2 }));
    const top = 2 * shape.tiles.length;
    const charts = shape.charts.map((columns, k) => ({
      type: 'chart',
      stream,
      columns,
      window: shape.window,
      x,
      y: top + 3 * k,
      w: width,
      h: 3,
    }));
    return [...tiles, ...charts];
  });
  return {
    id: shape.id,
    title: `Benchmark: ${shape.pumps.length} pumps`,
    columns: 12,
    rowHeight: 80,
    ...(shape.range ? { range: shape.range } : {}),
    panels,
  };
}

/** How many chart panels and value tiles a dashboard of `shape` has. */
export function panelCounts(shape: DashboardShape): { charts: number; tiles: number } {
  return { charts: shape.pumps.length * shape.charts.length, tiles: shape.pumps.length * shape.tiles.length };
}
