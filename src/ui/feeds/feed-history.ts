import type { HistoryData } from '../../protocol/events.js';
import type { LinePoints } from '../../values/m4.js';
import type { RowWindow } from '../chart/row-window.js';
import { HistoryController } from '../controllers/history-controller.js';
import type { DaemonAddress } from '../daemon-url.js';
import { historyLines } from '../history-range.js';
import type { Rows } from '../protocol.js';

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
  private data: HistoryData | undefined;
  private opened = false;
  private readonly controller: HistoryController;

  constructor(
    private readonly host: FeedHistoryHost,
    private readonly span: number,
  ) {
    this.controller = new HistoryController({
      address: () => host.address(),
      stream: () => host.stream(),
      pageHref: () => location.href,
      onHistory: (data) => {
        this.data = data;
        host.onHistory();
      },
      onError: (message) => host.onError(message),
    });
  }

  /** Rows arrived in the window: the first ones open the chart on the span before them. */
  rowsArrived(rows: Rows): void {
    if (this.opened) return;
    const newest = Date.parse(rows.t.at(-1) ?? '');
    const oldest = this.host.rows()?.oldestTime();
    if (!Number.isFinite(newest) || oldest === undefined) return;
    this.opened = true;
    void this.controller.open(this.span, newest, oldest, FIRST_WIDTH);
  }

  /** The user zoomed or panned: what the window lacks of the view is fetched. */
  viewChanged(range: [number, number], width: number): void {
    if (this.opened) void this.controller.viewChanged(range, this.host.rows()?.oldestTime(), width);
  }

  /** The history lines of the drawn series, before the window's oldest row. */
  lines(): LinePoints[] {
    if (!this.data) return [];
    return historyLines(this.data, this.host.drawnColumns(), this.host.rows()?.oldestTime());
  }

  /** Another run: the history is fetched again with its first rows. */
  reset(): void {
    this.controller.reset();
    this.data = undefined;
    this.opened = false;
  }
}
