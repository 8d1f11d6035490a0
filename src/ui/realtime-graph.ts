// <realtime-graph>: properties, public methods, rendering and the wiring of its controllers (the
// logic is in ./controllers, ./feeds and the modules beside this file). A third of it is the JSDoc
// that documents the public API and generates custom-elements.json.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ChartController } from './controllers/chart-controller.js';
import { DrawScheduler } from './controllers/draw-scheduler.js';
import { MenuController } from './controllers/menu-controller.js';
import { SeriesChildren } from './controllers/series-children.js';
import { StreamListController } from './controllers/stream-list-controller.js';
import { ThemeController } from './controllers/theme-controller.js';
import { daemonUrl, scopeKey } from './daemon-url.js';
import { exportName, saveCsv, saveUrl } from './export.js';
import type { StopReason } from './feed-reducer.js';
import { FeedSet } from './feeds/feed-set.js';
import { feedSpecs } from './feeds/feed-specs.js';
import { StatusChanges } from './feeds/status-changes.js';
import type { GraphEventMap, GraphStatus } from './graph-events.js';
import { styles } from './realtime-graph.styles.js';
import { detailText, stateText, streamsText } from './status-text.js';
import { renderToolbar, type ToolbarActions } from './toolbar.js';

export type * from './graph-events.js';

const DEFAULT_WINDOW = 120;
const MAX_WINDOW = 1_000_000;

