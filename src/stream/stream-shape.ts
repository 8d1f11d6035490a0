import { valueColumns } from '../pipeline/columns.js';
import { derivedColumns, streamTimeName } from '../pipeline/run-pipeline.js';
import type { StreamConfig } from '../config/schema.js';
import type { ColumnInfo, StreamInfo } from '../protocol/events.js';
import { EventEncoder } from './encoder.js';

/** What every run of a stream shares: its columns on the wire, its time column, and their encoder. */
export interface StreamShape {
  /** The columns of `meta.columns`: the source's value columns, then the derived ones, in stage order. */
  columns: ColumnInfo[];
  timeName: string;
  encoder: EventEncoder;
}

/** What a stream looks like to clients apart from how it is doing (state, status, viewers). */
export type StreamDescription = Omit<StreamInfo, 'state' | 'status' | 'viewers'>;

export function streamShape(config: StreamConfig): StreamShape {
  // Derived columns follow the source's, in stage order: they are columns like any other.
  const columns = [
    ...valueColumns(config.columns).map((c) => columnInfo(c.as, c.type === 'text' ? 'text' : 'number', c)),
    ...derivedColumns(config.stages).map((c) => columnInfo(c.name, 'number', c)),
  ];
  const seriesNames = columns.map((c) => c.name);
  // Without a time column, rows are stamped with the time they were read (see stagesForRun).
  const timeName = streamTimeName(config, seriesNames);
  return { columns, timeName, encoder: new EventEncoder(timeName, seriesNames) };
}

/**
 * A column as clients see it; `unit` and `draw` only when given, so streams without them send what
 * they always did.
 */
function columnInfo(
  name: string,
  type: ColumnInfo['type'],
  from: { axis: ColumnInfo['axis']; unit?: string | undefined; draw?: false | undefined },
): ColumnInfo {
  return {
    name,
    type,
    axis: from.axis,
    ...(from.unit === undefined ? {} : { unit: from.unit }),
    ...(from.draw === false ? { draw: false as const } : {}),
  };
}

export function describeStream(config: StreamConfig, shape: StreamShape): StreamDescription {
  return {
    id: config.id,
    title: config.title,
    source: config.source.type,
    time: shape.timeName,
    columns: shape.columns,
    thresholds: config.thresholds,
    states: config.states ?? null,
    keepMs: config.history.keep.durationMs,
    alerts: config.alerts.map((a) => ({
      rule: a.name,
      column: a.column,
      op: a.above !== undefined ? ('above' as const) : ('below' as const),
      value: a.above ?? a.below!,
      resolve: a.resolve ?? a.above ?? a.below!,
    })),
  };
}
