import type { GraphEventMap, GraphStatusDetail } from './graph-events.js';

/**
 * Fires the element's `rg-*` events (bubbling, composed: they leave the shadow root), and
 * `rg-status` only when its detail has news: anything changed since the last one sent, the lags
 * counted to the tenth of a second (they move with every millisecond).
 */
export class GraphEmitter {
  private lastStatus = '';

  constructor(private readonly target: EventTarget) {}

  emit<K extends keyof GraphEventMap>(name: K, detail: GraphEventMap[K]['detail']): void {
    this.target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** Sends `rg-status` if `detail` has news; true when it did. */
  status(detail: GraphStatusDetail): boolean {
    const key = JSON.stringify({
      ...detail,
      lag: Math.round(detail.lag / 100),
      streams: detail.streams.map((s) => ({ ...s, lag: Math.round(s.lag / 100) })),
    });
    if (key === this.lastStatus) return false;
    this.lastStatus = key;
    this.emit('rg-status', detail);
    return true;
  }
}
