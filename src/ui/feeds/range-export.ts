import type { HistoryData, StateData } from '../../protocol/events.js';
import type { RowView } from '../chart/row-window.js';
import { StreamMarks } from '../chart/stream-marks.js';
import { answerRows } from '../history-range.js';
import { alignedCsv, type CsvSource } from './aligned-csv.js';

/** One stream of a range export: its window (as for the window's CSV) and where its older rows come from. */
export interface RangeSource extends CsvSource {
  /** Time of the window's oldest row (undefined: an empty window). */
  oldest: number | undefined;
  /** Index in `meta.columns` of each window series: `rows.y[i]` is column `pick[i]` of the daemon's answers. */
  pick: readonly number[];
  /** Every row of [from, to] from the daemon, in pieces at full resolution; absent without history (no `range`). */
  past?: (from: number, to: number) => Promise<HistoryData[]>;
}

/**
 * The rows of a zoomed range [from, to] at full resolution, as CSV (the same lines as alignedCsv
 * writes for the windows): for each stream, the daemon's rows before its window's oldest row,
 * then its window's rows in the range. Undefined when every window covers the range (or no
 * stream has history): the windows themselves are the export then.
 */
export async function rangeCsv(time: string, sources: readonly RangeSource[], from: number, to: number): Promise<string | undefined> {
  if (!sources.some((s) => reachesBefore(s, from))) return undefined;
  const parts = await Promise.all(sources.map((s) => rangePart(s, from, to)));
  return alignedCsv(time, parts);
}

/** The stream's rows in [from, to]: the daemon's before the window, then the window's, with the state at each row's time. */
async function rangePart(source: RangeSource, from: number, to: number): Promise<CsvSource> {
  const { rows, oldest, pick } = source;
  const pieces = reachesBefore(source, from) ? await source.past!(from, Math.min(to, oldest!)) : [];
  const past = joinPieces(pieces, pick, oldest!);
  const own: number[] = [];
  for (let k = 0; k < rows.t.length; k++) if (rows.t[k]! >= from && rows.t[k]! <= to) own.push(k);
  const t = new Float64Array(past.t.length + own.length);
  t.set(past.t);
  own.forEach((k, n) => {
    t[past.t.length + n] = rows.t[k]!;
  });
  const y = rows.y.map((column, i) => {
    const out = new Float64Array(t.length);
    out.set(past.y[i]!);
    own.forEach((k, n) => {
      out[past.t.length + n] = column[k]!;
    });
    return out;
  });
  // The daemon's states for its rows (what the window's marks may not reach back to), the window's for its own.
  const state = source.state && {
    name: source.state.name,
    at: (at: number) => (at < oldest! ? past.marks.stateAt(at) : source.state!.at(at)),
  };
  return { rows: { t, y }, series: source.series, names: source.names, ...(state ? { state } : {}) };
}

function reachesBefore(source: RangeSource, from: number): boolean {
  return source.past !== undefined && source.oldest !== undefined && from < source.oldest;
}

/** Full-resolution answers as one RowView of the window's series, rows before `oldest` only (the window has the rest), and their states. */
function joinPieces(pieces: readonly HistoryData[], pick: readonly number[], oldest: number): RowView & { marks: StreamMarks } {
  const t: number[] = [];
  const y: number[][] = pick.map(() => []);
  const marks = new StreamMarks();
  for (const piece of pieces) {
    const rows = answerRows(piece);
    rows.t.forEach((at, k) => {
      if (at >= oldest) return;
      t.push(at);
      pick.forEach((column, i) => {
        const value = rows.y[column]?.[k];
        y[i]!.push(typeof value === 'number' ? value : Number.NaN);
      });
    });
    // Each piece names the state in effect at its start, then the changes in it: known ones are not added twice.
    for (const state of piece.states as StateData[]) marks.add('state', state);
  }
  return { t: Float64Array.from(t), y: y.map((c) => Float64Array.from(c)), marks };
}
