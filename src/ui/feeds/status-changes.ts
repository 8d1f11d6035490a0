import type { GraphStatusDetail } from '../graph-events.js';

/**
 * Whether `rg-status` has news: anything in the detail changed since the last one sent, the lags
 * counted to the tenth of a second (they move with every millisecond).
 */
export class StatusChanges {
  private last = '';

  changed(detail: GraphStatusDetail): boolean {
    const key = JSON.stringify({ ...detail, lag: Math.round(detail.lag / 100), streams: detail.streams.map((s) => ({ ...s, lag: Math.round(s.lag / 100) })) });
    if (key === this.last) return false;
    this.last = key;
    return true;
  }
}
