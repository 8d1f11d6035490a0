import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { PlotlyChart, type ChartTheme } from './chart/plotly-chart.js';
import { PointBuffer } from './chart/point-buffer.js';
import { EventStreamController, type ConnectionState } from './controllers/event-stream-controller.js';
import { toRows, type ColumnInfo, type Progress, type StreamMeta, type StreamSummary } from './protocol.js';
import { styles } from './realtime-graph.styles.js';

/** What the status badge shows, and the `state` of `rg-status` events. */
export type GraphStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'finished' | 'error';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/**
 * A live line chart of one stream of a realtime-graph daemon.
 *
 * @fires rg-start - Start was pressed or `start()` called; `detail: { stream }`.
 * @fires rg-stop - Stop was pressed, `stop()` called, or the stream ended; `detail: { stream, reason }`.
 * @fires rg-status - The connection or stream state changed; `detail: { state, rowsPerSecond, progress }`.
 * @fires rg-data - Rows arrived; `detail: { t, columns, y }` in columnar form.
 * @fires rg-error - The stream or the connection failed; `detail: { message }`.
 * @fires rg-render - Points were drawn (once per animation frame at most); `detail: { points }`.
 *
 * @csspart toolbar - The row with the picker, the buttons and the status.
 * @csspart picker - The data source `<select>`.
 * @csspart start-button - The Start button.
 * @csspart stop-button - The Stop button.
 * @csspart status - The status badge.
 * @csspart chart - The chart container.
 *
 * @cssprop --rg-background - Background colour.
 * @cssprop --rg-foreground - Text colour.
 * @cssprop --rg-accent - Colour of the primary button and focus rings.
 * @cssprop --rg-height - Height of the chart.
 */
export class RealtimeGraph extends LitElement {
  static override styles = styles;

  static override properties = {
    server: { type: String },
    stream: { type: String, reflect: true },
    window: { type: Number },
    autostart: { type: Boolean },
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
  };

  /** Base URL of the daemon; empty means the page's own origin. */
  declare server: string;
  /** Id of the stream to show (as listed by `/api/streams`). */
  declare stream: string;
  /** Points kept per series; older points scroll out. */
  declare window: number;
  /** Start streaming as soon as the element is on the page. */
  declare autostart: boolean;
  /** Heading shown above the chart (the `title` attribute); defaults to the stream's title. */
  declare heading: string;
  /** `light`, `dark`, or `auto` (follows the system). */
  declare theme: 'light' | 'dark' | 'auto';
  /** Show the data source picker (`show-picker="false"` hides it). */
  declare showPicker: boolean;
  /** Show the Start/Stop buttons (`show-controls="false"` hides them). */
  declare showControls: boolean;

  declare protected streams: StreamSummary[];
  declare protected status: GraphStatus;
  declare protected running: boolean;
  declare protected message: string;
  declare protected progress: Progress | null;
  declare protected rowsPerSecond: number;
  /** How many times a looping replay has started again. */
  declare protected pass: number;
  /** Why the source is not live (e.g. its brokers cannot be reached). */
  declare protected sourceMessage: string;

  private readonly connection = new EventStreamController(this, {
    onEvent: (name, data) => this.handleEvent(name, data),
    onState: (state) => this.handleConnectionState(state),
    onGone: (message) => this.fail(message),
  });
  private chart: PlotlyChart | undefined;
  private buffer: PointBuffer | undefined;
  private meta: StreamMeta | undefined;
  private series: ColumnInfo[] = [];
  private pick: number[] = [];
  private frame = 0;
  private arrivals: { at: number; rows: number }[] = [];

  constructor() {
    super();
    this.server = '';
    this.stream = '';
    this.window = 120;
    this.autostart = false;
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
    this.connection.open(this.url(`/api/streams/${encodeURIComponent(this.stream)}/events`));
    this.emit('rg-start', { stream: this.stream });
  }

