// <realtime-graph>: properties, public methods, rendering and the wiring of its controllers (the
// logic is in ./controllers and the modules beside this file). Longer than 400 lines because a
// third of it is the JSDoc that documents the public API and generates custom-elements.json.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ChartController } from './controllers/chart-controller.js';
import { DrawScheduler } from './controllers/draw-scheduler.js';
import { EventStreamController } from './controllers/event-stream-controller.js';
import { MenuController } from './controllers/menu-controller.js';
import { StatusMeter } from './controllers/status-meter.js';
import { StreamListController } from './controllers/stream-list-controller.js';
import { ThemeController } from './controllers/theme-controller.js';
import { daemonUrl, eventsUrl, scopeKey } from './daemon-url.js';
import { exportName, saveCsv, saveUrl } from './export.js';
import { initialFeed, reduceFeed, wireEvent, type FeedAction, type FeedState, type StopReason } from './feed-reducer.js';
import type { GraphDataDetail, GraphEventMap, GraphStatus, GraphStatusDetail } from './graph-events.js';
import { toRows } from './protocol.js';
import { styles } from './realtime-graph.styles.js';
import { detailText, stateText } from './status-text.js';
import { renderToolbar, type ToolbarActions } from './toolbar.js';

export type * from './graph-events.js';

const DEFAULT_WINDOW = 120;
const MAX_WINDOW = 1_000_000;

/**
 * A live line chart of one stream of a realtime-graph daemon.
 *
 * Rows are kept in a window of the newest `window` rows per column and drawn at most once per
 * animation frame with one Plotly call (see ChartController, DrawScheduler). Elements of a page
 * that watch the same stream on the same server share one connection. What the stream's events
 * do is one pure function (reduceFeed); this element wires it to its controllers.
 *
 * @tag realtime-graph
 *
 * @fires rg-start - Streaming started (Start pressed or `start()` called); `detail: { stream }`.
 * @fires rg-stop - Streaming stopped (Stop, `stop()`, or the stream ended); `detail: { stream, reason }` with reason `stopped`, `finished`, `error` or `removed`.
 * @fires rg-status - The state or the figures of the badge changed; `detail: GraphStatusDetail` (`state` is connecting, live, paused, reconnecting, finished, error or idle; `rowsPerSecond`, `lag`, `pending`, `progress`, `pass`, `message`, `skipped`).
 * @fires rg-data - Rows arrived (also while paused); `detail: { t, columns, y }` in columnar form.
 * @fires rg-error - Something failed (the stream, the connection, the stream list, an export); `detail: { message }`.
 * @fires rg-render - The chart was updated (at most once per animation frame); `detail: { points }`, the newly arrived rows it now shows (0 when it was only redrawn for a zoom).
 *
 * @csspart toolbar - The row with the title, the picker, the buttons and the status.
 * @csspart title - The heading (cut with an ellipsis when the toolbar is narrow; the full heading is its tooltip).
 * @csspart picker - The data source `<select>`.
 * @csspart button - Every button (with one of the parts below as well).
 * @csspart start-button - The Start button.
 * @csspart stop-button - The Stop button.
 * @csspart pause-button - The Pause / Resume button.
 * @csspart live-button - The Live button (shown only while the user has zoomed or panned).
 * @csspart export-button - The Export button, which opens the export menu.
 * @csspart export-menu - The export menu.
 * @csspart menu-item - Every item of the export menu (with one of the parts below as well).
 * @csspart csv-button - The CSV item of the export menu (downloads the window as CSV).
 * @csspart png-button - The PNG item of the export menu (downloads the chart as a PNG image).
 * @csspart status - The status badge.
 * @csspart progress - The replay progress bar inside the badge.
 * @csspart message - The error message.
 * @csspart chart - The chart container.
 *
 * @cssprop --rg-background - Background colour (also of the chart).
 * @cssprop --rg-foreground - Text colour (also of the chart's axes and legend).
 * @cssprop --rg-muted - Colour of secondary text (labels, status).
 * @cssprop --rg-border - Colour of borders.
 * @cssprop --rg-grid - Colour of the chart's grid lines.
 * @cssprop --rg-accent - Colour of the primary button and focus rings.
 * @cssprop --rg-accent-foreground - Text colour on the primary button.
 * @cssprop --rg-danger - Colour of errors.
 * @cssprop --rg-live - Colour of the live dot.
 * @cssprop --rg-warning - Colour of the connecting / reconnecting dot.
 * @cssprop --rg-palette - Line colours, comma-separated, used in turn.
 * @cssprop --rg-threshold - Colour of thresholds that do not name one.
 * @cssprop --rg-height - Height of the chart.
 * @cssprop --rg-radius - Corner radius.
 * @cssprop --rg-font - Font family.
 */
