import { RANGES, type RangeName } from '../history-range.js';

/** What a dashboard keeps in its page's URL, so that a link shows the same window and columns. */
export interface DashboardUrlState {
  /** The span of history the charts open on (`?range=6h`); undefined: the dashboard's own. */
  range?: RangeName;
  /** The zoomed data-time range, epoch ms (`?from=<ISO>&to=<ISO>`); undefined: following the newest data. */
  view?: [number, number];
  /** The columns a viewer chose in a chart panel, by the panel's index (`?columns.2=a,b`; `?columns.2=`: every column). */
  columns: Map<number, string[]>;
}

const COLUMNS = /^columns\.(\d{1,3})$/;

/** The state a page's query string (`location.search`) holds; values that do not parse are left out. */
export function readUrlState(search: string): DashboardUrlState {
  const query = new URLSearchParams(search);
  const state: DashboardUrlState = { columns: new Map() };
  const range = query.get('range');
  if (range !== null && Object.hasOwn(RANGES, range)) state.range = range as RangeName;
  const from = Date.parse(query.get('from') ?? '');
  const to = Date.parse(query.get('to') ?? '');
  if (Number.isFinite(from) && Number.isFinite(to) && from < to) state.view = [from, to];
  for (const [key, value] of query) {
    const match = COLUMNS.exec(key);
    if (match)
      state.columns.set(
        Number(match[1]),
        value.split(',').filter((name) => name !== ''),
      );
  }
  return state;
}

/** `search` with the dashboard's keys set to `state` (other keys of the page's query stay as they are). */
export function writeUrlState(search: string, state: DashboardUrlState): string {
  const query = new URLSearchParams(search);
  for (const key of [...query.keys()]) if (key === 'range' || key === 'from' || key === 'to' || COLUMNS.test(key)) query.delete(key);
  if (state.range) query.set('range', state.range);
  if (state.view) {
    query.set('from', new Date(Math.floor(state.view[0])).toISOString());
    query.set('to', new Date(Math.ceil(state.view[1])).toISOString());
  }
  for (const [panel, names] of [...state.columns].sort(([a], [b]) => a - b)) query.set(`columns.${panel}`, names.join(','));
  const text = query.toString();
  return text ? `?${text}` : '';
}
