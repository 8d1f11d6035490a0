import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { DashboardInfo } from '../../protocol/dashboards.js';
import { loadPlotly } from '../chart/plotly-chart.js';
import type { DaemonAddress } from '../daemon-url.js';
import type { GraphHoverDetail, GraphViewDetail } from '../graph-events.js';
import { RANGES, rangesFor, type RangeName } from '../history-range.js';
import { loadDashboard } from './dashboard-loader.js';
import { panelKeys, renderPanel, type PanelSettings } from './dashboard-panels.js';
import { DashboardReload } from './dashboard-reload.js';
import { placePanels } from './grid-placement.js';
import { styles } from './realtime-dashboard.styles.js';
import { SharedWindow, type WindowChart } from './shared-window.js';

/**
 * A dashboard of a realtime-graph daemon (its `dashboards:` config), by id: the title, the span
 * buttons and Live, and a grid of panels: charts (`<realtime-graph>`), value tiles
 * (`<rg-value-tile>`) and state tiles (`<rg-state-tile>`), each at its place on a grid `columns`
 * wide with rows `rowHeight` px high (a panel without x and y flows after the previous one).
 * Narrower than 700 px (the element's own width), the grid is one column of panels in the file's
 * order. Every panel shares the page's connections: one EventSource per stream, however many
 * panels show it.
 *
 * One time window for the whole dashboard: zooming or panning one chart moves the others to the
 * same range (their history fetched as for a zoom of their own), Live (on a chart or in the
 * dashboard's toolbar) brings all back to the newest data, the span buttons open all on a span
 * of history, and the pointer over one chart draws a crosshair at its time on every chart. With
 * `url-state` the span (`?range=6h`), a zoom (`?from=<ISO>&to=<ISO>`) and the columns a viewer
 * chose in a chart (`?columns.<panel>=a,b`) are kept in the page's URL, so a link shows the same.
 *
 * When the daemon reloads a config that changes this dashboard, the element fetches it again and
 * shows the new one; panels defined as before keep their element (a chart keeps running). An
 * unknown dashboard, a refused token or an unreachable daemon is said in the element, in words.
 *
 * @tag realtime-dashboard
 *
 * @csspart header - The row with the title, the span buttons and Live.
 * @csspart title - The dashboard's title.
 * @csspart ranges - The span buttons (1h, 6h, 24h, all).
 * @csspart button - Every button (with one of the parts below as well).
 * @csspart range-button - Each span button (`aria-pressed` on the span shown).
 * @csspart live-button - The Live button (shown while the charts show a zoomed range).
 * @csspart message - Why the dashboard cannot be shown.
 * @csspart grid - The grid of panels.
 * @csspart panel - Each cell of the grid (`data-type`: chart, value or state).
 *
 * @cssprop --rg-dashboard-background - Colour behind the panels.
 * @cssprop --rg-background - Background colour of the panels and buttons.
 * @cssprop --rg-foreground - Text colour.
 * @cssprop --rg-border - Colour of borders.
 * @cssprop --rg-accent - Colour of the pressed span button and of Live.
 * @cssprop --rg-danger - Colour of errors.
 * @cssprop --rg-radius - Corner radius.
 * @cssprop --rg-font - Font family.
 */
export class RealtimeDashboard extends LitElement {
  static override styles = styles;

  static override properties = {
    dashboard: { type: String },
    server: { type: String },
    token: { type: String },
    theme: { type: String, reflect: true },
    urlState: { type: Boolean, attribute: 'url-state' },
  };

  /** Id of the dashboard to show, as listed by `/api/dashboards` (`dashboard` attribute). */
  declare dashboard: string;
  /** Base URL of the daemon (`server` attribute); empty means the page's own origin. */
  declare server: string;
  /** Access token for a daemon that requires one (`token` attribute), passed to every panel. */
  declare token: string;
  /** Colours of the dashboard and its panels: `light` (default), `dark`, or `auto` (the system's setting) (`theme` attribute). */
  declare theme: 'light' | 'dark' | 'auto';
  /** Keep the time window and the viewer's column choices in the page's URL, and start from them (`url-state` attribute). */
  declare urlState: boolean;

  private definition: DashboardInfo | undefined;
  private message = '';
  private loads = 0;
  private restored = false;
  private readonly window = new SharedWindow({
    charts: () => this.charts(),
    urlState: () => this.urlState,
    changed: () => this.requestUpdate(),
  });
  private readonly reload = new DashboardReload(this, () => void this.load());

