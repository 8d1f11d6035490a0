import type { HistoryData } from '../../protocol/events.js';
import type { LinePoints } from '../../values/m4.js';
import type { RowWindow } from '../chart/row-window.js';
import { HistoryController } from '../controllers/history-controller.js';
import type { DaemonAddress } from '../daemon-url.js';
import { historyLines } from '../history-range.js';

/** What a feed's history reads of the feed when it fetches or draws. */
export interface FeedHistoryHost {
  address(): DaemonAddress;
  stream(): string;
  rows(): RowWindow | undefined;
  /** Indices in `meta.columns` of the series drawn, in trace order. */
  drawnColumns(): number[];
  onHistory(): void;
  onError(message: string): void;
}

/** Pixel columns asked for before the chart says its width. */
const FIRST_WIDTH = 1200;

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
  /** A request following the seam is in flight. */
  private extending = false;
  private readonly controller: HistoryController;

  constructor(
    private readonly host: FeedHistoryHost,
    private readonly span: number,
  ) {
    this.controller = new HistoryController({
      address: () => host.address(),
      stream: () => host.stream(),
      pageHref: () => location.href,
      onHistory: (data, view) => {
        if (view) this.zoomed = data;
        else this.opened = data;
        host.onHistory();
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
    if (this.started) return this.followSeam(oldest);
    this.started = true;
    void this.controller.open(this.span, newest, oldest, FIRST_WIDTH);
  }

  private followSeam(oldest: number): void {
    const opened = this.opened;
    if (!opened || opened.to === null || opened.from === null || this.extending) return;
    const pixel = Math.max(1, (opened.to - opened.from) / opened.points);
    if (oldest - opened.to <= pixel) return;
    this.extending = true;
    const from = opened.to;
    this.controller
      .range({ from, to: oldest, points: Math.ceil((oldest - from) / pixel) })
      .then((more) => {
        if (this.opened !== opened) return; // another run or span meanwhile
        this.opened = appendAnswer(opened, more, oldest);
        this.host.onHistory();
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
    if (!this.started) return;
    if (range) {
      void this.controller.viewChanged(range, this.host.rows()?.oldestTime(), width);
    } else if (this.zoomed) {
      this.zoomed = undefined;
      this.controller.backToLive();
      this.host.onHistory();
    }
  }

  /** The history lines of the drawn series, before the window's oldest row. */
  lines(): LinePoints[] {
    const data = this.zoomed ?? this.opened;
    if (!data) return [];
    return historyLines(data, this.host.drawnColumns(), this.host.rows()?.oldestTime());
  }

  /** Every row of [from, to] from the daemon (for CSV export), in pieces at full resolution. */
  rows(from: number, to: number): Promise<HistoryData[]> {
    return this.controller.fullResolution(from, to);
  }

  /** Another run: the history is fetched again with its first rows. */
  reset(): void {
    this.controller.reset();
    this.opened = undefined;
    this.zoomed = undefined;
    this.started = false;
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