export class RealtimeGraph extends LitElement {
  static override styles = styles;

  static override properties = {
    server: { type: String },
    token: { type: String },
    stream: { type: String, reflect: true },
    columns: { type: String },
    window: { type: Number },
    autostart: { type: Boolean },
    preselect: { type: Boolean, converter: booleanAttribute },
    heading: { type: String },
    legacyTitle: { type: String, attribute: 'title' },
    theme: { type: String, reflect: true },
    showPicker: { type: Boolean, attribute: 'show-picker', converter: booleanAttribute },
    showControls: { type: Boolean, attribute: 'show-controls', converter: booleanAttribute },
    feed: { state: true },
    message: { state: true },
    frozen: { state: true },
    zoomed: { state: true },
    pendingRows: { state: true },
  };

  /** Base URL of the daemon (`server` attribute); empty means the page's own origin. */
  declare server: string;
  /** Access token for a daemon that requires one (`token` attribute), sent as `access_token` in the query of every request. */
  declare token: string;
  /** Id of the stream to show, as listed by `/api/streams` (`stream` attribute). */
  declare stream: string;
  /** Columns to draw: a comma-separated subset of the stream's numeric columns (`columns` attribute); empty draws all. */
  declare columns: string;
  /** Rows kept and drawn per column; older ones scroll out (`window` attribute, default 120). */
  declare window: number;
  /** Start streaming as soon as the element is on the page with a stream (`autostart` attribute). */
  declare autostart: boolean;
  /** Without a `stream`, select the first stream of the list (`preselect="false"` starts on "Choose…"; a hidden picker always selects the first). */
  declare preselect: boolean;
  /** Heading above the chart (`heading` attribute); defaults to the stream's title. */
  declare heading: string;
  /** @deprecated The `title` attribute as the heading (it also gives the whole element a tooltip): use `heading`. Read for one more release. */
  declare legacyTitle: string;
  /** Colours: `light` (default), `dark`, or `auto` (follows the system setting) (`theme` attribute). */
  declare theme: 'light' | 'dark' | 'auto';
  /** Show the data source picker (`show-picker="false"` hides it). */
  declare showPicker: boolean;
  /** Show the Start, Stop, Pause and Export buttons (`show-controls="false"` hides them). */
  declare showControls: boolean;

  declare protected feed: FeedState;
  declare protected message: string;
  /** The view is paused: rows are kept but not drawn. */
  declare protected frozen: boolean;
  /** The user zoomed or panned: the Live button shows. */
  declare protected zoomed: boolean;
  /** Rows waiting to be drawn, as last shown in the badge. */
  declare protected pendingRows: number;

