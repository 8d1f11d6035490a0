import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { STREAM_EVENTS } from '../../protocol/events.js';

export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface EventStreamHandlers {
  /** A named event with its parsed JSON data. */
  onEvent(name: string, data: unknown, lastEventId: string): void;
  onState(state: ConnectionState, detail?: string): void;
  /** The server said the stream does not exist (404): no point retrying. */
  onGone(message: string): void;
  /** The server refused the request (401 or 403: no token, or a wrong one): no point retrying. */
  onRefused(message: string): void;
}

export interface OpenOptions {
  /**
   * Rows this subscriber would like to receive when it joins a connection that is already open
   * (the connection keeps that many of the latest rows for late joiners). Default 120.
   */
  history?: number;
}


const MAX_BACKOFF_MS = 30_000;
/** Rows a shared connection keeps for late joiners at most, whatever they ask for. */
const MAX_CACHED_ROWS = 200_000;

interface Subscriber extends EventStreamHandlers {
  history: number;
}

interface CachedEvent {
  name: string;
  data: unknown;
  id: string;
  rows: number;
}

/**
 * One EventSource shared by every subscriber (element) that watches the same events URL. It is
 * reference-counted: opened by the first subscriber, closed when the last one leaves.
 *
 * A native EventSource reconnects by itself after a dropped connection, but gives up for good
 * after a non-200 answer (a 503 when the server is full, or a restart in progress); then this
 * retries with exponential backoff and jitter, passing the last event id in the query.
 *
 * A subscriber that joins while the connection is open missed the `meta` event and the recent
 * rows the server sent at connect time, so the connection keeps them (the last `meta`, the latest
 * `status` / `progress` / `looped`, and the rows since `meta`, bounded by the largest `history`
 * asked for) and replays them to the newcomer, synchronously, before any further live event.
 */
class SharedEventStream {
  readonly subscribers = new Set<Subscriber>();
  state: ConnectionState = 'idle';
  private source: EventSource | undefined;
  private lastEventId = '';
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private meta: CachedEvent | undefined;
  private readonly latest = new Map<string, CachedEvent>();
  private rows: CachedEvent[] = [];
  private cachedRows = 0;
  private rowLimit = 0;

  constructor(
    readonly url: string,
    private readonly onEmpty: () => void,
  ) {}

  add(subscriber: Subscriber): void {
    const joining = this.source !== undefined || this.retryTimer !== undefined || this.state !== 'idle';
    this.subscribers.add(subscriber);
    this.rowLimit = Math.min(MAX_CACHED_ROWS, Math.max(...[...this.subscribers].map((s) => s.history)));
    if (joining) this.replayTo(subscriber);
    else this.connect();
  }

  remove(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    if (this.subscribers.size > 0) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.dropSource();
    this.onEmpty();
  }

  private replayTo(subscriber: Subscriber): void {
    if (this.state !== 'idle') subscriber.onState(this.state);
    if (!this.meta) return;
    const send = (e: CachedEvent) => {
      if (this.subscribers.has(subscriber)) subscriber.onEvent(e.name, e.data, e.id);
    };
    send(this.meta);
    for (const e of this.latest.values()) send(e);
    for (const e of this.rows) send(e);
  }

  private connect(): void {
    if (this.closed) return;
    const url = new URL(this.url);
    if (this.lastEventId) url.searchParams.set('lastEventId', this.lastEventId);
    const source = new EventSource(url.href);
    this.source = source;
    this.setState(this.attempts === 0 && !this.lastEventId ? 'connecting' : 'reconnecting');
    source.onopen = () => {
      if (source !== this.source) return;
      this.attempts = 0;
      this.setState('live');
    };
    source.onerror = () => {
      if (source !== this.source) return;
      if (source.readyState === EventSource.CONNECTING) {
        this.setState('reconnecting'); // the browser retries by itself after `retry:` ms
      } else {
        void this.retryLater();
      }
    };
    for (const name of STREAM_EVENTS) source.addEventListener(name, this.onMessage);
  }

  private dropSource(): void {
    const source = this.source;
    this.source = undefined;
    if (!source) return;
    for (const name of STREAM_EVENTS) source.removeEventListener(name, this.onMessage);
    source.onopen = null;
    source.onerror = null;
    source.close();
  }

