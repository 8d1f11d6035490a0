// <realtime-graph>: properties, public methods, rendering and the wiring of its controllers (the
// logic is in ./controllers, ./feeds, ./chart, ./daemon and the modules beside this file). A third
// of it is the JSDoc that documents the public API and generates custom-elements.json.
import { html, nothing, type PropertyValues } from 'lit';
import { BacktestController } from './backtest/backtest-controller.js';
import { chartLabel, headingText, windowSize } from './chart-names.js';
import { rangeSpan } from './history-range.js';
import { chartLayoutOf } from './chart/subplots.js';
import { renderColumnChooser } from './column-chooser.js';
import { ColumnChooserController } from './controllers/column-chooser-controller.js';
import { MenuController } from './controllers/menu-controller.js';
import { ReplayControls } from './controllers/replay-controls.js';
import { SeriesChildren } from './controllers/series-children.js';
import { StreamChart } from './controllers/stream-chart.js';
import { StreamListController } from './controllers/stream-list-controller.js';
import { ThemeController } from './controllers/theme-controller.js';
import { daemonUrl, scopeKey } from './daemon-url.js';
import { exportName, saveCsv, saveUrl } from './export.js';
import type { StopReason } from './feed-reducer.js';
import { feedSpecs, type FeedSpec } from './feeds/feed-specs.js';
import { GraphEmitter } from './graph-emitter.js';
import type { GraphEventMap, GraphStatus } from './graph-events.js';
import { RealtimeGraphProperties } from './realtime-graph-properties.js';
import { styles } from './realtime-graph.styles.js';
import { badgeText } from './status-text.js';
import { renderReplayControls } from './replay-toolbar.js';
import { renderToolbar, toolbarActions } from './toolbar.js';

export type * from './graph-events.js';

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
 * @fires rg-alert - An alert rule of a stream started firing or resolved (also for the rules firing when the element joins); `detail: { stream, rule, state, at, value }`.
 * @fires rg-render - The chart was updated (at most once per animation frame); `detail: { points }`, the newly arrived rows it now shows (0 when it was only redrawn for a zoom).
 * @fires rg-columns - The user chose other columns in the Columns menu (not when `columns` is set by the page); `detail: { columns }`, the entries now in `columns` ([] for all).
 * @fires rg-view - The user zoomed or panned the time axis, double-clicked the chart or pressed Live (or `followLive()` was called); `detail: { range }`, `[fromMs, toMs]` of data time, or null when the chart follows the newest data again. Not fired for `setView()`.
 * @fires rg-hover - The pointer moved over the chart; `detail: { t }`, the data time under it (epoch ms), or null when it left the plot.
 *
 * @csspart toolbar - The row with the title, the picker, the buttons and the status.
 * @csspart title - The heading (cut with an ellipsis when the toolbar is narrow; the full heading is its tooltip).
 * @csspart picker - The data source `<select>`.
 * @csspart button - Every button (with one of the parts below as well).
 * @csspart start-button - The Start button.
 * @csspart stop-button - The Stop button.
 * @csspart pause-button - The Pause / Resume button.
 * @csspart live-button - The Live button (shown only while the user has zoomed or panned).
 * @csspart ranges - The span buttons (1h, 6h, 24h, all), shown while a `range` is set.
 * @csspart range-button - Each span button.
 * @csspart export-button - The Export button, which opens the export menu.
 * @csspart export-menu - The export menu.
 * @csspart menu-item - Every item of the export menu (with one of the parts below as well).
 * @csspart csv-button - The CSV item of the export menu (downloads the window as CSV).
 * @csspart png-button - The PNG item of the export menu (downloads the chart as a PNG image).
 * @csspart columns-button - The Columns button, which opens the columns menu.
 * @csspart columns-menu - The columns menu: a checkbox per numeric column of the stream(s), checked when drawn.
 * @csspart columns-search - The columns menu's search box (shown for more than 8 columns): keeps the columns whose name or unit holds the text.
 * @csspart columns-option - Each column of the columns menu: its checkbox, name and unit.
 * @csspart columns-all-button - The columns menu's All button (checks every column listed).
 * @csspart columns-none-button - The columns menu's None button (unchecks every column listed; the chart keeps its lines until one is checked).
 * @csspart backtest-button - The Backtest button (for a CSV stream with states and alert rules): opens or closes the Backtest view (`backtest`).
 * @csspart backtest - The Backtest view under the chart, an `<rg-backtest-lanes>`, whose parts are exported as `backtest-<part>` (`backtest-lane`, `backtest-failure`…).
 * @csspart status - The status badge.
 * @csspart progress - The replay progress bar inside the badge.
 * @csspart replay-pause-button - With `controls="replay"`: pauses or resumes the replay for every viewer.
 * @csspart speed-select - With `controls="replay"`: the replay speed selector.
 * @csspart seek-bar - With `controls="replay"`: the seek bar (in place of the progress bar); drag to scrub, let go to seek.
 * @csspart seek-time - With `controls="replay"`: the data time at the seek bar's thumb.
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
 * @cssprop --rg-subplot-height - With `layout="stack"` or `"stack-columns"`: the least height of each stacked plot (default 100px); the chart is at least that times the plots (plus room for the time axis), else `--rg-height`.
 * @cssprop --rg-radius - Corner radius.
 * @cssprop --rg-font - Font family.
 */
