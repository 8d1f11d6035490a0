import type { ReactiveControllerHost } from 'lit';
import type { DashboardInfo } from '../../protocol/dashboards.js';
import type { StreamsData } from '../../protocol/events.js';
import { EventStreamController } from '../controllers/event-stream-controller.js';
import { eventsUrl, scopeKey, type DaemonAddress } from '../daemon-url.js';

/**
 * Hears of a config reload that changed a dashboard: the daemon then sends every open event stream
 * an `event: streams` naming the dashboards it changed. The dashboard listens on the page's shared
 * connection to one of its own streams (the one its panels open anyway: no connection of its own).
 */
export class DashboardReload {
  private readonly connection: EventStreamController;
  private watched = '';
  private id = '';

  constructor(host: ReactiveControllerHost, onChanged: () => void) {
    this.connection = new EventStreamController(host, {
      onEvent: (name, data) => {
        if (name === 'streams' && (data as StreamsData | null)?.dashboards?.includes(this.id)) onChanged();
      },
      onState: () => {},
      onGone: () => {},
      onRefused: () => {},
    });
  }

  /** Listens for `dashboard` (on the stream of its first panel), or for nothing (undefined). */
  watch(address: DaemonAddress, dashboard: DashboardInfo | undefined): void {
    const first = dashboard?.panels[0];
    const stream = first ? (first.type === 'chart' ? first.streams[0] : first.stream) : undefined;
    const url = stream ? eventsUrl(address, stream, location.href) : '';
    this.id = dashboard?.id ?? '';
    if (url === this.watched && (this.connection.url !== undefined || !url)) return;
    this.watched = url;
    if (url) this.connection.open(scopeKey(address, location.href), url, 0);
    else this.connection.close();
  }
}
