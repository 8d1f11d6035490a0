import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ChartFeed } from './chart/chart-feed.js';
import { PlotlyChart, type ChartTheme } from './chart/plotly-chart.js';
import { cell, isoTime, RowWindow } from './chart/row-window.js';
import { EventStreamController, type ConnectionState } from './controllers/event-stream-controller.js';
import { MenuController } from './controllers/menu-controller.js';
import { toCsv } from './csv.js';
import { toRows, type Cell, type ColumnInfo, type JobFinished, type Progress, type StreamMeta, type StreamSummary } from './protocol.js';
import { RateMeter } from './rate-meter.js';
import { styles } from './realtime-graph.styles.js';

/** What the status badge shows, and the `state` of `rg-status` events. */
export type GraphStatus = 'idle' | 'connecting' | 'live' | 'paused' | 'reconnecting' | 'finished' | 'error';

/** `detail` of `rg-status`. */
export interface GraphStatusDetail {
  state: GraphStatus;
  /**
   * Rows received per second (also while paused), measured from delivery to delivery over the
   * last two seconds or the last six intervals, whichever is longer (see RateMeter); 0 until known.
   */
  rowsPerSecond: number;
  /** Milliseconds since the oldest row not yet drawn arrived (0 when the chart is up to date). */
  lag: number;
  /** Rows received but not drawn yet (while paused: the rows Resume will add; at most `window`). */
  pending: number;
  /** Replay position of a file source, or null. */
  progress: Progress | null;
  /** Completed passes of a looping replay. */
  pass: number;
  /** Why the source is not live (e.g. its brokers cannot be reached), or null. */
  message: string | null;
  /** Bad records (e.g. oversized or unparseable CSV records) the source skipped in the run that finished; 0 otherwise. */
  skipped: number;
}

/** `detail` of `rg-data`: the rows of one event, columnar; `y[i]` is column `columns[i]`. Read-only. */
export interface GraphDataDetail {
  t: (string | null)[];
  columns: string[];
  y: Cell[][];
}

/** Default line colours (overridden by `--rg-palette`). */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const DEFAULT_WINDOW = 120;
const MAX_WINDOW = 1_000_000;
/**
 * Chart updates may take at most this share of the main thread. Plotly redraws the whole chart on
 * every update, so an update costs at least a few ms and more with more points (large windows are
 * drawn decimated, see ChartFeed, but a slow machine still needs the spacing). After an update
 * that took D ms the next one waits D × (1 / share − 1) ms, so the page keeps animating and
 * answering input; cheap updates still happen every frame. (At 1,000 rows/s with a 10,000-point
 * window, 0.4 kept 60 fps at the 5th percentile with a row drawn within 85 ms; a half dropped
 * every other frame at times, a third let the lag reach 110 ms: see docs/benchmarks.md.)
 */
const DRAW_SHARE = 0.4;

/** In-flight `/api/streams` requests, shared by the elements of a page. */
const streamLists = new Map<string, Promise<StreamSummary[]>>();

