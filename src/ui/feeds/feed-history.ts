import type { HistoryData } from '../../protocol/events.js';
import type { LinePoints } from '../../values/m4-decimation.js';
import type { RowWindow } from '../chart/row-window.js';
import { HistoryClient } from '../daemon/history-client.js';
import type { DaemonAddress } from '../daemon-url.js';
import { historyLines } from '../history-range.js';

/** What a feed's history reads of the feed when it fetches or draws. */
export interface FeedHistoryHost {
  address(): DaemonAddress;
  stream(): string;
  rows(): RowWindow | undefined;
  /** Indices in `meta.columns` of the series drawn, in trace order. */
  drawnColumns(): number[];
  /** New history to draw (`view`: fetched for the view the user zoomed or panned to). */
  onHistory(view: boolean): void;
  /** The fetch for a view ended (answered, failed, superseded) or waited long enough: the chart draws again. */
  onViewSettled(): void;
  onError(message: string): void;
}

/** Pixel columns asked for before the chart says its width. */
const FIRST_WIDTH = 1200;

/**
 * While a view's history is on its way, the chart waits for it rather than drawing the view
 * without it (a redraw the answer makes redundant), but not longer than this: a slow answer
 * must not hold the live rows back.
 */
export const VIEW_WAIT_MS = 250;

/**
 * One stream's history in the chart (`range` attribute): fetched for `span` before the newest row
 * once the first rows are in, then again for views the window does not cover; drawn up to the
 * window's oldest row (historyLines), so the seam has neither a duplicate nor a hole.
 */
export class FeedHistory {
  /** What `range` opened on, and the finer or wider copy fetched for a zoom (drawn while zoomed). */
  private opened: HistoryData | undefined;
  private zoomed: HistoryData | undefined;
  private started = false;
  /** A view asked for before the first rows (a chart opened zoomed, e.g. by a shared link): fetched once they are in. */
  private early: { range: [number, number]; width: number } | undefined;
  /** A request following the seam is in flight. */
  private extending = false;
  private readonly client: HistoryClient;
  /** The view fetch the chart waits for (see VIEW_WAIT_MS). */
  private awaited: Promise<void> | undefined;
  private waitTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: FeedHistoryHost,
    private readonly span: number,
  ) {
    this.client = new HistoryClient({
      address: () => host.address(),
      stream: () => host.stream(),
      pageHref: () => location.href,
      onHistory: (data, view) => {
        if (view) this.zoomed = data;
        else this.opened = data;
        if (view) this.stopWaiting(); // the chart may draw it now
        host.onHistory(view);
      },
      onError: (message) => host.onError(message),
    });
  }

  /**
   * Opens the chart on the span before the newest row once the window has rows; called again as
   * rows arrive, it follows the seam: rows that scroll out of the window are fetched from the
   * daemon (once they span more than a pixel column of the history), so no hole opens.
   */
  open(): void {
    const rows = this.host.rows();
    const newest = rows?.newestTime();
    const oldest = rows?.oldestTime();
    if (newest === undefined || oldest === undefined || !Number.isFinite(newest)) return;
    if (this.started) {
      this.followSeam(oldest);
      return;
    }
    this.started = true;
    void this.client.open(this.span, newest, oldest, FIRST_WIDTH);
    const early = this.early;
    this.early = undefined;
    if (early) this.viewChanged(early.range, early.width);
  }

  private followSeam(oldest: number): void {
    const opened = this.opened;
    if (!opened || opened.to === null || opened.from === null || this.extending) return;
    const pixel = Math.max(1, (opened.to - opened.from) / opened.points);
    if (oldest - opened.to <= pixel) return;
    this.extending = true;
    const from = opened.to;
    this.client
      .range({ from, to: oldest, points: Math.ceil((oldest - from) / pixel) })
      .then((more) => {
        if (this.opened !== opened) return; // another run or span meanwhile
        this.opened = appendAnswer(opened, more, oldest);
        this.host.onHistory(false);
      })
      .then(
        () => {
          this.extending = false;
          this.open(); // rows that left the window meanwhile (the last ones, once the stream ends)
        },
        (error: Error) => {
          this.extending = false; // not retried at once: the next rows try again
          this.host.onError(`cannot load the history: ${error.message}`);
        },
      );
  }

  /** The user zoomed or panned (`range`), or went back to the live edge (null). */
  viewChanged(range: [number, number] | null, width: number): void {
    if (!this.started) {
      this.early = range ? { range, width } : undefined;
      return;
    }
    if (range) {
      const fetched = this.client.viewChanged(range, this.host.rows()?.oldestTime(), width);
      this.stopWaiting();
      if (!this.client.loadingView) return; // nothing to fetch
      this.awaited = fetched;
      const settle = () => {
        if (this.awaited !== fetched) return; // answered, or a newer view's fetch
        this.stopWaiting();
        this.host.onViewSettled();
      };
      this.waitTimer = setTimeout(settle, VIEW_WAIT_MS);
      void fetched.finally(settle);
    } else {
      this.stopWaiting();
      if (this.zoomed) {
        this.zoomed = undefined;
        this.client.backToLive();
        this.host.onHistory(false);
      }
    }
  }

  private stopWaiting(): void {
    clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    this.awaited = undefined;
  }

  /** History for the view the user chose is on its way (for at most VIEW_WAIT_MS): the chart need not draw that view without it. */
  get awaitingView(): boolean {
    return this.awaited !== undefined;
  }

  /** The history lines of the drawn series, before the window's oldest row. */
  lines(): LinePoints[] {
    const data = this.zoomed ?? this.opened;
    if (!data) return [];
    return historyLines(data, this.host.drawnColumns(), this.host.rows()?.oldestTime());
  }

  /** Every row of [from, to] from the daemon (for CSV export), in pieces at full resolution. */
  rows(from: number, to: number): Promise<HistoryData[]> {
    return this.client.fullResolution(from, to);
  }

  /** Another run: the history is fetched again with its first rows. */
  reset(): void {
    this.client.reset();
    this.stopWaiting();
    this.opened = undefined;
    this.zoomed = undefined;
    this.started = false;
    this.early = undefined;
  }
}

/** `more` (the range from `data.to` to `to`) after `data`: its points after `data.to` only, so the row at the join comes once. */
function appendAnswer(data: HistoryData, more: HistoryData, to: number): HistoryData {
  const end = data.to!;
  const series = data.series.map((s, i) => {
    const next = more.series[i] ?? { t: [], y: [] };
    const start = next.t.findIndex((t) => t !== null && t > end);
    return start < 0 ? s : { t: s.t.concat(next.t.slice(start)), y: s.y.concat(next.y.slice(start)) };
  });
  return { ...data, to, rows: data.rows + more.rows, series };
}
