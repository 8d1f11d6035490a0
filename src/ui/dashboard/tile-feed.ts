import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AlertData, EndData, MetaData, SourceErrorData, StateData } from '../../protocol/events.js';
import { StreamMarks, type FiringPeriod } from '../chart/stream-marks.js';
import { EventStreamController } from '../controllers/event-stream-controller.js';
import { eventsUrl, scopeKey, type DaemonAddress } from '../daemon-url.js';
import { toRows, type Rows } from '../row-events.js';

/** What a tile reads of its host when it connects, and what it tells it. */
export interface TileFeedHost {
  /** The daemon and the stream (null: nothing to show yet). */
  where(): { address: DaemonAddress; stream: string } | null;
  /** Recent rows wanted when joining a connection other elements of the page opened already. */
  history(): number;
  /** Rows arrived (in `meta.columns` order). */
  onRows?(rows: Rows, meta: MetaData): void;
  /** Another run, a reset or a loop: the rows seen so far are not continued by the next ones. */
  onRestart?(): void;
}

/**
 * One stream as a tile sees it: its `meta`, the state changes and alerts (StreamMarks), the data
 * time of its newest row, and why it cannot be shown (`message`). It subscribes through the page's
 * shared connection to the stream (EventStreamController), so a page has one EventSource per
 * stream however many charts and tiles show it. Connected while the host is on the page.
 */
export class TileFeed implements ReactiveController {
  meta: MetaData | undefined;
  readonly marks = new StreamMarks();
  /** The data time of the newest row (epoch ms), once a row came. */
  newest: number | undefined;
  message = '';
  private readonly connection: EventStreamController;
  private opened = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly source: TileFeedHost,
  ) {
    host.addController(this);
    this.connection = new EventStreamController(host, {
      onEvent: (name, data) => this.onEvent(name, data),
      onState: () => {},
      onGone: (message) => this.fail(message),
      onRefused: (message) => this.fail(message),
    });
  }

  /** The state in effect (the newest change) and since when, if the stream told one. */
  get state(): { value: string; at: number } | undefined {
    const band = this.marks.bands(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, []).at(-1);
    return band && { value: band.value, at: band.from };
  }

  /** The rules firing now, each with the data time it began firing, oldest first. */
  firing(): FiringPeriod[] {
    return this.marks.firingPeriods(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY).filter((p) => p.to === Number.POSITIVE_INFINITY);
  }

  /** Connects to the stream the host names now, if it names another (or `again`: from the recent rows once more). */
  open(again = false): void {
    const where = this.source.where();
    const key = where ? `${scopeKey(where.address, location.href)} ${where.stream}` : '';
    if (key === this.opened && this.connection.url && !again) return;
    this.opened = key;
    this.connection.close();
    this.meta = undefined;
    this.newest = undefined;
    this.message = '';
    this.marks.clear();
    this.source.onRestart?.();
    if (where)
      this.connection.open(
        scopeKey(where.address, location.href),
        eventsUrl(where.address, where.stream, location.href),
        this.source.history(),
      );
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.opened = '';
    this.open();
  }

  hostDisconnected(): void {
    this.opened = ''; // the connection controller leaves the stream by itself
  }

  private onEvent(name: string, data: unknown): void {
    switch (name) {
      case 'meta': {
        const meta = data as MetaData;
        if (meta.run !== this.meta?.run) this.restart();
        this.meta = meta;
        this.message = '';
        break;
      }
      case 'started':
      case 'reset':
        this.marks.clear();
        this.restart();
        break;
      case 'looped': // the times go back: what is in effect carries on, from an unknown time
        this.marks.loop();
        this.restart();
        break;
      case 'state':
      case 'alert':
        if (!this.marks.add(name, data as StateData | AlertData)) return;
        break;
      case 'update':
      case 'batch':
        if (!this.meta) return;
        this.takeRows(toRows(name, data, this.meta), this.meta);
        break;
      case 'jobfinished': // the run is over (the daemon ends the connection): leave it, as the charts do
        queueMicrotask(() => this.connection.close()); // after the rows a late joiner is handed with it
        return;
      case 'sourceerror':
        this.fail((data as SourceErrorData | null)?.message ?? 'the source failed');
        return;
      case 'end':
        if ((data as EndData | null)?.reason !== 'removed') return;
        this.fail('the stream was removed from the server');
        return;
      default:
        return;
    }
    this.host.requestUpdate();
  }

  private takeRows(rows: Rows, meta: MetaData): void {
    for (let k = rows.t.length - 1; k >= 0; k--) {
      const t = Date.parse(rows.t[k] ?? '');
      if (Number.isFinite(t)) {
        this.newest = t;
        break;
      }
    }
    this.source.onRows?.(rows, meta);
  }

  private restart(): void {
    this.newest = undefined;
    this.source.onRestart?.();
  }

  private fail(message: string): void {
    this.message = message;
    this.host.requestUpdate();
  }
}
