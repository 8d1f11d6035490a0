import { z } from 'zod';
import type { DashboardInfo, DashboardPanel } from '../protocol/dashboards.js';
import { DURATION, parseDuration } from '../values/duration.js';
import { unit } from '../values/unit.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const idMessage = 'letters, digits, ".", "_" and "-" (at most 64, starting with a letter or digit)';
const streamId = z.string().regex(ID, idMessage);
const columnName = z.string().min(1).max(200);
const color = z.string().regex(/^#[0-9a-fA-F]{3,8}$|^[a-z]{3,20}$/, 'a #hex colour or a CSS colour name');

/** Position and size on the grid (Grafana's gridPos): x and y may be left out to let the grid flow. */
const place = {
  x: z.number().int().min(0).max(47).optional().describe('grid column the panel starts at (from 0); leave out to flow'),
  y: z.number().int().min(0).max(999).optional().describe('grid row the panel starts at (from 0); leave out to flow'),
  w: z.number().int().min(1).max(48).default(6).describe('width in grid columns'),
  h: z.number().int().min(1).max(40).default(4).describe('height in grid rows'),
};

const title = z.string().min(1).max(200).optional().describe('heading of the panel (default: the stream title, or the column)');

const chartPanel = z
  .object({
    type: z.literal('chart'),
    title,
    stream: streamId.optional().describe('the stream to draw (or streams: several on one time axis)'),
    streams: z.array(streamId).min(1).max(16).optional().describe('several streams on one time axis'),
    columns: z.array(columnName).min(1).max(64).optional().describe('the columns to draw (default: all of each stream)'),
    layout: z
      .enum(['overlay', 'stack', 'stack-columns'])
      .default('overlay')
      .describe('overlay: one plot; stack: one plot per unit on one time axis; stack-columns: one per column'),
    window: z.number().int().min(2).max(100_000).default(600).describe('rows kept per stream'),
    ...place,
  })
  .strict()
  .refine((panel) => (panel.stream === undefined) !== (panel.streams === undefined), {
    message: 'name the stream (stream: id) or the streams (streams: [ids]), not both',
  })
  .describe('a line chart of one or several streams');

const tileColor = z
  .object({
    above: z.number().optional().describe('the colour applies while the value is above this'),
    below: z.number().optional().describe('the colour applies while the value is below this'),
    color,
  })
  .strict()
  .refine((c) => c.above !== undefined || c.below !== undefined, { message: 'give above, below or both' });

const valuePanel = z
  .object({
    type: z.literal('value'),
    title,
    stream: streamId,
    column: columnName.describe('a number column of the stream (derived ones too)'),
    unit,
    decimals: z.number().int().min(0).max(6).optional().describe('digits after the point (default: three significant digits)'),
    sparkline: z
      .union([z.literal(false), z.string().regex(DURATION, 'a duration such as "5m" or "1h"')])
      .default('5m')
      .describe('data time the sparkline shows (false: none)'),
    colors: z.array(tileColor).max(16).default([]).describe('the tile takes the colour of the last entry its value matches'),
    ...place,
  })
  .strict()
  .describe("a column's latest value, its unit and a sparkline");

const statePanel = z
  .object({ type: z.literal('state'), title, stream: streamId, ...place })
  .strict()
  .describe("a stream's machine state and the alerts firing, with since when");

export const dashboardSchema = z
  .object({
    id: z.string().regex(ID, idMessage),
    title: z.string().min(1).max(200),
    columns: z.number().int().min(1).max(48).default(12).describe('grid columns across'),
    rowHeight: z.number().int().min(20).max(600).default(80).describe('height of a grid row in pixels'),
    range: z
      .enum(['1h', '6h', '24h', '7d', '30d', 'all'])
      .optional()
      .describe('the span of history the charts open on (default: the live rows only)'),
    panels: z
      .array(z.discriminatedUnion('type', [chartPanel, valuePanel, statePanel]))
      .min(1)
      .max(100),
  })
  .strict();

type RawDashboard = z.output<typeof dashboardSchema>;

/** A dashboard as loaded: its definition for clients, and the file it came from. */
export interface DashboardConfig extends DashboardInfo {
  file: string;
}

/** Fills the forms a file may use (one stream or several, a sparkline as a duration) into the one clients get. */
export function normalizeDashboard(raw: RawDashboard, file: string): DashboardConfig {
  const panels = raw.panels.map((panel): DashboardPanel => {
    if (panel.type === 'chart') {
      const { stream, streams, ...rest } = panel;
      return { ...rest, streams: streams ?? [stream!] };
    }
    if (panel.type === 'value') {
      const { sparkline, ...rest } = panel;
      return { ...rest, sparklineMs: sparkline === false ? 0 : parseDuration(sparkline)! };
    }
    return panel;
  });
  return { ...raw, panels, file };
}

/** The definition clients get: the config without where it came from. */
export function dashboardInfo({ file: _file, ...info }: DashboardConfig): DashboardInfo {
  return info;
}

/** The ids of the dashboards that `next` adds, removes or defines differently from `before`. */
export function changedDashboards(before: readonly DashboardConfig[], next: readonly DashboardConfig[]): string[] {
  const old = new Map(before.map((d) => [d.id, JSON.stringify(dashboardInfo(d))]));
  const ids = new Set<string>();
  for (const d of next) if (old.get(d.id) !== JSON.stringify(dashboardInfo(d))) ids.add(d.id);
  for (const id of old.keys()) if (!next.some((d) => d.id === id)) ids.add(id);
  return [...ids];
}
