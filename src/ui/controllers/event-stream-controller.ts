import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface EventStreamHandlers {
  /** A named event with its parsed JSON data. */
  onEvent(name: string, data: unknown, lastEventId: string): void;
  onState(state: ConnectionState, detail?: string): void;
  /** The server said the stream does not exist (404): no point retrying. */
  onGone(message: string): void;
}

/** Event names the daemon sends; each is parsed as JSON and handed to `onEvent`. */
export const STREAM_EVENTS = [
  'meta',
  'started',
  'update',
  'batch',
  'progress',
  'looped',
  'status',
  'jobfinished',
  'sourceerror',
  'reset',
  'end',
] as const;

const MAX_BACKOFF_MS = 30_000;

/**
 * Owns the EventSource of one element: opens it, resumes it, closes it when the element leaves the
 * page. A native EventSource reconnects by itself after a dropped connection, but gives up for
 * good after a non-200 answer (a 503 when the server is full, or a restart in progress); then this
 * controller retries with exponential backoff and jitter, passing the last event id in the query.
 */
export class EventStreamController implements ReactiveController {
  private source: EventSource | undefined;
  private url: string | undefined;
  private lastEventId = '';
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  state: ConnectionState = 'idle';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly handlers: EventStreamHandlers,
  ) {
    host.addController(this);
  }

  /** Connects to `url` (a fresh start: no resume). */
  open(url: string): void {
    this.close();
    this.url = url;
    this.lastEventId = '';
    this.attempts = 0;
    this.connect();
  }

  /** Closes the connection and cancels retries. */
  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.source) {
      for (const name of STREAM_EVENTS) this.source.removeEventListener(name, this.onMessage);
      this.source.close();
    }
    this.source = undefined;
    this.url = undefined;
    if (this.state !== 'idle') this.setState('closed');
  }

  hostDisconnected(): void {
    this.close();
  }

  private connect(): void {
    if (!this.url) return;
    const url = new URL(this.url, location.href);
    if (this.lastEventId) url.searchParams.set('lastEventId', this.lastEventId);
    const source = new EventSource(url.href);
    this.source = source;
    this.setState(this.attempts === 0 && !this.lastEventId ? 'connecting' : 'reconnecting');
    source.onopen = () => {
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

  private readonly onMessage = (event: Event) => {
    const message = event as MessageEvent<string>;
    if (message.lastEventId) this.lastEventId = message.lastEventId;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      data = message.data;
    }
    this.handlers.onEvent(message.type, data, message.lastEventId);
  };

  /** After a non-200 answer: find out whether the stream still exists, then back off and retry. */
  private async retryLater(): Promise<void> {
    this.source?.close();
    this.source = undefined;
    this.setState('reconnecting');
    const url = this.url;
    if (!url) return;
    try {
      const info = await fetch(new URL(url.replace(/\/events(\?.*)?$/, ''), location.href), { cache: 'no-store' });
      if (info.status === 404) {
        if (url === this.url) this.handlers.onGone('the stream does not exist on the server');
        return;
      }
    } catch {
      // The server is unreachable: keep retrying.
    }
    if (url !== this.url || this.retryTimer) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (url === this.url && !this.source) this.connect();
    }, delay);
  }

  private setState(state: ConnectionState, detail?: string): void {
    if (state === this.state) return;
    this.state = state;
    this.handlers.onState(state, detail);
    this.host.requestUpdate();
  }
}