export class RealtimeGraph extends RealtimeGraphProperties {
  static override styles = styles;

  private readonly view = new StreamChart(this, {
    container: () =>
      this.isConnected ? { element: this.renderRoot.querySelector<HTMLDivElement>('.chart')!, root: this.shadowRoot! } : null,
    theme: () => this.colors.read(),
    layout: () => chartLayoutOf(this.layout),
    window: () => windowSize(this.window),
    onData: (detail) => this.emit('rg-data', detail),
    onRender: (points) => this.emit('rg-render', { points }),
    onStop: (detail) => this.emit('rg-stop', detail),
    onStatus: () => this.emitStatus(),
    onZoom: (zoomed) => (this.zoomed = zoomed),
    onViewRange: (range) => this.emit('rg-view', { range }),
    onHover: (t) => this.emit('rg-hover', { t }),
    onError: (message) => this.fail(message),
    onListChanged: () => void this.list.load(),
    onAlert: (detail) => this.emit('rg-alert', detail),
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
  private readonly colors = new ThemeController(this, () => {
    if (this.theme === 'auto') this.view.setTheme(this.colors.read());
  });
  private readonly exportMenu = new MenuController(this, () => this.renderRoot.querySelector<HTMLElement>('.export'));
  private readonly columnChooser = new ColumnChooserController(this, {
    container: () => this.renderRoot.querySelector<HTMLElement>('.columns'),
    sources: () => {
      const { feeds } = this.view.feeds;
      return {
        streams: feeds.map((f) => f.stream),
        known: feeds.flatMap((f) => (f.layout ? [{ stream: f.stream, series: f.layout.series }] : [])),
      };
    },
    columns: () => this.columns,
    choose: (columns) => {
      this.columns = columns.join(',');
      this.emit('rg-columns', { columns });
    },
  });
  private readonly events = new GraphEmitter(this);
  private readonly backtestView = new BacktestController(this, this.view);
  private readonly replay = new ReplayControls(this, {
    target: () => {
      const { feeds } = this.view;
      const feed = feeds.feeds[0];
      if (!/(^|[\s,])replay($|[\s,])/.test(this.controls) || !this.operatorToken || feeds.several || !feed) return null;
      return { address: feed.spec.address, stream: feed.stream };
    },
    operatorToken: () => this.operatorToken,
    told: () => this.view.feeds.feeds[0]?.state.replay ?? null,
    onError: (message) => this.fail(message),
  });
  /** The first stream was selected for the user once (not again after they chose "Choose…"). */
  private preselected = false;
  private autoStarted = false;
  private resumeOnConnect = false;

  /** The badge's state: connecting, live, paused, reconnecting, finished, error or idle (for several streams: the best of theirs). */
  get state(): GraphStatus {
    return this.view.status().state;
  }

  /** True while the view is paused (see `pause()`). */
  get paused(): boolean {
    return this.view.paused;
  }

  /** Connects to the selected stream or streams (joining their live runs) and starts drawing. */
  start(): void {
    this.view.configure(this.specs(), windowSize(this.window));
    const streams = this.view.feeds.feeds.map((f) => f.stream);
    if (streams.length === 0) {
      this.fail('choose a data source first');
      return;
    }
    this.message = '';
    this.emit('rg-start', { stream: streams.join(',') });
    this.view.start(location.href);
  }

  /** Disconnects; the chart keeps what it shows. */
  stop(reason: StopReason = 'stopped'): void {
    this.view.stop(reason);
  }

  /** Freezes the chart for reading; rows keep arriving into the windows and `resume()` draws them. */
  pause(): void {
    this.view.pause();
    this.emitStatus();
  }

  /** Draws everything that arrived while paused (within the windows) at once, and follows again. */
  resume(): void {
    this.view.resume();
    this.emitStatus();
  }

  /** Empties the windows and the chart (streaming goes on). */
  clear(): void {
    this.view.clear();
  }

  /** Forgets the user's zoom or pan and follows the newest data again (the Live button). */
  followLive(): void {
    this.view.followLive();
  }

  /**
   * Shows the data-time range `[fromMs, toMs]` (epoch ms) as a user's zoom would (with a `range`,
   * its history is fetched), or follows the newest data again (null). Does not fire `rg-view`, so
   * charts that follow each other's views do not loop. Before the chart is drawn, it applies once
   * the chart is.
   */
  setView(range: [number, number] | null): void {
    this.view.setView(range && [Math.min(...range), Math.max(...range)]);
  }

  /** Draws a vertical line over the whole plot at data time `t` (epoch ms), e.g. where another chart is hovered; null removes it. */
  setCrosshair(t: number | null): void {
    this.view.setCrosshair(t);
  }

  /**
   * The windows as CSV: a header (the time column's name, then the drawn series), then one line
   * per row, oldest first, including rows not drawn yet while paused; for several streams, one
   * line per time of any stream, a stream without a row at that time leaving its cells empty.
   * A stream with a state column (`states`) gets it after its series: the state at each row's time.
   * Text cells that start with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading `'`
   * (numbers never do). With `download: true` (the CSV button) the browser also saves it as a file.
   */
  exportCsv(options: { download?: boolean; filename?: string } = {}): string {
    return this.deliverCsv(this.view.feeds.csv(), options);
  }

  /**
   * Like exportCsv, but a zoomed range that starts before a window (with a `range`) comes from
   * the daemon's history at full resolution, then the window's rows in it; for several streams,
   * each stream's rows of the range, aligned by time as exportCsv aligns the windows. The CSV item
   * of the Export menu calls it.
   */
  async exportViewCsv(options: { download?: boolean; filename?: string } = {}): Promise<string> {
    const range = this.view.zoomedRange();
    const csv = range ? await this.view.feeds.rangeCsv(range) : undefined;
    return this.deliverCsv(csv ?? this.view.feeds.csv(), options);
  }

  /** The chart as drawn (with the heading above it) as a PNG `data:` URL; with `download: true` (the PNG button) also saved as a file. */
  async exportPng(options: { download?: boolean; filename?: string } = {}): Promise<string> {
    const url = await this.view.toPng(this.titleText());
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
      void this.view.rebuild();
      this.maybeAutostart();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // the controllers leave the connections, stop their timers, purge the chart
    this.resumeOnConnect = this.view.detach();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The list is loaded on the first update (`server` is set by then), and again for another server or token.
    if (changed.has('server') || (changed.has('token') && changed.get('token') !== undefined)) void this.list.load();
    if (changed.has('theme') && changed.get('theme') !== undefined) this.view.setTheme(this.colors.read());
    if (changed.has('window') && changed.get('window') !== undefined) this.view.setWindow(windowSize(this.window));
    if (changed.has('layout') && changed.get('layout') !== undefined) void this.view.rebuild();
    if (changed.has('range') && (this.range || changed.get('range') !== undefined)) this.view.setRange(rangeSpan(this.range));
    const props = changed as Map<PropertyKey, unknown>;
    if (['stream', 'streams', 'server', 'token', 'columns', 'seriesChanges'].some((p) => props.has(p) && props.get(p) !== undefined)) {
      // Pointed at other streams while streaming: switch; other columns: draw those.
      const running = this.view.feeds.running;
      if (this.view.configure(this.specs(), windowSize(this.window)) && running) this.start();
      else if (changed.has('columns')) for (const message of this.view.reselect()) this.fail(message);
    }
    this.maybeAutostart();
  }

  protected override render() {
    const title = this.titleText();
    const { feeds } = this.view;
    const replay = this.replay.view();
    return html`${renderToolbar({
      title,
      ...badgeText(this.view.status(), feeds.several),
      picker:
        this.showPicker && !feeds.several
          ? {
              streams: this.list.streams,
              stream: this.stream,
              disabled: feeds.running,
              onPick: this.onPick,
              onFocus: () => void this.list.load(),
            }
          : null,
      controls: this.showControls
        ? {
            running: feeds.running,
            canStart: this.specs().length > 0,
            paused: this.view.paused,
            exportable: feeds.hasMeta,
            menu: this.exportMenu,
          }
        : null,
      zoomed: this.zoomed,
      ranges:
        this.showRanges && rangeSpan(this.range) !== undefined
          ? { current: this.range, keepMs: feeds.keepMs, pick: (range) => (this.range = range) }
          : null,
      columnChooser:
        (this.showColumns ?? this.showControls) && this.seriesChildren.read().length === 0 ? renderColumnChooser(this.columnChooser) : null,
      actions: this.actions,
      replayControls: replay ? renderReplayControls(replay, this.replay) : null,
      backtest: this.showControls ? this.backtestView.button() : null,
    })}
      ${this.message ? html`<p class="message" part="message" role="alert">${this.message}</p>` : nothing}
      <div class="chart" part="chart" role="figure" aria-label=${chartLabel(title, this.view.drawnNames)}></div>${this.backtestView.render()}`;
  }

  /** The streams the attributes and the `<rg-series>` children name. */
  private specs(): FeedSpec[] {
    return feedSpecs(this, this.seriesChildren.read(), location.href);
  }

  /** Sends `rg-status` (and renders) when anything in it changed since the last one. */
  private emitStatus(): void {
    if (this.events.status(this.view.status())) this.requestUpdate();
  }

  private fail(message: string): void {
    this.message = message;
    this.emit('rg-error', { message });
  }

  private maybeAutostart(): void {
    if (!this.autostart || this.autoStarted || this.view.feeds.running || this.specs().length === 0 || !this.isConnected) return;
    this.autoStarted = true;
    this.start();
  }

  private readonly actions = toolbarActions(this, (message) => this.fail(message));

  private readonly onPick = (event: Event) => {
    this.stream = (event.target as HTMLSelectElement).value;
  };

  private titleText(): string {
    return headingText(
      this.heading,
      this.specs().map((s) => s.stream),
      this.list.streams,
    );
  }

  /** Returns `csv`, and with `download: true` lets the browser save it as well. */
  private deliverCsv(csv: string, options: { download?: boolean; filename?: string }): string {
    if (options.download) saveCsv(this.renderRoot, csv, options.filename ?? `${this.exportName()}.csv`);
    return csv;
  }

  private exportName(): string {
    return exportName(this.view.feeds.feeds.map((f) => f.stream).join('+'));
  }

  private emit<K extends keyof GraphEventMap>(name: K, detail: GraphEventMap[K]['detail']): void {
    this.events.emit(name, detail);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'realtime-graph': RealtimeGraph;
  }
  interface HTMLElementEventMap extends GraphEventMap {}
}