/**
 * A live line chart of one stream of a realtime-graph daemon.
 *
 * Rows are kept in a window of the newest `window` rows per column and drawn at most once per
 * animation frame with one Plotly call: `extendTraces` while the window is small, a decimated
 * view of the visible range (`redraw`) when it has more rows than the plot has pixels to show
 * (see ChartFeed). Elements of a page that watch the same stream on the same server share one
 * connection.
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
    heading: { type: String, attribute: 'title' },
    theme: { type: String, reflect: true },
    showPicker: { type: Boolean, attribute: 'show-picker', converter: booleanAttribute },
    showControls: { type: Boolean, attribute: 'show-controls', converter: booleanAttribute },
    streams: { state: true },
    status: { state: true },
    running: { state: true },
    message: { state: true },
    progress: { state: true },
    rowsPerSecond: { state: true },
    pass: { state: true },
    sourceMessage: { state: true },
    frozen: { state: true },
    zoomed: { state: true },
    pendingRows: { state: true },
    skipped: { state: true },
  };

  /** Base URL of the daemon (`server` attribute); empty means the page's own origin. */
  declare server: string;
  /**
   * Access token for a daemon that requires one (`token` attribute): sent as `access_token` in
   * the query of every request, since EventSource cannot send an Authorization header.
   */
  declare token: string;
  /** Id of the stream to show, as listed by `/api/streams` (`stream` attribute). */
  declare stream: string;
  /** Columns to draw: a comma-separated subset of the stream's numeric columns (`columns` attribute); empty draws all. */
  declare columns: string;
  /** Rows kept and drawn per column; older ones scroll out (`window` attribute, default 120). */
  declare window: number;
  /** Start streaming as soon as the element is on the page with a stream (`autostart` attribute). */
  declare autostart: boolean;
  /**
   * Without a `stream`, select the first stream of the list, so that Start works at once
   * (`preselect="false"` starts on "Choose…"; a hidden picker always selects the first).
   */
  declare preselect: boolean;
  /** Heading above the chart (the `title` attribute); defaults to the stream's title. */
  declare heading: string;
  /** Colours: `light` (default), `dark`, or `auto` (follows the system setting) (`theme` attribute). */
  declare theme: 'light' | 'dark' | 'auto';
  /** Show the data source picker (`show-picker="false"` hides it). */
  declare showPicker: boolean;
  /** Show the Start, Stop, Pause and download buttons (`show-controls="false"` hides them). */
  declare showControls: boolean;

  declare protected streams: StreamSummary[];
  declare protected status: Exclude<GraphStatus, 'paused'>;
  declare protected running: boolean;
  declare protected message: string;
  declare protected progress: Progress | null;
  declare protected rowsPerSecond: number;
  /** How many times a looping replay has started again. */
  declare protected pass: number;
  /** Why the source is not live (e.g. its brokers cannot be reached). */
  declare protected sourceMessage: string;
  /** The view is paused: rows are kept but not drawn. */
  declare protected frozen: boolean;
  /** The user zoomed or panned: the Live button shows. */
  declare protected zoomed: boolean;
  /** Rows waiting to be drawn, as last shown in the badge. */
  declare protected pendingRows: number;
  /** Bad records the source skipped in the run that finished. */
  declare protected skipped: number;

  private readonly connection = new EventStreamController(this, {
    onEvent: (name, data) => this.handleEvent(name, data),
    onState: (state) => this.handleConnectionState(state),
    onGone: (message) => {
      this.fail(message);
      this.stop('removed');
    },
    onRefused: (message) => {
      this.fail(message);
      this.stop('error');
    },
  });
  private chart: PlotlyChart | undefined;
  private chartBuild = 0;
  private buffer: RowWindow | undefined;
  private feed: ChartFeed | undefined;
  /** The user zoomed, panned or resized: a decimated view must be drawn again, even while paused. */
  private viewChanged = false;
  private meta: StreamMeta | undefined;
  private columnNames: string[] = [];
  /** The stream's numeric columns (all kept in the buffer). */
  private series: ColumnInfo[] = [];
  /** `pick[i]`: the index in `meta.columns` of series i. */
  private pick: number[] = [];
  /** Indices into `series` of the columns drawn. */
  private drawn: number[] = [];
  private frame = 0;
  /** A chart update due right after the current frame (see scheduleFrame). */
  private drawTask: ReturnType<typeof setTimeout> | undefined;
  private nextDrawAt = 0;
  private drawCost = 0;
  private pendingSince = 0;
  private readonly rates = new RateMeter();
  /** The first chart of this connection is not built yet: the rate is measured again after it (see buildChart). */
  private firstChart = true;
  private readonly exportMenu = new MenuController(this, () => this.renderRoot.querySelector<HTMLElement>('.export'));
  /** The first stream was selected for the user once (not again after they chose "Choose…"). */
  private preselected = false;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private lastStatus = '';
  private autoStarted = false;
  private resumeOnConnect = false;
  private darkQuery: MediaQueryList | undefined;

  constructor() {
    super();
    this.server = '';
    this.token = '';
    this.stream = '';
    this.columns = '';
    this.window = DEFAULT_WINDOW;
    this.autostart = false;
    this.preselect = true;
    this.heading = '';
    this.theme = 'light';
    this.showPicker = true;
    this.showControls = true;
    this.streams = [];
    this.status = 'idle';
    this.running = false;
    this.message = '';
    this.progress = null;
    this.rowsPerSecond = 0;
    this.pass = 0;
    this.sourceMessage = '';
    this.frozen = false;
    this.zoomed = false;
    this.pendingRows = 0;
    this.skipped = 0;
  }

  /** The badge's state: connecting, live, paused, reconnecting, finished, error or idle. */
  get state(): GraphStatus {
    return this.frozen && this.status === 'live' ? 'paused' : this.status;
  }

  /** True while the view is paused (see `pause()`). */
  get paused(): boolean {
    return this.frozen;
  }

  /** Connects to the selected stream (joining its live run) and starts drawing. */
  start(): void {
    if (!this.stream) {
      this.fail('choose a data source first');
      return;
    }
    this.message = '';
    this.running = true;
    this.meta = undefined;
    this.sourceMessage = '';
    this.skipped = 0;
    this.rates.restart();
    this.firstChart = true;
    this.emit('rg-start', { stream: this.stream });
    // A shared connection hands over its recent rows at once, here: the meter's backlog.
    this.connection.open(this.eventsUrl(), { history: this.windowSize });
  }

  /** Disconnects; the chart keeps what it shows. */
  stop(reason = 'stopped'): void {
    if (!this.running) return;
    this.flush();
    this.connection.close();
    this.running = false;
    this.setStatus(reason === 'finished' ? 'finished' : reason === 'error' ? 'error' : 'idle');
    this.emit('rg-stop', { stream: this.stream, reason });
  }

  /** Freezes the chart for reading; rows keep arriving into the window and `resume()` draws them. */
  pause(): void {
    if (this.frozen) return;
    this.frozen = true;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.scheduleFrame(); // only if a zoom still needs drawing
    this.pendingRows = this.buffer?.pending ?? 0;
    this.emitStatus();
  }

  /** Draws everything that arrived while paused (within the window) at once, and follows again. */
  resume(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.flush();
    this.pendingRows = 0;
    this.emitStatus();
  }

  /** Empties the window and the chart (streaming goes on). */
  clear(): void {
    this.buffer?.clear();
    this.pendingSince = 0;
    this.pendingRows = 0;
    void this.buildChart();
  }

  /** Forgets the user's zoom or pan and follows the newest data again (the Live button). */
  followLive(): void {
    this.chart?.followLive();
  }

  /**
   * The window as CSV: a header (the time column's name, then the drawn columns), then one line
   * per row, oldest first, including rows not drawn yet while paused. Text cells that start with
   * `=`, `+`, `-`, `@`, a tab or a carriage return get a leading `'` (numbers never do).
   * With `download: true` (the CSV button) the browser also saves it as a file.
   */
  exportCsv(options: { download?: boolean; filename?: string } = {}): string {
    const rows = this.buffer?.view();
    const header = [this.meta?.time || 'time', ...this.drawn.map((i) => this.series[i]!.name)];
    const times = rows ? Array.from(rows.t, isoTime) : [];
    const csv = toCsv(
      header,
      times,
      this.drawn.map((i) => (rows ? Array.from(rows.y[i]!, cell) : [])),
    );
    if (options.download) {
      // The byte order mark lets spreadsheet programs read the file as UTF-8.
      const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
      this.download(url, options.filename ?? `${this.fileName()}.csv`);
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
    return csv;
  }

  /**
   * The chart as drawn (with the heading above it) as a PNG `data:` URL. With `download: true`
   * (the PNG button) the browser also saves it as a file.
   */
  async exportPng(options: { download?: boolean; filename?: string } = {}): Promise<string> {
    if (!this.chart?.isReady) throw new Error('nothing is drawn yet');
    const url = await this.chart.toPng(this.titleText());
    if (options.download) this.download(url, options.filename ?? `${this.fileName()}.png`);
    return url;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.ticker = setInterval(() => this.tick(), 1000);
    this.darkQuery = matchMedia('(prefers-color-scheme: dark)');
    this.darkQuery.addEventListener('change', this.onSchemeChange);
    if (!this.hasUpdated) return; // the first update loads the list, renders, and starts if asked to
    // Attached again after a removal: carry on as before.
    void this.loadStreams();
    if (this.resumeOnConnect) {
      this.resumeOnConnect = false;
      this.start();
    } else {
      void this.buildChart();
      this.maybeAutostart();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // the controller leaves the connection
    this.resumeOnConnect = this.running;
    this.running = false;
    this.status = 'idle';
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    clearTimeout(this.drawTask);
    this.drawTask = undefined;
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.darkQuery?.removeEventListener('change', this.onSchemeChange);
    this.darkQuery = undefined;
    this.chartBuild++; // a chart still being built is abandoned
    this.chart?.destroy();
    this.chart = undefined;
    this.feed = undefined;
    this.zoomed = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The list is loaded on the first update (`server` is set by then), and again for another server or token.
    if (changed.has('server') || (changed.has('token') && changed.get('token') !== undefined)) void this.loadStreams();
    if (changed.has('theme') && changed.get('theme') !== undefined) this.applyTheme();
    if (changed.has('columns') && changed.get('columns') !== undefined && this.meta) {
      this.selectColumns();
      void this.buildChart();
    }
    if (changed.has('window') && changed.get('window') !== undefined && this.buffer) {
      this.buffer.setLimit(this.windowSize);
      void this.buildChart();
    }
    if ((changed.has('stream') || changed.has('server') || changed.has('token')) && this.running && this.connection.url !== this.absoluteEventsUrl()) {
      this.start(); // pointed at another stream while streaming: switch
    }
    this.maybeAutostart();
  }

  protected override render() {
    const title = this.titleText();
    const state = this.state;
    return html`
      <div class="toolbar-box"><div class="toolbar" part="toolbar">
        ${title ? html`<h2 class="title" part="title" title=${title}>${title}</h2>` : nothing}
        ${this.showPicker
          ? html`<label class="source"
              ><span class="source-label">Data source</span>
              <select part="picker" .value=${this.stream} ?disabled=${this.running} @change=${this.onPick} @focus=${this.onPickerFocus}>
                <option value="" ?selected=${!this.stream}>Choose…</option>
                ${this.streams.map((s) => html`<option value=${s.id} ?selected=${s.id === this.stream}>${s.title}</option>`)}
              </select></label
            >`
          : nothing}
        <span class="line-break" aria-hidden="true"></span>
        ${this.showControls
          ? html`<button part="button start-button" class="primary" ?disabled=${this.running || !this.stream} @click=${() => this.start()}>
                Start
              </button>
              <button part="button stop-button" ?disabled=${!this.running} @click=${() => this.stop()}>Stop</button>
              <button
                part="button pause-button"
                title=${this.frozen ? 'Draw the rows that arrived meanwhile, and follow again' : 'Freeze the chart; rows keep arriving'}
                ?disabled=${!this.frozen && !this.running}
                @click=${() => (this.frozen ? this.resume() : this.pause())}
              >
                ${this.frozen ? 'Resume' : 'Pause'}
              </button>
              ${this.renderExportMenu()}`
          : nothing}
        ${this.zoomed
          ? html`<button part="button live-button" class="live" title="Follow the newest data again (or double-click the chart)" @click=${() => this.followLive()}>
              Live
            </button>`
          : nothing}
        <span class="status" part="status" data-state=${state} title=${this.stateText(state) + this.detailText(state)}
          ><span class="dot" aria-hidden="true"></span><span class="text"
            ><span role="status">${this.stateText(state)}</span><span class="detail">${this.detailText(state)}</span></span
          >${this.progress?.total
            ? html`<progress
                part="progress"
                aria-label="Replay progress"
                title=${`row ${this.progress.row} of ${this.progress.total}`}
                max=${this.progress.total}
                value=${this.progress.row}
              ></progress>`
            : nothing}</span
        >
      </div></div>
      ${this.message ? html`<p class="message" part="message" role="alert">${this.message}</p>` : nothing}
      <div class="chart" part="chart" role="figure" aria-label=${this.chartLabel(title)}></div>
    `;
  }

  /** The Export button and its menu (CSV, PNG): one button's width in the toolbar. */
  private renderExportMenu() {
    const open = this.exportMenu.open && !!this.meta;
    return html`<span class="export" @keydown=${this.exportMenu.onKeydown} @focusout=${this.exportMenu.onFocusOut}
      ><button
        part="button export-button"
        aria-haspopup="menu"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls="export-menu"
        title="Download the data or the chart"
        ?disabled=${!this.meta}
        @click=${() => this.exportMenu.toggle()}
      >
        Export<span class="caret" aria-hidden="true"></span></button
      >${open
        ? html`<div id="export-menu" class="menu" part="export-menu" role="menu" aria-label="Export">
            <button part="menu-item csv-button" role="menuitem" tabindex="-1" aria-label="Download CSV" title="Download the rows in the window as CSV" @click=${this.onCsv}>CSV</button>
            <button part="menu-item png-button" role="menuitem" tabindex="-1" aria-label="Download PNG" title="Download the chart as a PNG image" @click=${this.onPng}>PNG</button>
          </div>`
        : nothing}</span
    >`;
  }

  private maybeAutostart(): void {
    if (!this.autostart || this.autoStarted || this.running || !this.stream || !this.isConnected) return;
    this.autoStarted = true;
    this.start();
  }

  private onPick(event: Event): void {
    this.stream = (event.target as HTMLSelectElement).value;
  }

  /** A page left open while the daemon's config changed gets the current list before picking. */
  private onPickerFocus(): void {
    void this.loadStreams();
  }

  private onCsv(): void {
    this.exportMenu.close(true);
    try {
      this.exportCsv({ download: true });
    } catch (error) {
      this.fail(`cannot export CSV: ${(error as Error).message}`);
    }
  }

  private onPng(): void {
    this.exportMenu.close(true);
    this.exportPng({ download: true }).catch((error: Error) => this.fail(`cannot export PNG: ${error.message}`));
  }

  private readonly onSchemeChange = () => {
    if (this.theme === 'auto') this.applyTheme();
  };

  private async loadStreams(): Promise<void> {
    const url = new URL(this.url('/api/streams'), location.href).href;
    let request = streamLists.get(url);
    if (!request) {
      request = fetch(url, { cache: 'no-store' }).then(async (response) => {
        if (response.status === 401 || response.status === 403) throw new Error(`the server answered ${response.status} (it needs a valid \`token\`)`);
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        return ((await response.json()) as { streams: StreamSummary[] }).streams;
      });
      streamLists.set(url, request);
      const forget = () => streamLists.delete(url);
      request.then(forget, forget);
    }
    const current = () => new URL(this.url('/api/streams'), location.href).href === url;
    try {
      const streams = await request;
      if (!current()) return; // \`server\` changed meanwhile
      this.streams = streams;
      if (this.message.startsWith('cannot list the streams')) this.message = '';
      if (!this.stream && this.streams.length > 0 && ((this.preselect && !this.preselected) || !this.showPicker)) this.stream = this.streams[0]!.id;
      if (this.streams.length > 0) this.preselected = true;
    } catch (error) {
      if (current()) this.fail(`cannot list the streams: ${(error as Error).message}`);
    }
  }

  private handleEvent(name: string, data: unknown): void {
    switch (name) {
      case 'meta':
        return this.onMeta(data as StreamMeta);
      case 'update':
      case 'batch':
        return this.onRows(name, data);
      case 'reset':
        this.buffer?.clear();
        this.meta = undefined; // the next meta rebuilds the chart
        return;
      case 'progress':
        this.progress = data as Progress;
        this.emitStatus();
        return;
      case 'status':
        return this.onSourceStatus(data as { state: string; message: string | null });
      case 'looped':
        // The replay started again at its first row: its times jump back, so the window starts
        // again too (otherwise a line would cross the chart from the last time to the first).
        this.pass = (data as { pass: number }).pass;
        this.clear();
        return;
      case 'started':
        this.pass = 0;
        this.skipped = 0;
        return;
      case 'jobfinished': {
        const finished = data as Partial<JobFinished>;
        this.progress = finished.progress ?? this.progress;
        this.skipped = finished.skipped ?? 0; // older daemons do not send it
        this.stop('finished');
        return;
      }
      case 'sourceerror':
        this.fail((data as { message?: string }).message ?? 'the source failed');
        this.stop('error');
        return;
      case 'streams': // the daemon's config changed: the picker shows the new list
        void this.loadStreams();
        return;
      case 'end':
        if ((data as { reason?: string }).reason !== 'shutdown') void this.loadStreams();
        if ((data as { reason?: string }).reason === 'removed') {
          this.fail('the stream was removed from the server');
          this.stop('removed');
        } else if (this.running) {
          this.setStatus('reconnecting'); // shutdown or changed: the EventSource reconnects by itself
        }
        return;
      default:
        return;
    }
  }

  private onMeta(meta: StreamMeta): void {
    const same = this.meta !== undefined && this.buffer !== undefined && this.meta.run === meta.run && sameColumns(this.meta, meta);
    this.meta = meta;
    this.columnNames = meta.columns.map((c) => c.name);
    this.progress = meta.progress;
    this.pass = meta.pass ?? 0;
    if (meta.status && meta.status !== 'live') {
      this.onSourceStatus({ state: meta.status, message: null });
    } else {
      this.sourceMessage = '';
      if (this.connection.state === 'live') this.setStatus('live');
    }
    if (same) return;
    this.series = meta.columns.filter((c) => c.type === 'number');
    this.pick = this.series.map((c) => meta.columns.indexOf(c));
    this.buffer = new RowWindow(this.series.length, this.windowSize);
    this.pendingSince = 0;
    this.selectColumns();
    void this.buildChart();
  }

  /** The source's own connection (e.g. to Kafka brokers), as opposed to this element's. */
  private onSourceStatus(status: { state: string; message: string | null }): void {
    this.sourceMessage = status.state === 'live' ? '' : (status.message ?? '');
    this.setStatus(status.state === 'live' ? 'live' : status.state === 'connecting' ? 'connecting' : 'reconnecting');
  }

  /** Which of the stream's numeric columns to draw, from the `columns` attribute. */
  private selectColumns(): void {
    const wanted = (this.columns ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (wanted.length === 0) {
      this.drawn = this.series.map((_, i) => i);
      return;
    }
    const drawn: number[] = [];
    const unknown: string[] = [];
    for (const name of wanted) {
      const index = this.series.findIndex((c) => c.name === name);
      if (index === -1) unknown.push(name);
      else if (!drawn.includes(index)) drawn.push(index);
    }
    this.drawn = drawn;
    if (unknown.length > 0) this.fail(`no numeric column ${unknown.map((n) => `"${n}"`).join(', ')} in this stream`);
  }

  /** (Re)creates the chart from the window (the rows drawn so far); pending rows follow in the next frame. */
  private async buildChart(): Promise<void> {
    const build = ++this.chartBuild;
    if (!this.meta || !this.buffer) return;
    await this.updateComplete;
    const container = this.renderRoot.querySelector<HTMLDivElement>('.chart');
    const meta = this.meta;
    const buffer = this.buffer;
    if (build !== this.chartBuild || !this.isConnected || !container || !meta || !buffer) return;
    this.chart?.destroy();
    this.zoomed = false;
    const chart = new PlotlyChart(container, this.shadowRoot!, {
      onZoom: (zoomed) => {
        if (this.chart === chart) this.zoomed = zoomed;
      },
      onView: () => {
        if (this.chart !== chart) return;
        this.viewChanged = true;
        this.scheduleFrame();
      },
    });
    this.chart = chart;
    const feed = new ChartFeed(chart, buffer, this.drawn.slice());
    this.feed = feed;
    try {
      await chart.init(
        { series: this.drawn.map((i) => this.series[i]!), thresholds: meta.thresholds ?? [], window: buffer.window, theme: this.chartTheme() },
        () => feed.initialLines(),
      );
    } catch (error) {
      if (this.chart === chart) this.fail(`cannot draw the chart: ${(error as Error).message}`);
      return;
    }
    if (this.chart !== chart) return;
    if (this.firstChart) {
      // Loading the chart library kept the page busy: rows that came meanwhile were handled late,
      // all at once, and their times would skew the rate.
      this.firstChart = false;
      this.rates.restart();
    }
    this.nextDrawAt = 0;
    this.scheduleFrame();
  }

  private onRows(name: 'update' | 'batch', data: unknown): void {
    if (!this.meta || !this.buffer) return;
    const rows = toRows(name, data, this.meta);
    if (rows.t.length === 0) return;
    this.buffer.push(rows, this.pick);
    if (this.pendingSince === 0) this.pendingSince = performance.now();
    this.countArrival(rows.t.length);
    this.emit('rg-data', { t: rows.t, columns: this.columnNames, y: rows.y } satisfies GraphDataDetail);
    this.scheduleFrame();
  }

  /**
   * One chart update per animation frame at most, however many rows arrived since the last one;
   * when updates are expensive, fewer (see DRAW_SHARE). While paused, only a zoom, pan or resize
   * draws (the rows the chart already shows, decimated again for the new view).
   */
  private scheduleFrame(): void {
    if (this.frame || this.drawTask !== undefined || !this.isConnected || (this.frozen && !this.viewChanged)) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.needsDraw() || !this.chart?.isReady) return;
      if (performance.now() < this.nextDrawAt) {
        this.scheduleFrame();
        return;
      }
      // The update runs in a task right after this frame, not inside it: the frame is presented
      // at once (with the chart as it was), and the next one, with the new chart, starts when
      // the update is done, instead of this frame waiting for the update and the next one being
      // dropped. The new chart shows as soon either way; the page loses fewer frames.
      this.drawTask = setTimeout(() => {
        this.drawTask = undefined;
        this.flush();
      }, 0);
    });
  }

  private needsDraw(): boolean {
    return this.viewChanged || (!this.frozen && (this.buffer?.pending ?? 0) > 0);
  }

  /** Draws the rows not drawn yet (unless paused) and a changed view, with one Plotly call. */
  private flush(): void {
    const buffer = this.buffer;
    const feed = this.feed;
    if (!this.chart?.isReady || !buffer || !feed || !this.needsDraw()) return;
    const taken = !this.frozen && buffer.pending > 0 ? buffer.take() : undefined;
    if (taken) this.pendingSince = 0;
    this.viewChanged = false;
    const cost = feed.draw(taken);
    if (cost === undefined) return;
    this.drawCost = this.drawCost === 0 ? cost : 0.7 * this.drawCost + 0.3 * cost;
    this.nextDrawAt = performance.now() + this.drawCost * (1 / DRAW_SHARE - 1);
    this.emit('rg-render', { points: taken?.t.length ?? 0 });
  }

  private countArrival(rows: number): void {
    this.rates.record(rows);
    const rate = this.measuredRate();
    // Shown at once when known; after that only big changes here, the rest once a second.
    if (rate !== null && (this.rowsPerSecond === 0 || Math.abs(rate - this.rowsPerSecond) >= Math.max(0.5, this.rowsPerSecond / 10))) {
      this.rowsPerSecond = rate;
      this.emitStatus();
    }
  }

  /** Rows per second, to one decimal; null while not measured yet (the badge keeps what it shows). */
  private measuredRate(): number | null {
    const rate = this.rates.rate();
    return rate === null ? null : Math.round(rate * 10) / 10;
  }

  /** Once a second: the rate follows (and falls when rows stop), the badge shows how many rows wait while paused. */
  private tick(): void {
    const rate = this.measuredRate();
    if (rate !== null && rate !== this.rowsPerSecond) this.rowsPerSecond = rate;
    this.pendingRows = this.frozen ? (this.buffer?.pending ?? 0) : 0;
    this.emitStatus();
  }

  private handleConnectionState(state: ConnectionState): void {
    if (!this.running) return;
    if (state === 'live' && this.sourceMessage) return; // connected, but the source itself is not live
    if (state === 'connecting' || state === 'live' || state === 'reconnecting') this.setStatus(state);
  }

  private setStatus(status: Exclude<GraphStatus, 'paused'>): void {
    if (this.status === status) return;
    this.status = status;
    if (status !== 'live') this.rates.restart();
    if (status !== 'live') this.rowsPerSecond = 0;
    this.emitStatus();
  }

  /** Sends `rg-status` when anything in it changed since the last one. */
  private emitStatus(): void {
    const pending = this.buffer?.pending ?? 0;
    const detail: GraphStatusDetail = {
      state: this.state,
      rowsPerSecond: this.rowsPerSecond,
      lag: pending > 0 && this.pendingSince > 0 ? Math.round(performance.now() - this.pendingSince) : 0,
      pending,
      progress: this.progress,
      pass: this.pass,
      message: this.sourceMessage || null,
      skipped: this.skipped,
    };
    const key = JSON.stringify({ ...detail, lag: Math.round(detail.lag / 100) });
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.emit('rg-status', detail);
  }

  private fail(message: string): void {
    this.message = message;
    this.emit('rg-error', { message });
  }

  private stateText(state: GraphStatus): string {
    switch (state) {
      case 'live':
        return 'live';
      case 'paused':
        return 'paused';
      case 'connecting':
        return 'connecting…';
      case 'reconnecting':
        return this.sourceMessage ? `reconnecting… (${this.sourceMessage})` : 'reconnecting…';
      case 'finished':
        return this.skipped > 0 ? `finished · ${this.skipped} bad record${this.skipped === 1 ? '' : 's'} skipped` : 'finished';
      default:
        return state;
    }
  }

  /** Figures that change often: outside the live region, so screen readers are not flooded. */
  private detailText(state: GraphStatus): string {
    const pass = this.pass > 0 ? ` · pass ${this.pass + 1}` : '';
    // No figure until the rate is measured (see RateMeter).
    const rate = this.rowsPerSecond > 0 ? ` · ${this.rowsPerSecond.toFixed(1)} rows/s` : '';
    if (state === 'live') return `${rate}${pass}`;
    if (state === 'paused') return `${rate} · ${this.pendingRows} new${pass}`;
    return '';
  }

  private titleText(): string {
    return this.heading || this.streams.find((s) => s.id === this.stream)?.title || '';
  }

  private chartLabel(title: string): string {
    const names = this.drawn.map((i) => this.series[i]?.name).filter(Boolean);
    return `Line chart${title ? ` of ${title}` : ''}${names.length > 0 ? `: ${names.join(', ')}` : ''}`;
  }

  private applyTheme(): void {
    this.chart?.setTheme(this.chartTheme());
  }

  private chartTheme(): ChartTheme {
    const style = getComputedStyle(this);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const palette = read('--rg-palette', '')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    return {
      background: read('--rg-background', '#ffffff'),
      foreground: read('--rg-foreground', '#1f2933'),
      grid: read('--rg-grid', '#e4e7eb'),
      colors: palette.length > 0 ? palette : PALETTE,
      threshold: read('--rg-threshold', '#d62728'),
    };
  }

  private get windowSize(): number {
    const size = Number(this.window);
    return Number.isFinite(size) && size >= 1 ? Math.min(Math.floor(size), MAX_WINDOW) : DEFAULT_WINDOW;
  }

  private eventsUrl(): string {
    return this.url(`/api/streams/${encodeURIComponent(this.stream)}/events`);
  }

  private absoluteEventsUrl(): string {
    return new URL(this.eventsUrl(), location.href).href;
  }

  /**
   * `path` on the daemon: under `server` (which may have a path prefix), else on the page's
   * origin; with `access_token` in the query when a token is set.
   */
  private url(path: string): string {
    const base = this.server ? new URL(this.server.endsWith('/') ? this.server : `${this.server}/`, location.href) : new URL('/', location.href);
    const url = new URL(this.server ? path.replace(/^\//, '') : path, base);
    if (this.token) url.searchParams.set('access_token', this.token);
    return url.href;
  }

  private fileName(): string {
    const time = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return `${this.stream || 'realtime-graph'}-${time}`;
  }

  private download(href: string, filename: string): void {
    const link = document.createElement('a');
    link.href = href;
    link.download = filename;
    link.rel = 'noopener';
    link.style.display = 'none';
    this.renderRoot.appendChild(link);
    link.click();
    link.remove();
  }

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

/** `show-picker="false"` hides; a bare attribute or any other value shows. */
function booleanAttribute(value: string | null): boolean {
  return value === null ? true : value !== 'false';
}

function sameColumns(a: StreamMeta, b: StreamMeta): boolean {
  return JSON.stringify(a.columns) === JSON.stringify(b.columns) && a.time === b.time;
}

declare global {
  interface HTMLElementTagNameMap {
    'realtime-graph': RealtimeGraph;
  }
  interface HTMLElementEventMap {
    'rg-start': CustomEvent<{ stream: string }>;
    'rg-stop': CustomEvent<{ stream: string; reason: string }>;
    'rg-status': CustomEvent<GraphStatusDetail>;
    'rg-data': CustomEvent<GraphDataDetail>;
    'rg-error': CustomEvent<{ message: string }>;
    'rg-render': CustomEvent<{ points: number }>;
  }
}