  /** Disconnects; the chart keeps what it shows. */
  stop(reason = 'stopped'): void {
    if (!this.running) return;
    this.connection.close();
    this.running = false;
    this.setStatus(reason === 'finished' ? 'finished' : 'idle');
    this.emit('rg-stop', { stream: this.stream, reason });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadStreams();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.running = false;
    this.chart?.destroy();
    this.chart = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('theme') && this.meta) void this.setupChart(this.meta);
  }

  protected override render() {
    const title = this.heading || this.streams.find((s) => s.id === this.stream)?.title || '';
    return html`
      <div class="toolbar" part="toolbar">
        ${title ? html`<h2 class="title">${title}</h2>` : nothing}
        ${this.showPicker
          ? html`<label
              >Data source
              <select part="picker" .value=${this.stream} ?disabled=${this.running} @change=${this.onPick}>
                <option value="" ?selected=${!this.stream}>Choose…</option>
                ${this.streams.map((s) => html`<option value=${s.id} ?selected=${s.id === this.stream}>${s.title}</option>`)}
              </select></label
            >`
          : nothing}
        ${this.showControls
          ? html`<button part="start-button" class="primary" ?disabled=${this.running || !this.stream} @click=${() => this.start()}>
                Start
              </button>
              <button part="stop-button" ?disabled=${!this.running} @click=${() => this.stop()}>Stop</button>`
          : nothing}
        <span class="status" part="status" role="status" data-state=${this.status}>
          <span class="dot" aria-hidden="true"></span>${this.statusText()}
          ${this.progress?.total ? html`<progress max=${this.progress.total} value=${this.progress.row}></progress>` : nothing}
        </span>
      </div>
      ${this.message ? html`<p class="message" role="alert">${this.message}</p>` : nothing}
      <div class="chart" part="chart"></div>
    `;
  }

  protected override firstUpdated(): void {
    if (this.autostart && this.stream) this.start();
  }

  private onPick(event: Event): void {
    this.stream = (event.target as HTMLSelectElement).value;
  }

  private async loadStreams(): Promise<void> {
    try {
      const response = await fetch(this.url('/api/streams'), { cache: 'no-store' });
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      const body = (await response.json()) as { streams: StreamSummary[] };
      this.streams = body.streams;
      if (!this.stream && this.streams.length > 0 && !this.showPicker) this.stream = this.streams[0]!.id;
    } catch (error) {
      this.fail(`cannot list the streams: ${(error as Error).message}`);
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
        this.pass = (data as { pass: number }).pass;
        return;
      case 'started':
        this.pass = 0;
        return;
      case 'jobfinished':
        this.flush();
        this.progress = (data as { progress: Progress | null }).progress ?? this.progress;
        this.stop('finished');
        return;
      case 'sourceerror':
        this.flush();
        this.fail((data as { message?: string }).message ?? 'the source failed');
        this.stop('error');
        this.setStatus('error');
        return;
      case 'end':
        if ((data as { reason?: string }).reason === 'removed') {
          this.fail('the stream was removed from the server');
          this.stop('removed');
        }
        return; // on shutdown the EventSource reconnects by itself
      default:
        return;
    }
  }

  private onMeta(meta: StreamMeta): void {
    const sameRun = this.meta?.run === meta.run && this.chart?.isReady;
    this.meta = meta;
    this.progress = meta.progress;
    this.pass = meta.pass ?? 0;
    if (meta.status && meta.status !== 'live') this.onSourceStatus({ state: meta.status, message: null });
    if (!sameRun) void this.setupChart(meta);
  }

  /** The source's own connection (e.g. to Kafka brokers), as opposed to this element's. */
  private onSourceStatus(status: { state: string; message: string | null }): void {
    this.sourceMessage = status.state === 'live' ? '' : (status.message ?? '');
    this.setStatus(status.state === 'live' ? 'live' : status.state === 'connecting' ? 'connecting' : 'reconnecting');
  }

  private async setupChart(meta: StreamMeta): Promise<void> {
    this.series = meta.columns.filter((c) => c.type === 'number');
    this.pick = this.series.map((c) => meta.columns.indexOf(c));
    this.buffer = new PointBuffer(this.series.length, this.window);
    await this.updateComplete;
    const container = this.renderRoot.querySelector<HTMLDivElement>('.chart');
    if (!container) return;
    this.chart?.destroy();
    this.chart = new PlotlyChart(container, this.shadowRoot!);
    await this.chart.init({
      series: this.series,
      thresholds: meta.thresholds,
      window: this.window,
      theme: this.chartTheme(),
    });
    this.scheduleFrame();
  }

  private onRows(name: 'update' | 'batch', data: unknown): void {
    if (!this.meta || !this.buffer) return;
    const rows = toRows(name, data, this.meta);
    this.buffer.push(rows, this.pick);
    this.countArrival(rows.t.length);
    this.emit('rg-data', { t: rows.t, columns: this.meta.columns.map((c) => c.name), y: rows.y });
    this.scheduleFrame();
  }

  /** One chart update per animation frame, however many rows arrived since the last one. */
  private scheduleFrame(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.flush();
    });
  }

  private flush(): void {
    if (!this.chart?.isReady || !this.buffer || this.buffer.size === 0) return;
    const { t, y } = this.buffer.take();
    this.chart.extend(t, y);
    this.emit('rg-render', { points: t.length });
  }

  private countArrival(rows: number): void {
    const at = performance.now();
    this.arrivals.push({ at, rows });
    while (this.arrivals.length > 0 && at - this.arrivals[0]!.at > 2000) this.arrivals.shift();
    const span = Math.max(1000, at - (this.arrivals[0]?.at ?? at));
    const total = this.arrivals.reduce((n, a) => n + a.rows, 0);
    const rate = (total * 1000) / span;
    if (Math.abs(rate - this.rowsPerSecond) >= 0.5) {
      this.rowsPerSecond = Math.round(rate * 10) / 10;
      this.emitStatus();
    }
  }

  private handleConnectionState(state: ConnectionState): void {
    if (!this.running) return;
    if (state === 'live' && this.sourceMessage) return; // connected, but the source itself is not live
    if (state === 'connecting' || state === 'live' || state === 'reconnecting') this.setStatus(state);
  }

  private setStatus(status: GraphStatus): void {
    if (this.status === status) return;
    this.status = status;
    if (status !== 'live') this.rowsPerSecond = 0;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.emit('rg-status', { state: this.status, rowsPerSecond: this.rowsPerSecond, progress: this.progress });
  }

  private fail(message: string): void {
    this.message = message;
    this.emit('rg-error', { message });
  }

  private statusText(): string {
    switch (this.status) {
      case 'live':
        return `live · ${this.rowsPerSecond.toFixed(1)} rows/s${this.pass > 0 ? ` · pass ${this.pass + 1}` : ''}`;
      case 'connecting':
        return 'connecting…';
      case 'reconnecting':
        return this.sourceMessage ? `reconnecting… (${this.sourceMessage})` : 'reconnecting…';
      case 'finished':
        return 'finished';
      case 'error':
        return 'error';
      default:
        return 'idle';
    }
  }

  private chartTheme(): ChartTheme {
    const style = getComputedStyle(this);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
      background: read('--rg-background', '#ffffff'),
      foreground: read('--rg-foreground', '#1f2933'),
      grid: read('--rg-grid', '#e4e7eb'),
      colors: PALETTE,
    };
  }

  private url(path: string): string {
    return this.server ? new URL(path, this.server.endsWith('/') ? this.server : `${this.server}/`).href : path;
  }

  private emit(name: string, detail: unknown): void {
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
}
