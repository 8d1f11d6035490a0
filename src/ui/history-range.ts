// The element's view of the daemon's history: what `range` means, the URL of a query, which part
// of a view the element has to fetch, and how fetched history meets the live rows. Pure functions,
// so they are tested in Node; HistoryClient does the fetching.
import type { HistoryData } from '../protocol/events.js';
import type { LinePoints } from '../values/m4-decimation.js';
import { daemonUrl, type DaemonAddress } from './daemon-url.js';

const HOUR = 3600_000;

/** The spans `range` accepts, in ms (`all`: everything the daemon keeps). */
export const RANGES = {
  '1h': HOUR,
  '6h': 6 * HOUR,
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
  all: Number.POSITIVE_INFINITY,
} as const;

/** The range buttons for streams that keep `keepMs` of history: the spans beyond a day only where they keep that long. */
export function rangesFor(keepMs: number | undefined): RangeName[] {
  return (Object.keys(RANGES) as RangeName[]).filter((r) => RANGES[r] <= 24 * HOUR || r === 'all' || (keepMs ?? 0) >= RANGES[r]);
}
export type RangeName = keyof typeof RANGES;

/** The span of a `range` attribute, or undefined for none or an unknown value (then: live rows only). */
export function rangeSpan(text: string | null | undefined): number | undefined {
  return text && Object.hasOwn(RANGES, text) ? RANGES[text as RangeName] : undefined;
}

/** A history query: a range of data time (epoch ms; open ends: what the daemon keeps) and a width. */
export interface HistoryQuery {
  from?: number;
  to?: number;
  points: number;
}

/** The most points a query may ask for (the daemon's maximum). */
export const MAX_POINTS = 50_000;

export function historyUrl(address: DaemonAddress, stream: string, query: HistoryQuery, pageHref: string): string {
  const url = new URL(daemonUrl(address, `/api/streams/${encodeURIComponent(stream)}/history`, pageHref));
  if (query.from !== undefined && Number.isFinite(query.from)) url.searchParams.set('from', String(Math.floor(query.from)));
  if (query.to !== undefined && Number.isFinite(query.to)) url.searchParams.set('to', String(Math.ceil(query.to)));
  url.searchParams.set('points', String(Math.max(1, Math.min(MAX_POINTS, Math.round(query.points)))));
  return url.href;
}

/** What the history lines show: the range they were fetched for and how finely. */
export interface HeldHistory {
  from: number;
  to: number;
  /** ms per point at most: 0 when every row is there. */
  resolution: number;
}

/**
 * The part of a view the element must fetch, or undefined when what it has will do. `view` is the
 * visible x-range (epoch ms), `liveStart` the time of the oldest row the element holds itself
 * (rows from there on are its own, at full resolution), `width` the plot's width in pixels.
 * Zooming out beyond the live rows fetches the older part at the view's pixel size; zooming into
 * the past fetches that part again, finer (full resolution once it holds few enough rows).
 */
export function missingPart(
  view: [number, number],
  liveStart: number | undefined,
  held: HeldHistory | undefined,
  width: number,
): HistoryQuery | undefined {
  const [x0, x1] = view;
  const end = liveStart === undefined ? x1 : Math.min(x1, liveStart);
  if (!(end > x0) || width <= 0) return undefined;
  const pixel = (x1 - x0) / width;
  if (held && held.from <= x0 && held.to >= end && held.resolution <= pixel) return undefined;
  return { from: x0, to: end, points: Math.max(1, Math.ceil((end - x0) / pixel)) };
}

/** How finely an answer shows its range: 0 for every row, else ms per pixel column. */
export function resolutionOf(data: HistoryData): number {
  if (data.resolution === 'full' || data.from === null || data.to === null) return 0;
  return (data.to - data.from) / data.points;
}

/**
 * The history lines of the series `pick` (indices into `meta.columns`), cut at the seam: only
 * points before `liveStart`, the oldest row the element holds, so that nothing is drawn twice; the
 * line then goes on from the element's first row, so there is no hole either. Text columns
 * (strings) are not drawn.
 */
export function historyLines(data: HistoryData, pick: readonly number[], liveStart: number | undefined): LinePoints[] {
  return pick.map((i) => {
    const series = data.series[i];
    const out: LinePoints = { x: [], y: [] };
    if (!series) return out;
    for (let k = 0; k < series.t.length; k++) {
      const t = series.t[k]!;
      if (liveStart !== undefined && t !== null && t >= liveStart) break;
      const y = series.y[k];
      out.x.push(t);
      out.y.push(typeof y === 'number' ? y : null);
    }
    return out;
  });
}

/** Rows of a full-resolution answer, as CSV export wants them: times, then one array per column. */
export function answerRows(data: HistoryData): { t: number[]; y: (number | string | null)[][] } {
  const t = (data.series[0]?.t ?? []).filter((x): x is number => x !== null);
  return { t, y: data.series.map((s) => s.y) };
}
