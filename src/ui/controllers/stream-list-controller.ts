import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StreamInfo } from '../../protocol/events.js';
import { pageScopes } from '../daemon/daemon-scope.js';

export interface StreamListSource {
  /** The scope of the daemon and token (see scopeKey) and the absolute `/api/streams` URL. */
  where(): { scope: string; url: string };
  onLoaded(streams: StreamInfo[]): void;
  onError(message: string): void;
}

/**
 * The daemon's list of streams, for the picker. Elements of a page that ask the same daemon with
 * the same token while a request is in flight share it (DaemonScope); an answer for a server or
 * token the element no longer points at is dropped.
 */
export class StreamListController implements ReactiveController {
  streams: StreamInfo[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: StreamListSource,
  ) {
    host.addController(this);
  }

  async load(): Promise<void> {
    const { scope, url } = this.source.where();
    const request = pageScopes.get(scope).streamList(url, fetchStreams);
    try {
      const streams = await request;
      if (this.source.where().url !== url) return; // `server` or `token` changed meanwhile
      this.streams = streams;
      this.host.requestUpdate();
      this.source.onLoaded(streams);
    } catch (error) {
      if (this.source.where().url === url) this.source.onError(`cannot list the streams: ${(error as Error).message}`);
    }
  }

  hostConnected(): void {}
}

async function fetchStreams(url: string): Promise<StreamInfo[]> {
  const response = await fetch(url, { cache: 'no-store' });
  if (response.status === 401 || response.status === 403)
    throw new Error(`the server answered ${response.status} (it needs a valid \`token\`)`);
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return ((await response.json()) as { streams: StreamInfo[] }).streams;
}