/**
 * A live line chart of one stream of a realtime-graph daemon, or of several (`streams`, or
 * `<rg-series>` children for series of other daemons) on one time axis.
 *
 * Rows are kept in a window of the newest `window` rows per column of each stream and drawn at
 * most once per animation frame with one Plotly call for all streams (see ChartController,
 * DrawScheduler). Elements of a page that watch the same stream on the same server share one
 * connection. What a stream's events do is one pure function (reduceFeed); each stream is a
 * StreamFeed (FeedSet holds them); this element wires them to its controllers.
 *
 * @slot - `<rg-series stream="…" column="…" server="…" token="…">` children: the series to draw, from any streams and daemons (instead of `stream` / `streams`).
 *
 * @tag realtime-graph
 *
 * @fires rg-start - Streaming started (Start pressed or `start()` called); `detail: { stream }` (the stream ids, comma-separated, for several).
 * @fires rg-stop - Streaming stopped (Stop, `stop()`, or the stream ended), once per stream; `detail: { stream, reason }` with reason `stopped`, `finished`, `error` or `removed`.
 * @fires rg-status - The state or the figures of the badge changed; `detail: GraphStatusDetail` (`state` is connecting, live, paused, reconnecting, finished, error or idle; `rowsPerSecond`, `lag`, `pending`, `progress`, `pass`, `message`, `skipped`, and `streams`: each stream's `{ stream, state, rowsPerSecond, lag, pending, message }`).
 * @fires rg-data - Rows arrived (also while paused); `detail: { stream, t, columns, y }` in columnar form.
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
    streams: { type: String },
    columns: { type: String },
    window: { type: Number },
    autostart: { type: Boolean },
    preselect: { type: Boolean, converter: booleanAttribute },
    heading: { type: String },
    legacyTitle: { type: String, attribute: 'title' },
    theme: { type: String, reflect: true },
    showPicker: { type: Boolean, attribute: 'show-picker', converter: booleanAttribute },
    showControls: { type: Boolean, attribute: 'show-controls', converter: booleanAttribute },
    message: { state: true },
    frozen: { state: true },
    zoomed: { state: true },
    pendingRows: { state: true },
    seriesChanges: { state: true },
  };

  /** Base URL of the daemon (`server` attribute); empty means the page's own origin. */
  declare server: string;
  /** Access token for a daemon that requires one (`token` attribute), sent as `access_token` in the query of every request. */
  declare token: string;
  /** Id of the stream to show, as listed by `/api/streams` (`stream` attribute). */
  declare stream: string;
  /** Several streams of the daemon in one chart: their ids, comma-separated (`streams` attribute; e.g. `pump-1,pump-2`); the legend names each series `stream · column`. Overrides `stream`. */
  declare streams: string;
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
  /** Show the data source picker (`show-picker="false"` hides it; a chart of several streams has none). */
  declare showPicker: boolean;
  /** Show the Start, Stop, Pause and Export buttons (`show-controls="false"` hides them). */
  declare showControls: boolean;

  declare protected message: string;
  /** The view is paused: rows are kept but not drawn. */
  declare protected frozen: boolean;
  /** The user zoomed or panned: the Live button shows. */
  declare protected zoomed: boolean;
  /** Rows waiting to be drawn, as last shown in the badge. */
  declare protected pendingRows: number;
  /** Bumped when `<rg-series>` children come, go or change. */
  declare protected seriesChanges: number;

  private readonly feeds = new FeedSet(this, {
    onLayout: () => void this.chart.rebuild(),
    onRows: (feed, rows) => {
      this.emit('rg-data', { stream: feed.stream, t: rows.t, columns: feed.state.meta!.columns.map((c) => c.name), y: rows.y });
      this.scheduler.request();
    },
    onStopped: (feed, reason) => {
      this.scheduler.flush();
      this.emit('rg-stop', { stream: feed.stream, reason });
    },
    onError: (_, message) => this.fail(message),
    onListChanged: () => void this.list.load(),
    onStatus: () => {
      this.pendingRows = this.frozen ? this.feeds.pending : 0;
      this.emitStatus();
    },
  });
  private readonly seriesChildren = new SeriesChildren(this, () => this.seriesChanges++);
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
    sources: () => this.feeds.chartSources(),
    window: () => this.windowSize,
    theme: () => this.colors.read(),
    onZoom: (zoomed) => (this.zoomed = zoomed),
    onView: () => this.scheduler.request(),
    onReady: () => {
      // Loading the chart library kept the page busy: rows that came meanwhile were handled
      // late, all at once, and their times would skew the rates.
      if (this.firstChart) this.feeds.remeasure();
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
      if (drawn.rows > 0) this.feeds.drawn();
      this.emit('rg-render', { points: drawn.rows });
      return drawn.cost;
    },
  });
  private readonly colors = new ThemeController(this, () => {
    if (this.theme === 'auto') this.chart.setTheme(this.colors.read());
  });
  private readonly exportMenu = new MenuController(this, () => this.renderRoot.querySelector<HTMLElement>('.export'));
  private readonly statusChanges = new StatusChanges();
  /** The first chart of this connection is not built yet: the rates are measured again after it. */
  private firstChart = true;
  /** The first stream was selected for the user once (not again after they chose "Choose…"). */
  private preselected = false;
  private autoStarted = false;
  private resumeOnConnect = false;
  private warnedTitle = false;

  constructor() {
    super();
    Object.assign(this, { server: '', token: '', stream: '', streams: '', columns: '', window: DEFAULT_WINDOW, autostart: false, preselect: true });
    Object.assign(this, { heading: '', legacyTitle: '', theme: 'light', showPicker: true, showControls: true });
    Object.assign(this, { message: '', frozen: false, zoomed: false, pendingRows: 0, seriesChanges: 0 });
  }

  /** The badge's state: connecting, live, paused, reconnecting, finished, error or idle (for several streams: the best of theirs). */
  get state(): GraphStatus {
    return this.feeds.status(this.frozen).state;
  }

  /** True while the view is paused (see `pause()`). */
  get paused(): boolean {
    return this.frozen;
  }

  /** Connects to the selected stream or streams (joining their live runs) and starts drawing. */
  start(): void {
    this.configureFeeds();
    if (this.feeds.feeds.length === 0) return this.fail('choose a data source first');
    this.message = '';
    this.firstChart = true;
    this.emit('rg-start', { stream: this.feeds.feeds.map((f) => f.stream).join(',') });
    this.feeds.start(location.href);
  }

  /** Disconnects; the chart keeps what it shows. */
  stop(reason: StopReason = 'stopped'): void {
    this.feeds.stop(reason);
  }

  /** Freezes the chart for reading; rows keep arriving into the windows and `resume()` draws them. */
  pause(): void {
    if (this.frozen) return;
    this.frozen = true;
    this.scheduler.cancel();
    this.scheduler.request(); // only if a zoom still needs drawing
    this.pendingRows = this.feeds.pending;
    this.emitStatus();
  }

  /** Draws everything that arrived while paused (within the windows) at once, and follows again. */
  resume(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.scheduler.flush();
    this.pendingRows = 0;
    this.emitStatus();
  }

  /** Empties the windows and the chart (streaming goes on). */
  clear(): void {
    this.feeds.clear();
    this.pendingRows = 0;
    void this.chart.rebuild();
  }

  /** Forgets the user's zoom or pan and follows the newest data again (the Live button). */
  followLive(): void {
    this.chart.followLive();
  }

  /**
   * The windows as CSV: a header (the time column's name, then the drawn series), then one line
   * per row, oldest first, including rows not drawn yet while paused; for several streams, one
   * line per time of any stream, a stream without a row at that time leaving its cells empty.
   * Text cells that start with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading `'`
   * (numbers never do). With `download: true` (the CSV button) the browser also saves it as a file.
   */
  exportCsv(options: { download?: boolean; filename?: string } = {}): string {
    const csv = this.feeds.csv();
    if (options.download) saveCsv(this.renderRoot, csv, options.filename ?? `${this.exportName()}.csv`);
    return csv;
  }

  /** The chart as drawn (with the heading above it) as a PNG `data:` URL; with `download: true` (the PNG button) also saved as a file. */
  async exportPng(options: { download?: boolean; filename?: string } = {}): Promise<string> {
    const url = await this.chart.toPng(this.titleText());
    if (options.download) saveUrl(this.renderRoot, url, options.filename ?? `${this.exportName()}.png`);
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
    super.disconnectedCallback(); // the controllers leave the connections, stop their timers, purge the chart
    this.resumeOnConnect = this.feeds.detach();
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
    if (changed.has('window') && changed.get('window') !== undefined) {
      this.feeds.setWindow(this.windowSize);
      void this.chart.rebuild();
    }
    const props = changed as Map<PropertyKey, unknown>;
    if (this.hasFeeds && ['stream', 'streams', 'server', 'token', 'columns', 'seriesChanges'].some((p) => props.has(p) && props.get(p) !== undefined)) {
      // Pointed at other streams while streaming: switch; other columns: draw those.
      const running = this.feeds.running;
      if (this.configureFeeds() && running) this.start();
      else if (changed.has('columns')) this.reselect();
    }
    this.maybeAutostart();
  }

  protected override render() {
    const title = this.titleText();
    const status = this.feeds.status(this.frozen);
    const figures = { ...(this.feeds.feeds[0]?.state ?? { sourceMessage: '', skipped: 0, pass: 0 }), rowsPerSecond: status.rowsPerSecond, pendingRows: this.pendingRows };
    const several = this.feeds.several;
    return html`${renderToolbar({
        title,
        state: status.state,
        stateText: several ? streamsText(status.streams) : stateText(status.state, figures),
        detailText: detailText(status.state, figures),
        progress: several ? null : status.progress,
        picker: this.showPicker && !several ? { streams: this.list.streams, stream: this.stream, disabled: this.feeds.running, onPick: this.onPick, onFocus: () => void this.list.load() } : null,
        controls: this.showControls ? { running: this.feeds.running, canStart: this.hasFeeds, paused: this.frozen, exportable: this.feeds.hasMeta, menu: this.exportMenu } : null,
        zoomed: this.zoomed,
        actions: this.actions,
      })}
      ${this.message ? html`<p class="message" part="message" role="alert">${this.message}</p>` : nothing}
      <div class="chart" part="chart" role="figure" aria-label=${this.chartLabel(title)}></div>`;
  }

  /** Follows the attributes and children; true when the streams changed. */
  private configureFeeds(): boolean {
    return this.feeds.configure(feedSpecs(this, this.seriesChildren.read(), location.href), this.windowSize);
  }

  private reselect(): void {
    for (const message of this.feeds.select()) this.fail(message);
    void this.chart.rebuild();
  }

  private get hasFeeds(): boolean {
    return !!(this.stream || this.streams.trim() || this.seriesChildren.read().length > 0);
  }

  /** Sends `rg-status` when anything in it changed since the last one. */
  private emitStatus(): void {
    const detail = this.feeds.status(this.frozen);
    if (!this.statusChanges.changed(detail)) return;
    this.requestUpdate();
    this.emit('rg-status', detail);
  }

  private fail(message: string): void {
    this.message = message;
    this.emit('rg-error', { message });
  }

  private maybeAutostart(): void {
    if (!this.autostart || this.autoStarted || this.feeds.running || !this.hasFeeds || !this.isConnected) return;
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
    const titles = this.feeds.feeds.map((f) => this.list.streams.find((s) => s.id === f.stream)?.title ?? (this.feeds.several ? f.stream : ''));
    return this.heading || this.legacyTitle || (this.feeds.feeds.length > 0 ? titles.join(' · ') : this.list.streams.find((s) => s.id === this.stream)?.title) || '';
  }

  private exportName(): string {
    return exportName(this.feeds.feeds.map((f) => f.stream).join('+'));
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