  private readonly connection = new EventStreamController(this, {
    onEvent: (name, data) => this.onEvent(name, data),
    onState: (state) => this.dispatch({ type: 'connection', state }),
    onGone: (message) => this.dispatch({ type: 'gone', message }),
    onRefused: (message) => this.dispatch({ type: 'refused', message }),
  });
  private readonly list = new StreamListController(this, {
    where: () => ({ scope: scopeKey(this, location.href), url: daemonUrl(this, '/api/streams', location.href) }),
    onLoaded: (streams) => {
      if (this.message.startsWith('cannot list the streams')) this.message = '';
      if (!this.stream && streams.length > 0 && ((this.preselect && !this.preselected) || !this.showPicker)) this.stream = streams[0]!.id;
      if (streams.length > 0) this.preselected = true;
    },
    onError: (message) => this.fail(message),
  });
  private readonly chart = new ChartController(this, {
    container: () => (this.isConnected ? { element: this.renderRoot.querySelector<HTMLDivElement>('.chart')!, root: this.shadowRoot! } : null),
    theme: () => this.colors.read(),
    onZoom: (zoomed) => (this.zoomed = zoomed),
    onView: () => this.scheduler.request(),
    onReady: () => {
      // Loading the chart library kept the page busy: rows that came meanwhile were handled
      // late, all at once, and their times would skew the rate.
      if (this.firstChart) this.meter.restart({ keepFigure: true });
      this.firstChart = false;
      this.scheduler.resetBudget();
      this.scheduler.request();
    },
    onError: (message) => this.fail(message),
  });
  private readonly scheduler = new DrawScheduler(this, {
    needsDraw: () => this.chart.needsDraw(this.frozen),
    draw: () => {
      const drawn = this.chart.draw(this.frozen);
      if (!drawn) return undefined;
      if (drawn.rows > 0) this.meter.drawn();
      this.emit('rg-render', { points: drawn.rows });
      return drawn.cost;
    },
  });
  private readonly meter = new StatusMeter(this, () => {
    this.pendingRows = this.frozen ? (this.chart.rows?.pending ?? 0) : 0;
    this.emitStatus();
  });
  private readonly colors = new ThemeController(this, () => {
    if (this.theme === 'auto') this.chart.setTheme(this.colors.read());
  });
  private readonly exportMenu = new MenuController(this, () => this.renderRoot.querySelector<HTMLElement>('.export'));
  /** The first chart of this connection is not built yet: the rate is measured again after it. */
  private firstChart = true;
  /** The first stream was selected for the user once (not again after they chose "Choose…"). */
  private preselected = false;
  private lastStatus = '';
  private autoStarted = false;
  private resumeOnConnect = false;
  private warnedTitle = false;

  constructor() {
    super();
    Object.assign(this, { server: '', token: '', stream: '', columns: '', window: DEFAULT_WINDOW, autostart: false, preselect: true });
    Object.assign(this, { heading: '', legacyTitle: '', theme: 'light', showPicker: true, showControls: true });
    Object.assign(this, { feed: initialFeed, message: '', frozen: false, zoomed: false, pendingRows: 0 });
  }

  /** The badge's state: connecting, live, paused, reconnecting, finished, error or idle. */
  get state(): GraphStatus {
    return this.frozen && this.feed.status === 'live' ? 'paused' : this.feed.status;
  }

  /** True while the view is paused (see `pause()`). */
  get paused(): boolean {
    return this.frozen;
  }

  /** Connects to the selected stream (joining its live run) and starts drawing. */
  start(): void {
    if (!this.stream) return this.fail('choose a data source first');
    this.message = '';
    this.dispatch({ type: 'start' });
    this.meter.restart({ keepFigure: true });
    this.firstChart = true;
    this.emit('rg-start', { stream: this.stream });
    // A shared connection hands over its recent rows at once, here: the meter's backlog.
    this.connection.open(scopeKey(this, location.href), eventsUrl(this, this.stream, location.href), this.windowSize);
  }

  /** Disconnects; the chart keeps what it shows. */
  stop(reason: StopReason = 'stopped'): void {
    this.dispatch({ type: 'stop', reason });
  }

  /** Freezes the chart for reading; rows keep arriving into the window and `resume()` draws them. */
  pause(): void {
    if (this.frozen) return;
    this.frozen = true;
    this.scheduler.cancel();
    this.scheduler.request(); // only if a zoom still needs drawing
    this.pendingRows = this.chart.rows?.pending ?? 0;
    this.emitStatus();
  }

  /** Draws everything that arrived while paused (within the window) at once, and follows again. */
  resume(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.scheduler.flush();
    this.pendingRows = 0;
    this.emitStatus();
  }

  /** Empties the window and the chart (streaming goes on). */
  clear(): void {
    this.chart.rows?.clear();
    this.meter.drawn();
    this.pendingRows = 0;
    void this.chart.rebuild();
  }

