import { html } from 'lit';
import type { DashboardPanel } from '../../protocol/dashboards.js';
import type { DaemonAddress } from '../daemon-url.js';
import type { GridCell } from './grid-placement.js';

/** What every panel of a dashboard shares: the daemon, the colours, the span of history, and the viewer's column choices. */
export interface PanelSettings {
  address: DaemonAddress;
  theme: string;
  /** The span of history the charts open on (`1h`…; empty: the live rows only). */
  range: string;
  /** The columns a viewer chose in chart panel `index`, if any. */
  columns(index: number): string[] | undefined;
}

/**
 * What makes a panel the same panel after a reload of the dashboard's file: everything but its
 * place. A panel whose key is unchanged keeps its element (a chart keeps running); `nth` tells
 * apart panels that are defined alike.
 */
export function panelKey(panel: DashboardPanel, nth: number): string {
  const { x: _x, y: _y, w: _w, h: _h, ...what } = panel;
  return `${JSON.stringify(what)}#${nth}`;
}

/** The panels' keys, in order (see panelKey). */
export function panelKeys(panels: readonly DashboardPanel[]): string[] {
  const seen = new Map<string, number>();
  return panels.map((panel) => {
    const base = panelKey(panel, 0);
    const nth = seen.get(base) ?? 0;
    seen.set(base, nth + 1);
    return panelKey(panel, nth);
  });
}

/** One cell of the grid with its panel (`index` in the dashboard's list of panels). */
export function renderPanel(panel: DashboardPanel, index: number, cell: GridCell, settings: PanelSettings) {
  const place = `--x: ${cell.x + 1}; --y: ${cell.y + 1}; --w: ${cell.w}; --h: ${cell.h}`;
  return html`<div class="panel" part="panel" data-type=${panel.type} style=${place}>${panelElement(panel, index, settings)}</div>`;
}

function panelElement(panel: DashboardPanel, index: number, { address, theme, range, columns }: PanelSettings) {
  switch (panel.type) {
    case 'chart': {
      const several = panel.streams.length > 1;
      return html`<realtime-graph
        data-panel=${index}
        server=${address.server}
        token=${address.token}
        stream=${several ? '' : panel.streams[0]!}
        streams=${several ? panel.streams.join(',') : ''}
        columns=${(columns(index) ?? panel.columns ?? []).join(',')}
        layout=${panel.layout}
        window=${panel.window}
        heading=${panel.title ?? ''}
        range=${range}
        theme=${theme}
        show-picker="false"
        show-controls="false"
        show-ranges="false"
        autostart
      ></realtime-graph>`;
    }
    case 'value':
      return html`<rg-value-tile
        data-panel=${index}
        server=${address.server}
        token=${address.token}
        stream=${panel.stream}
        column=${panel.column}
        unit=${panel.unit ?? ''}
        .decimals=${panel.decimals}
        .sparklineMs=${panel.sparklineMs}
        .colors=${panel.colors}
        heading=${panel.title ?? ''}
        theme=${theme}
      ></rg-value-tile>`;
    case 'state':
      return html`<rg-state-tile
        data-panel=${index}
        server=${address.server}
        token=${address.token}
        stream=${panel.stream}
        heading=${panel.title ?? ''}
        theme=${theme}
      ></rg-state-tile>`;
  }
}
