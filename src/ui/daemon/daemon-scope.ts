import type { StreamInfo } from '../../protocol/events.js';
import { SharedEventStream } from './shared-event-stream.js';

/**
 * What the elements of a page share with each other for one daemon and one token: the open
 * connections (one EventSource per stream) and the `/api/streams` requests in flight. Two daemons,
 * or one daemon with two tokens, get two scopes that share nothing. A scope lives while it has a
 * connection or a request; then it removes itself from its registry (`dispose()` ends it at once).
 */
export class DaemonScope {
  private readonly connections = new Map<string, SharedEventStream>();
  private readonly lists = new Map<string, Promise<StreamInfo[]>>();
  private disposed = false;

  constructor(
    readonly key: string,
    private readonly onIdle: (scope: DaemonScope) => void,
  ) {}

  /** The page's connection to `url` (an absolute events URL), opened on its first subscriber. */
  connection(url: string): SharedEventStream {
    let shared = this.connections.get(url);
    if (!shared) {
      const created = new SharedEventStream(url, () => {
        if (this.connections.get(url) === created) this.connections.delete(url);
        this.checkIdle();
      });
      this.connections.set(url, created);
      shared = created;
    }
    return shared;
  }

  /** The stream list at `url`, one request for every element that asks while it is in flight. */
  streamList(url: string, load: (url: string) => Promise<StreamInfo[]>): Promise<StreamInfo[]> {
    let request = this.lists.get(url);
    if (!request) {
      request = load(url);
      this.lists.set(url, request);
      const forget = () => {
        this.lists.delete(url);
        this.checkIdle();
      };
      request.then(forget, forget);
    }
    return request;
  }

  /** Connections open in this scope, with their subscribers (for diagnostics and tests). */
  describe(): { url: string; subscribers: number; state: string }[] {
    return [...this.connections.values()].map((s) => ({ url: s.url, subscribers: s.subscribers.size, state: s.state }));
  }

  /** Closes every connection of the scope and forgets it. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const connection of [...this.connections.values()]) connection.close();
    this.connections.clear();
    this.lists.clear();
    this.onIdle(this);
  }

  private checkIdle(): void {
    if (!this.disposed && this.connections.size === 0 && this.lists.size === 0) this.dispose();
  }
}

/** The scopes in use, by key (see scopeKey in ../daemon-url.ts); a scope leaves when idle. */
export class ScopeRegistry {
  private readonly scopes = new Map<string, DaemonScope>();

  get(key: string): DaemonScope {
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = new DaemonScope(key, (idle) => {
        if (this.scopes.get(key) === idle) this.scopes.delete(key);
      });
      this.scopes.set(key, scope);
    }
    return scope;
  }

  /** Keys of the scopes in use. */
  keys(): string[] {
    return [...this.scopes.keys()];
  }
}

/** The elements of one page (one module instance) find each other's scopes here. */
export const pageScopes = new ScopeRegistry();