  /** Forgets the user's zoom or pan and follows the newest data again (the Live button). */
  followLive(): void {
    this.chart.followLive();
  }

  /**
   * The window as CSV: a header (the time column's name, then the drawn columns), then one line
   * per row, oldest first, including rows not drawn yet while paused. Text cells that start with
   * `=`, `+`, `-`, `@`, a tab or a carriage return get a leading `'` (numbers never do).
   * With `download: true` (the CSV button) the browser also saves it as a file.
   */
  exportCsv(options: { download?: boolean; filename?: string } = {}): string {
    const csv = this.chart.csv(this.feed.meta?.time || 'time');
    if (options.download) saveCsv(this.renderRoot, csv, options.filename ?? `${exportName(this.stream)}.csv`);
    return csv;
  }

  /** The chart as drawn (with the heading above it) as a PNG `data:` URL; with `download: true` (the PNG button) also saved as a file. */
  async exportPng(options: { download?: boolean; filename?: string } = {}): Promise<string> {
    const url = await this.chart.toPng(this.titleText());
    if (options.download) saveUrl(this.renderRoot, url, options.filename ?? `${exportName(this.stream)}.png`);
    return url;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasUpdated) return; // the first update loads the list, renders, and starts if asked to
    // Attached again after a removal: carry on as before.
    void this.list.load();
    if (this.resumeOnConnect) {
      this.resumeOnConnect = false;
      this.start();
    } else {
      void this.chart.rebuild();
      this.maybeAutostart();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // the controllers leave the connection, stop their timers, purge the chart
    this.resumeOnConnect = this.feed.running;
    this.feed = { ...this.feed, running: false, status: 'idle' };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('legacyTitle') && this.legacyTitle && !this.warnedTitle) {
      this.warnedTitle = true;
      console.warn('<realtime-graph>: the `title` attribute is deprecated (it also gives the whole element a tooltip); use `heading`.');
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The list is loaded on the first update (`server` is set by then), and again for another server or token.
    if (changed.has('server') || (changed.has('token') && changed.get('token') !== undefined)) void this.list.load();
    if (changed.has('theme') && changed.get('theme') !== undefined) this.chart.setTheme(this.colors.read());
    if (changed.has('columns') && changed.get('columns') !== undefined && this.feed.meta) {
      this.reportUnknown(this.chart.select(this.columns));
      void this.chart.rebuild();
    }
    if (changed.has('window') && changed.get('window') !== undefined && this.chart.rows) {
      this.chart.rows.setLimit(this.windowSize);
      void this.chart.rebuild();
    }
    if ((changed.has('stream') || changed.has('server') || changed.has('token')) && this.feed.running && this.connection.url !== eventsUrl(this, this.stream, location.href)) {
      this.start(); // pointed at another stream while streaming: switch
    }
    this.maybeAutostart();
  }

  protected override render() {
    const title = this.titleText();
    const state = this.state;
    const figures = { ...this.feed, rowsPerSecond: this.meter.rowsPerSecond, pendingRows: this.pendingRows };
    return html`${renderToolbar({
        title,
        state,
        stateText: stateText(state, figures),
        detailText: detailText(state, figures),
        progress: this.feed.progress,
        picker: this.showPicker ? { streams: this.list.streams, stream: this.stream, disabled: this.feed.running, onPick: this.onPick, onFocus: () => void this.list.load() } : null,
        controls: this.showControls ? { running: this.feed.running, canStart: !!this.stream, paused: this.frozen, exportable: !!this.feed.meta, menu: this.exportMenu } : null,
        zoomed: this.zoomed,
        actions: this.actions,
      })}
      ${this.message ? html`<p class="message" part="message" role="alert">${this.message}</p>` : nothing}
      <div class="chart" part="chart" role="figure" aria-label=${this.chartLabel(title)}></div>`;
  }