  private readonly onMessage = (event: Event) => {
    const message = event as MessageEvent<string>;
    if (message.lastEventId) this.lastEventId = message.lastEventId;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      data = message.data;
    }
    this.remember(message.type, data, message.lastEventId);
    for (const subscriber of [...this.subscribers]) {
      if (this.subscribers.has(subscriber)) subscriber.onEvent(message.type, data, message.lastEventId);
    }
  };

  /** Keeps what a late joiner needs to draw the same chart as the others. */
  private remember(name: string, data: unknown, id: string): void {
    const event: CachedEvent = { name, data, id, rows: 0 };
    switch (name) {
      case 'meta':
        this.meta = event;
        this.latest.clear(); // meta carries the current progress, pass and status
        return;
      case 'reset':
        this.meta = undefined;
        this.latest.clear();
        this.clearRows();
        return;
      case 'started':
        this.latest.clear();
        this.clearRows();
        this.latest.set(name, event);
        return;
      case 'update':
      case 'batch': {
        event.rows = name === 'update' ? 1 : ((data as { t?: unknown[] }).t?.length ?? 0);
        this.rows.push(event);
        this.cachedRows += event.rows;
        while (this.rows.length > 1 && this.cachedRows - this.rows[0]!.rows >= this.rowLimit) {
          this.cachedRows -= this.rows.shift()!.rows;
        }
        if (this.rowLimit === 0) this.clearRows();
        return;
      }
      case 'looped': // the element starts a fresh window: so does the cache
        this.clearRows();
        this.latest.delete(name);
        this.latest.set(name, event);
        return;
      case 'status':
      case 'progress':
      case 'jobfinished':
      case 'sourceerror':
        this.latest.delete(name); // keep arrival order
        this.latest.set(name, event);
        return;
      default:
        return;
    }
  }

  private clearRows(): void {
    this.rows = [];
    this.cachedRows = 0;
  }

  /** After a non-200 answer: find out whether the stream still exists, then back off and retry. */
  private async retryLater(): Promise<void> {
    this.dropSource();
    this.setState('reconnecting');
    try {
      const info = await fetch(streamInfoUrl(this.url), { cache: 'no-store' });
      if (info.status === 404) {
        if (!this.closed) for (const subscriber of [...this.subscribers]) subscriber.onGone('the stream does not exist on the server');
        return;
      }
      if (info.status === 401 || info.status === 403) {
        const message = `the server refused the stream (${info.status}): it needs a valid \`token\``;
        if (!this.closed) for (const subscriber of [...this.subscribers]) subscriber.onRefused(message);
        return;
      }
    } catch {
      // The server is unreachable: keep retrying.
    }
    if (this.closed || this.retryTimer || this.source) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed && !this.source) this.connect();
    }, delay);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const subscriber of [...this.subscribers]) subscriber.onState(state);
  }
}

/** `/api/streams/:id` for its events URL, with the same query (an `access_token`). */
function streamInfoUrl(eventsUrl: string): URL {
  const url = new URL(eventsUrl);
  url.pathname = url.pathname.replace(/\/events$/, '');
  url.searchParams.delete('lastEventId');
  return url;
}

/** Open connections by absolute events URL. */
const registry = new Map<string, SharedEventStream>();

/**
 * The shared connections open in this page, by URL, with their number of subscribers (for
 * diagnostics and tests).
 */
export function sharedConnections(): { url: string; subscribers: number; state: ConnectionState }[] {
  return [...registry.values()].map((s) => ({ url: s.url, subscribers: s.subscribers.size, state: s.state }));
}

/**
 * Connects one element to an event stream. Elements of a page that watch the same stream on the
 * same server share one EventSource (see `SharedEventStream`); each still gets every event, and
 * the connection closes when the last of them stops or leaves the page.
 */
export class EventStreamController implements ReactiveController {
  private shared: SharedEventStream | undefined;
  private subscriber: Subscriber | undefined;
  state: ConnectionState = 'idle';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly handlers: EventStreamHandlers,
  ) {
    host.addController(this);
  }

  /** The absolute URL of the stream this controller is subscribed to, if any. */
  get url(): string | undefined {
    return this.shared?.url;
  }

  /** Subscribes to `url` (joining the page's connection to it, or opening one). */
  open(url: string, options: OpenOptions = {}): void {
    this.close();
    const key = new URL(url, location.href).href;
    let shared = registry.get(key);
    if (!shared) {
      const created = new SharedEventStream(key, () => {
        if (registry.get(key) === created) registry.delete(key);
      });
      registry.set(key, created);
      shared = created;
    }
    // A fresh object per subscription: events of an old subscription never reach a new one.
    const subscriber: Subscriber = {
      history: Math.max(0, options.history ?? 120),
      onEvent: (name, data, id) => {
        if (this.subscriber === subscriber) this.handlers.onEvent(name, data, id);
      },
      onState: (state) => {
        if (this.subscriber === subscriber) this.setState(state);
      },
      onGone: (message) => {
        if (this.subscriber === subscriber) this.handlers.onGone(message);
      },
      onRefused: (message) => {
        if (this.subscriber === subscriber) this.handlers.onRefused(message);
      },
    };
    this.shared = shared;
    this.subscriber = subscriber;
    shared.add(subscriber);
  }

  /** Leaves the connection (closing it if this was its last subscriber) and cancels retries. */
  close(): void {
    const { shared, subscriber } = this;
    this.shared = undefined;
    this.subscriber = undefined;
    if (shared && subscriber) shared.remove(subscriber);
    if (this.state !== 'idle') this.setState('closed');
  }

  hostDisconnected(): void {
    this.close();
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.handlers.onState(state);
    this.host.requestUpdate();
  }
}
