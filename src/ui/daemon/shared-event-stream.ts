import { STREAM_EVENTS } from '../../protocol/events.js';
import { ReplayCache } from './replay-cache.js';

export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface Subscriber {
  /** Rows this subscriber would like on joining an open connection (see ReplayCache). */
  history: number;
  /** A named event with its parsed JSON data. */
  onEvent(name: string, data: unknown, lastEventId: string): void;
  onState(state: ConnectionState): void;
  /** The server said the stream does not exist (404): no point retrying. */
  onGone(message: string): void;
  /** The server refused the request (401 or 403: no token, or a wrong one): no point retrying. */
  onRefused(message: string): void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * One EventSource shared by every subscriber (element) that watches the same events URL. It is
 * reference-counted: opened by the first subscriber, closed when the last one leaves.
 *
 * A native EventSource reconnects by itself after a dropped connection, but gives up for good
 * after a non-200 answer (a 503 when the server is full, or a restart in progress); then this
 * retries with exponential backoff and jitter, passing the last event id in the query.
 *
 * A subscriber that joins while the connection is open gets what the ReplayCache kept,
 * synchronously, before any further live event.
 */
export class SharedEventStream {
  readonly subscribers = new Set<Subscriber>();
  state: ConnectionState = 'idle';
  private source: EventSource | undefined;
  private lastEventId = '';
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly cache = new ReplayCache();

  constructor(
    readonly url: string,
    private readonly onEmpty: () => void,
  ) {}

  add(subscriber: Subscriber): void {
    const joining = this.source !== undefined || this.retryTimer !== undefined || this.state !== 'idle';
    this.subscribers.add(subscriber);
    this.cache.setLimit(Math.max(...[...this.subscribers].map((s) => s.history)));
    if (joining) this.replayTo(subscriber);
    else this.connect();
  }

  remove(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    if (this.subscribers.size === 0) this.close();
  }

  /** Closes the EventSource and cancels retries, whoever still listens. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.dropSource();
    this.onEmpty();
  }

  private replayTo(subscriber: Subscriber): void {
    if (this.state !== 'idle') subscriber.onState(this.state);
    for (const e of this.cache.replay()) {
      if (this.subscribers.has(subscriber)) subscriber.onEvent(e.name, e.data, e.id);
    }
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
    this.cache.remember({ name: message.type, data, id: message.lastEventId });
    for (const subscriber of [...this.subscribers]) {
      if (this.subscribers.has(subscriber)) subscriber.onEvent(message.type, data, message.lastEventId);
    }
  };

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
