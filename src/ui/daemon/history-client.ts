import type { HistoryData } from '../../protocol/events.js';
import type { DaemonAddress } from '../daemon-url.js';
import { getJson } from './daemon-json.js';
import { historyUrl, MAX_POINTS, missingPart, resolutionOf, type HeldHistory, type HistoryQuery } from '../history-range.js';

/** Where the client fetches from, read when it fetches (the element's attributes may change). */
export interface HistoryHost {
  address(): DaemonAddress;
  stream(): string;
  pageHref(): string;
  /** New history arrived: the chart draws it before its own rows (`view`: for a zoom, else for the `range` it opened on). */
  onHistory(data: HistoryData, view: boolean): void;
  onError(message: string): void;
}

/** Rows an export fetches at most (in pieces of at most 2 × MAX_POINTS rows). */
export const MAX_EXPORT_ROWS = 2_000_000;

/**
 * The element's history from the daemon: the span `range` opens on, the older part of a zoomed-out
 * view, a finer copy of a zoomed-in past range, and a past range at full resolution for CSV
 * export. One view fetch at a time: a newer view aborts an older one's request. The `range` fetch
 * is never aborted by a view's: a chart opened zoomed (a shared link) goes back to it on Live.
 */
export class HistoryClient {
  /** What the history lines cover now (undefined: nothing fetched). */
  held: HeldHistory | undefined;
  /** What the `range` fetch covered. */
  private opened: HeldHistory | undefined;
  /** The `range` fetch in flight, and a view's. */
  private opening: AbortController | undefined;
  private current: AbortController | undefined;
  /** `held` is a view's (a zoom's), not what the chart opened on. */
  private holdsView = false;

  constructor(
    private readonly host: HistoryHost,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** `range` opens the chart on `span` ms before `newest` (the newest time known; Infinity: all kept). */
  open(span: number, newest: number | undefined, liveStart: number | undefined, width: number): Promise<void> {
    const from = Number.isFinite(span) && newest !== undefined ? newest - span : undefined;
    return this.fetchView({ from, to: liveStart, points: Math.max(1, width) }, false);
  }

  /** The user zoomed or panned to `view`: fetches what the element lacks for it, if anything. */
  viewChanged(view: [number, number], liveStart: number | undefined, width: number): Promise<void> {
    const part = missingPart(view, liveStart, this.held, width);
    return part ? this.fetchView(part, true) : Promise.resolve();
  }

  /** A view's fetch is in flight. */
  get loadingView(): boolean {
    return this.current !== undefined;
  }

  /** Back to the live edge: what the chart opened on is what it holds again. */
  backToLive(): void {
    this.current?.abort();
    this.held = this.opened;
    this.holdsView = false;
  }

  /** Every row of [from, to] (for CSV export), fetched in pieces small enough to come at full resolution (2 × `points` rows). */
  async fullResolution(from: number, to: number, signal?: AbortSignal, points = MAX_POINTS): Promise<HistoryData[]> {
    const pieces: HistoryData[] = [];
    const queue: [number, number][] = [[from, to]];
    let rows = 0;
    while (queue.length > 0) {
      const [a, b] = queue.shift()!;
      const data = await this.get({ from: a, to: b, points }, signal);
      if (data.resolution === 'full' || b - a < 2) {
        pieces.push(data);
        rows += data.rows;
        if (rows > MAX_EXPORT_ROWS) throw new Error(`the range holds more than ${MAX_EXPORT_ROWS} rows: zoom in to export it`);
        continue;
      }
      // Too many rows for one answer: both halves, in order (the middle row goes with the first).
      const middle = Math.floor((a + b) / 2);
      queue.unshift([a, middle], [middle + 1, b]);
    }
    return pieces;
  }

  /** One answer for `query`, apart from the view's requests (the seam following the window). */
  range(query: HistoryQuery): Promise<HistoryData> {
    return this.get(query);
  }

  /** Forgets the history (another stream, another run) and drops a request in flight. */
  reset(): void {
    this.current?.abort();
    this.opening?.abort();
    this.current = undefined;
    this.opening = undefined;
    this.holdsView = false;
    this.held = undefined;
    this.opened = undefined;
  }

  private async fetchView(query: HistoryQuery, view: boolean): Promise<void> {
    const slot = view ? 'current' : 'opening';
    this[slot]?.abort();
    const abort = new AbortController();
    this[slot] = abort;
    try {
      const data = await this.get(query, abort.signal);
      if (this[slot] !== abort) return;
      const held = data.from === null || data.to === null ? undefined : { from: data.from, to: data.to, resolution: resolutionOf(data) };
      if (view) {
        this.held = held;
        this.holdsView = true;
      } else {
        this.opened = held;
        if (!this.holdsView) this.held = held;
      }
      this.host.onHistory(data, view);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.host.onError(`cannot load the history: ${(error as Error).message}`);
    } finally {
      if (this[slot] === abort) this[slot] = undefined;
    }
  }

  private get(query: HistoryQuery, signal?: AbortSignal): Promise<HistoryData> {
    return getJson<HistoryData>(historyUrl(this.host.address(), this.host.stream(), query, this.host.pageHref()), this.fetchImpl, signal);
  }
}
