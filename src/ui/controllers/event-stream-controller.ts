import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pageScopes, type DaemonScope } from '../daemon/daemon-scope.js';
import type { ConnectionState, Subscriber } from '../daemon/shared-event-stream.js';

export type { ConnectionState };

export type EventStreamHandlers = Omit<Subscriber, 'history'>;

/**
 * Connects one element to one event stream. Elements of a page that watch the same stream of the
 * same daemon with the same token share one EventSource (see SharedEventStream, DaemonScope);
 * each still gets every event, and the connection closes when the last of them stops or leaves
 * the page.
 */
export class EventStreamController implements ReactiveController {
  private connection: ReturnType<DaemonScope['connection']> | undefined;
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
    return this.connection?.url;
  }

  /**
   * Subscribes to `url` (an absolute events URL) in `scope`, joining the page's connection to it
   * or opening one; `history` is the rows wanted at once when joining an open connection.
   */
  open(scopeKey: string, url: string, history: number): void {
    this.close();
    const connection = pageScopes.get(scopeKey).connection(url);
    // A fresh object per subscription: events of an old subscription never reach a new one.
    const subscriber: Subscriber = {
      history: Math.max(0, history),
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
    this.connection = connection;
    this.subscriber = subscriber;
    connection.add(subscriber);
  }

  /** Leaves the connection (closing it if this was its last subscriber) and cancels retries. */
  close(): void {
    const { connection, subscriber } = this;
    this.connection = undefined;
    this.subscriber = undefined;
    if (connection && subscriber) connection.remove(subscriber);
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