  constructor() {
    super();
    Object.assign(this, { dashboard: '', server: '', token: '', theme: 'light', urlState: false });
  }

  /** Fetches the definition again and shows it (a reload of the daemon's config does this by itself). */
  async load(): Promise<void> {
    const id = this.dashboard;
    const load = ++this.loads;
    if (!id) return;
    const answer = await loadDashboard(this.address(), id, location.href);
    if (load !== this.loads) return; // another dashboard, server or token meanwhile
    if (!answer.ok) {
      this.message = answer.message;
      if (this.definition?.id !== id) this.definition = undefined; // the same dashboard stays shown (a failed refetch)
    } else {
      if (!this.restored) this.window.restore(location.search);
      this.restored = true;
      this.definition = answer.dashboard;
      this.message = '';
    }
    this.reload.watch(this.address(), this.definition);
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) {
      this.reload.watch(this.address(), this.definition); // attached again
    } else {
      // Plotly takes longest to load: fetched beside the definition, not after it (as its charts would).
      loadPlotly().catch(() => undefined);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('dashboard') || changed.has('server') || changed.has('token')) void this.load();
    this.window.adopt(this.charts());
  }

  protected override render() {
    const dashboard = this.definition;
    return html`<header class="header" part="header">
        <h1 class="title" part="title" title=${dashboard?.title ?? ''}>${dashboard?.title ?? ''}</h1>
        ${dashboard ? this.renderRanges(this.range()) : nothing}
        ${
          this.window.view
            ? html`<button part="button live-button" class="live" title="Every chart follows the newest data again" @click=${() => this.window.live()}>
                Live
              </button>`
            : nothing
        }
      </header>
      ${this.message ? html`<p class="message" part="message" role="alert">${this.message}</p>` : nothing}
      ${dashboard ? this.renderGrid(dashboard) : nothing}`;
  }

  private renderRanges(current: string) {
    const ranges = rangesFor(undefined);
    if (current && !ranges.includes(current as RangeName)) ranges.splice(ranges.length - 1, 0, current as RangeName);
    return html`<span class="ranges" part="ranges" role="group" aria-label="Time span"
      >${ranges.map(
        (range) =>
          html`<button part="button range-button" aria-pressed=${range === current ? 'true' : 'false'} title=${`Every chart shows ${range === 'all' ? 'all the history the daemon keeps' : `the last ${range}`}`} @click=${() => this.window.pick(range)}>
            ${range}
          </button>`,
      )}</span
    >`;
  }

  private renderGrid(dashboard: DashboardInfo) {
    const cells = placePanels(dashboard.panels, dashboard.columns);
    const keys = panelKeys(dashboard.panels);
    const settings: PanelSettings = {
      address: this.address(),
      theme: this.theme,
      range: this.range(),
      columns: (index) => this.window.columns.get(index),
    };
    return html`<div
      class="grid"
      part="grid"
      style=${`--columns: ${dashboard.columns}; --row-height: ${dashboard.rowHeight}px`}
      @rg-view=${this.onView}
      @rg-hover=${this.onHover}
      @rg-columns=${this.onColumns}
    >
      ${repeat(
        dashboard.panels,
        (_, i) => keys[i],
        (panel, i) => renderPanel(panel, i, cells[i]!, settings),
      )}
    </div>`;
  }

  /** The span the charts open on: the viewer's pick, else the dashboard's own (empty: the live rows only). */
  private range(): string {
    const range = this.window.picked ?? this.definition?.range ?? '';
    return Object.hasOwn(RANGES, range) ? range : '';
  }

  private address(): DaemonAddress {
    return { server: this.server, token: this.token };
  }

  private charts(): (WindowChart & HTMLElement)[] {
    return [...this.renderRoot.querySelectorAll('realtime-graph')];
  }

  private readonly onView = (event: CustomEvent<GraphViewDetail>) => {
    const source = this.charts().find((chart) => chart === event.target);
    if (source) this.window.viewedIn(source, event.detail.range);
  };

  private readonly onHover = (event: CustomEvent<GraphHoverDetail>) => {
    this.window.hover(event.detail.t);
  };

  /** A viewer chose other columns in a chart (the column chooser's `rg-columns`). */
  private readonly onColumns = (event: CustomEvent<{ columns: string[] }>) => {
    const index = Number((event.target as HTMLElement).dataset.panel);
    const panel = this.definition?.panels[index];
    if (panel?.type !== 'chart' || !Array.isArray(event.detail?.columns)) return;
    this.window.chose(index, event.detail.columns, panel.columns);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'realtime-dashboard': RealtimeDashboard;
  }
}
