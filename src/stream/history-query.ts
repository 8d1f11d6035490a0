import type { AlertData, HistoryData, HistorySeries, StateData } from '../protocol/events.js';
import { M4Line } from '../values/m4-decimation.js';
import type { HistoryChunk } from './history-chunk.js';
import type { HistorySlice, HistoryStore, PassSummary } from './history-store.js';

/** What a history query asks for: a range of data time (epoch ms) drawn on `points` pixel columns. */
export interface HistoryRequest {
  from?: number;
  to?: number;
  points: number;
  /** A looping replay's pass (default: the newest kept). */
  pass?: number;
}

/** The stream a query reads: its store and where its run is. */
export interface HistorySource {
  stream: string;
  run: string;
  running: boolean;
  store: HistoryStore;
  /** State changes and alert transitions beside the rows (none until the pipeline derives them). */
  annotations?: HistoryAnnotations;
}

/** A history answer and what its cache headers are made of. */
export interface HistoryAnswer {
  data: HistoryData;
  /** Changes whenever the rows in the range change (new rows, evicted rows, a new run). */
  etag: string;
}

/**
 * The state changes and alert transitions that overlap [from, to] (of the pass asked for): a run
 * passes its marks as HistorySource.annotations, and /history answers them beside the rows.
 */
export type HistoryAnnotations = (from: number, to: number, pass: number) => { states: StateData[]; alerts: AlertData[] };
export const noAnnotations: HistoryAnnotations = () => ({ states: [], alerts: [] });

/**
 * The rows of one pass in [from, to]: every row when the range holds at most 2·points of them,
 * else M4 over `points` pixel columns (at most 4 points per column, and a break where a gap is;
 * see M4Line). Text columns keep the first and last value per pixel column.
 */
export function queryHistory(source: HistorySource, request: HistoryRequest): HistoryAnswer {
  const { store } = source;
  const { passes, pass, kept } = passAsked(source, request);
  const from = request.from ?? kept?.from ?? null;
  const to = request.to ?? kept?.to ?? null;
  const slices = from === null || to === null ? [] : store.slices(pass, from, to);
  let rows = 0;
  let firstSeq = Number.POSITIVE_INFINITY;
  let lastSeq = -1;
  for (const s of slices) {
    rows += s.end - s.start;
    firstSeq = Math.min(firstSeq, s.chunk.firstSeq + s.start);
    lastSeq = Math.max(lastSeq, s.chunk.firstSeq + s.end - 1);
  }
  const full = rows <= 2 * request.points;
  const series = full ? everyRow(store, slices) : downsampled(store, slices, from!, to!, request.points);
  // Rows can still come into the range while this pass is read and the range reaches its newest row.
  const live = source.running && pass === store.currentPass && (to === null || kept === undefined || to >= kept.to);
  return {
    data: historyData(source, { pass, from, to, points: request.points, resolution: full ? 'full' : 'm4', rows, live, series, passes }),
    etag: `"${source.run}.${pass}.${rows}.${rows === 0 ? 0 : firstSeq}.${lastSeq}"`,
  };
}

/** The pass a query reads (the newest kept by default), the passes memory keeps, and what it keeps of that one. */
export function passAsked(
  source: HistorySource,
  request: HistoryRequest,
): { passes: PassSummary[]; pass: number; kept: PassSummary | undefined } {
  const passes = source.store.passes();
  const pass = request.pass ?? passes.at(-1)?.pass ?? source.store.currentPass;
  return { passes, pass, kept: passes.find((p) => p.pass === pass) };
}

/** A history answer's data: the rows as read (from memory or the store), with the stream, its run and the marks beside them. */
export function historyData(source: HistorySource, rows: Omit<HistoryData, 'stream' | 'run' | 'states' | 'alerts'>): HistoryData {
  const { from, to, pass } = rows;
  const { states, alerts } =
    from === null || to === null ? { states: [], alerts: [] } : (source.annotations ?? noAnnotations)(from, to, pass);
  return { stream: source.stream, run: source.run, ...rows, states, alerts };
}

function everyRow(store: HistoryStore, slices: HistorySlice[]): HistorySeries[] {
  const t: number[] = [];
  for (const { chunk, start, end } of slices) for (let k = start; k < end; k++) t.push(chunk.t[k]!);
  return columnReaders(store).map((read) => {
    const y: (number | string | null)[] = [];
    for (const { chunk, start, end } of slices) for (let k = start; k < end; k++) y.push(read(chunk, k));
    return { t, y };
  });
}

/** A reader per column: the value of row k of a chunk (null for a gap). */
function columnReaders(store: HistoryStore): ((chunk: HistoryChunk, k: number) => number | string | null)[] {
  let numbers = 0;
  let texts = 0;
  return store.columns.map((column) => {
    if (column.type === 'text') {
      const at = texts++;
      return (chunk, k) => {
        const code = chunk.texts[at]!.codes[k]!;
        return code < 0 ? null : chunk.texts[at]!.values[code]!;
      };
    }
    const at = numbers++;
    return (chunk, k) => {
      const value = chunk.numbers[at]![k]!;
      return value === value ? value : null;
    };
  });
}

function downsampled(store: HistoryStore, slices: HistorySlice[], from: number, to: number, points: number): HistorySeries[] {
  const pixel = to > from ? (to - from) / points : 1;
  const last = points - 1;
  const bucketOf = (time: number) => Math.min(last, Math.floor((time - from) / pixel));
  const lines = store.columns.map((c) => (c.type === 'text' ? new TextLine() : new M4Line()));
  for (const { chunk, start, end } of slices) {
    const t = chunk.t;
    // A chunk is in time order: each pixel column is one run of rows, found by binary search.
    for (let k = start; k < end; ) {
      const key = bucketOf(t[k]!);
      const next = runEnd(t, k, end, key, bucketOf);
      let numbers = 0;
      let texts = 0;
      for (const line of lines) {
        if (line instanceof M4Line) {
          line.addRun(key, t, chunk.numbers[numbers]!, k, next, chunk.extremes[numbers]);
          numbers++;
        } else line.addRun(key, chunk, texts++, k, next);
      }
      k = next;
    }
  }
  return lines.map((line) => {
    const points = line.finish();
    return { t: points.x, y: points.y };
  });
}

/** One past the last row of [k, end) in bucket `key` (times are non-decreasing). */
function runEnd(t: Float64Array, k: number, end: number, key: number, bucketOf: (time: number) => number): number {
  let lo = k + 1;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bucketOf(t[mid]!) <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First and last value per pixel column of a text column (a change inside one is narrower than a pixel). */
class TextLine {
  private readonly out = { x: [] as (number | null)[], y: [] as (string | null)[] };
  private key = Number.NaN;
  private lastT = 0;
  private lastValue: string | null = null;
  private open = false;

  addRun(key: number, chunk: HistoryChunk, at: number, start: number, end: number): void {
    const { codes, values } = chunk.texts[at]!;
    const valueAt = (k: number) => (codes[k]! < 0 ? null : values[codes[k]!]!);
    let k = start;
    if (key !== this.key) {
      this.close();
      this.key = key;
      this.out.x.push(chunk.t[k]!);
      this.out.y.push(valueAt(k));
      k++;
    }
    if (k < end) {
      this.lastT = chunk.t[end - 1]!;
      this.lastValue = valueAt(end - 1);
      this.open = true;
    }
  }

  finish(): { x: (number | null)[]; y: (string | null)[] } {
    this.close();
    return this.out;
  }

  private close(): void {
    if (!this.open) return;
    this.out.x.push(this.lastT);
    this.out.y.push(this.lastValue);
    this.open = false;
  }
}