  /** Applies an action to the stream's state and acts on what changed. */
  private dispatch(action: FeedAction): void {
    const before = this.feed;
    const after = reduceFeed(before, action);
    if (after === before) return;
    this.feed = after;
    if (after.errors !== before.errors) this.fail(after.error);
    if (after.layout !== before.layout && after.meta) {
      this.meter.drawn();
      this.reportUnknown(this.chart.reset(after.meta, this.columns, this.windowSize));
      void this.chart.rebuild();
    }
    // A loop starts the window and the chart again; a reset only the window (its meta follows).
    if (after.clears !== before.clears) after.meta ? this.clear() : this.chart.rows?.clear();
    if (after.listChanges !== before.listChanges) void this.list.load();
    if (before.running && !after.running) {
      this.scheduler.flush();
      this.connection.close();
      this.emit('rg-stop', { stream: this.stream, reason: after.stopReason ?? 'stopped' });
    }
    if (after.status !== before.status && after.status !== 'live') this.meter.restart();
    this.emitStatus();
  }

  private onEvent(name: string, data: unknown): void {
    this.dispatch(wireEvent(name, data));
    if ((name !== 'update' && name !== 'batch') || !this.feed.meta || !this.chart.rows) return;
    const rows = toRows(name, data, this.feed.meta);
    if (rows.t.length === 0) return;
    this.chart.push(rows);
    if (this.meter.arrived(rows.t.length)) this.emitStatus();
    this.emit('rg-data', { t: rows.t, columns: this.feed.meta.columns.map((c) => c.name), y: rows.y } satisfies GraphDataDetail);
    this.scheduler.request();
  }

  private reportUnknown(columns: string[]): void {
    if (columns.length > 0) this.fail(`no numeric column ${columns.map((n) => `"${n}"`).join(', ')} in this stream`);
  }

  /** Sends `rg-status` when anything in it changed since the last one. */
  private emitStatus(): void {
    const pending = this.chart.rows?.pending ?? 0;
    const { progress, pass, sourceMessage, skipped } = this.feed;
    const detail: GraphStatusDetail = { state: this.state, rowsPerSecond: this.meter.rowsPerSecond, lag: this.meter.lag(pending), pending, progress, pass, message: sourceMessage || null, skipped };
    const key = JSON.stringify({ ...detail, lag: Math.round(detail.lag / 100) });
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.requestUpdate();
    this.emit('rg-status', detail);
  }

  private fail(message: string): void {
    this.message = message;
    this.emit('rg-error', { message });
  }

  private maybeAutostart(): void {
    if (!this.autostart || this.autoStarted || this.feed.running || !this.stream || !this.isConnected) return;
    this.autoStarted = true;
    this.start();
  }

  private readonly actions: ToolbarActions = {
    start: () => this.start(),
    stop: () => this.stop(),
    togglePause: () => (this.frozen ? this.resume() : this.pause()),
    followLive: () => this.followLive(),
    csv: () => {
      try {
        this.exportCsv({ download: true });
      } catch (error) {
        this.fail(`cannot export CSV: ${(error as Error).message}`);
      }
    },
    png: () => void this.exportPng({ download: true }).catch((error: Error) => this.fail(`cannot export PNG: ${error.message}`)),
  };

  private readonly onPick = (event: Event) => {
    this.stream = (event.target as HTMLSelectElement).value;
  };

  private titleText(): string {
    return this.heading || this.legacyTitle || this.list.streams.find((s) => s.id === this.stream)?.title || '';
  }

  private chartLabel(title: string): string {
    const names = this.chart.drawnNames;
    return `Line chart${title ? ` of ${title}` : ''}${names.length > 0 ? `: ${names.join(', ')}` : ''}`;
  }

  private get windowSize(): number {
    const size = Number(this.window);
    return Number.isFinite(size) && size >= 1 ? Math.min(Math.floor(size), MAX_WINDOW) : DEFAULT_WINDOW;
  }

  private emit<K extends keyof GraphEventMap>(name: K, detail: GraphEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

/** `show-picker="false"` hides; a bare attribute or any other value shows. */
function booleanAttribute(value: string | null): boolean {
  return value === null ? true : value !== 'false';
}

declare global {
  interface HTMLElementTagNameMap {
    'realtime-graph': RealtimeGraph;
  }
  interface HTMLElementEventMap extends GraphEventMap {}
}
