import type { ReactiveController, ReactiveElement } from 'lit';
import type { SeriesChild } from '../feeds/feed-specs.js';

const ATTRIBUTES = ['stream', 'column', 'server', 'token'];

/**
 * The host's `<rg-series>` children, as they are now: read on demand, and watched (added,
 * removed, attributes changed) so that the host can follow them (`onChange`). Children parsed
 * after the host was connected count too.
 */
export class SeriesChildren implements ReactiveController {
  private observer: MutationObserver | undefined;

  constructor(
    private readonly host: ReactiveElement,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  read(): SeriesChild[] {
    return [...this.host.children]
      .filter((child) => child.localName === 'rg-series')
      .map((child) => ({
        stream: child.getAttribute('stream') ?? '',
        column: child.getAttribute('column') ?? '',
        server: child.getAttribute('server'),
        token: child.getAttribute('token'),
      }));
  }

  hostConnected(): void {
    this.observer ??= new MutationObserver((records) => {
      const changed = records.some((r) =>
        r.type === 'attributes'
          ? r.target !== this.host && r.target.nodeName === 'RG-SERIES'
          : [...r.addedNodes, ...r.removedNodes].some((n) => n.nodeName === 'RG-SERIES'),
      );
      if (changed) this.onChange();
    });
    this.observer.observe(this.host, { childList: true, subtree: true, attributes: true, attributeFilter: ATTRIBUTES });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }
}
