import type { ReactiveControllerHost } from 'lit';
import type { DashboardInfo } from '../../protocol/dashboards.js';
import type { StreamsData } from '../../protocol/events.js';
import { EventStreamController } from '../controllers/event-stream-controller.js';
import { eventsUrl, scopeKey, type DaemonAddress } from '../daemon-url.js';

/** Announcements of one reload reach each stream's connection within this time of each other: one fetch for them all. */
const BURST_MS = 100;

/**
 * Hears of a config reload that changed a dashboard: the daemon then sends every open event
 * stream an `event: streams` naming the dashboards it changed. The dashboard listens on the page's
 * shared connections to its own streams (those its panels open anyway: no connection of its own),
 * each until its run finishes (the daemon then ends it, as the charts and tiles leave it). So a
 * dashboard hears of a reload while one of its streams is live.
 */
export class DashboardReload {
  private readonly watching = new Map<string, EventStreamController>();
  /** Streams whose run finished: not joined again (the daemon would only end the connection again). */
  private readonly finished = new Set<string>();
  private id = '';
  private burst: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChanged: () => void,
  ) {}

  /** Listens for `dashboard` on the streams of its panels (and leaves the streams it no longer has). */
  watch(address: DaemonAddress, dashboard: DashboardInfo | undefined): void {
    this.id = dashboard?.id ?? '';
    const streams = new Set(dashboard?.panels.flatMap((p) => (p.type === 'chart' ? p.streams : [p.stream])) ?? []);
    const urls = new Set([...streams].map((stream) => eventsUrl(address, stream, location.href)));
    for (const [url, connection] of this.watching) {
      if (urls.has(url)) continue;
      connection.close();
      this.host.removeController(connection);
      this.watching.delete(url);
    }
    for (const url of urls) {
      let connection = this.watching.get(url);
      if (!connection) {
        connection = this.listen(url);
        this.watching.set(url, connection);
      }
      if (connection.url === undefined && !this.finished.has(url)) connection.open(scopeKey(address, location.href), url, 0);
    }
  }

  private listen(url: string): EventStreamController {
    const connection: EventStreamController = new EventStreamController(this.host, {
      onEvent: (name, data) => {
        if (name === 'streams' && (data as StreamsData | null)?.dashboards?.includes(this.id)) this.announce();
        if (name !== 'jobfinished') return;
        this.finished.add(url);
        queueMicrotask(() => connection.close()); // after the events a late joiner is handed with it
      },
      onState: () => {},
      onGone: () => {},
      onRefused: () => {},
    });
    return connection;
  }

  private announce(): void {
    if (this.burst) return;
    this.burst = setTimeout(() => {
      this.burst = undefined;
      this.onChanged();
    }, BURST_MS);
  }
}
