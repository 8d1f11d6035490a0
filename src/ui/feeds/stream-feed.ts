import type { ReactiveControllerHost } from 'lit';
import { RowWindow } from '../chart/row-window.js';
import { StreamMarks } from '../chart/stream-marks.js';
import type { AlertData, ColumnInfo, StateData } from '../../protocol/events.js';
import { EventStreamController } from '../controllers/event-stream-controller.js';
import { StatusMeter } from '../controllers/status-meter.js';
import { eventsUrl, scopeKey } from '../daemon-url.js';
import { initialFeed, reduceFeed, wireEvent, type FeedAction, type FeedState, type StopReason } from '../feed-reducer.js';
import { toRows, type Rows } from '../row-events.js';
import { pickColumns } from './drawn-columns.js';
import { FeedHistory } from './feed-history.js';
import type { FeedSpec } from './feed-specs.js';

/** What a feed tells its owner (FeedSet); `feed` says which stream. */
export interface FeedHooks {
  /** The window was made anew (another run, other columns) or emptied: the chart is built again. */
  onLayout(feed: StreamFeed): void;
  /** Rows arrived (also while the view is paused), already in the window. */
  onRows(feed: StreamFeed, rows: Rows): void;
  onStopped(feed: StreamFeed, reason: StopReason): void;
  onError(feed: StreamFeed, message: string): void;
  /** The daemon's list of streams may have changed. */
  onListChanged(): void;
  /** An alert rule of the stream started firing or resolved (a new one, not one known already). */
  onAlert(feed: StreamFeed, alert: AlertData): void;
  /** Something the badge shows changed (or may have: the rate meter's tick). */
  onStatus(): void;
  /** History from the daemon arrived (`range`): the chart draws it again (`view`: at once, it answers the user's zoom or pan). */
  onHistory(feed: StreamFeed, view: boolean): void;
  /** The chart no longer waits for a view's history (see FeedHistory.awaitingView). */
  onViewSettled(feed: StreamFeed): void;
}

/** The numeric columns of a run kept in the window (`pick[i]`: the index in `meta.columns` of series i), and those drawn. */
export interface FeedLayout {
  series: ColumnInfo[];
  pick: number[];
  drawn: number[];
}

/**
 * One stream of an element: its connection (shared with the page's other elements, see
 * EventStreamController), what its events did (reduceFeed), its window of rows and its rate
 * meter. The feed acts on its own state (it resets its window, closes its connection when it
 * stops) and tells its owner the rest.
 */
export class StreamFeed {
  state: FeedState = initialFeed;
  rows: RowWindow | undefined;
  layout: FeedLayout | undefined;
  /** The run's state changes and alert transitions (kept over a loop: what is in effect carries on). */
  readonly marks = new StreamMarks();
  readonly meter: StatusMeter;
  /** The daemon's history drawn before the window (with a `range`). */
  history: FeedHistory | undefined;
  private readonly connection: EventStreamController;

  constructor(
    private readonly host: ReactiveControllerHost,
    public spec: FeedSpec,
    private readonly hooks: FeedHooks,
    private window: number,
  ) {
    this.connection = new EventStreamController(host, {
      onEvent: (name, data) => this.onEvent(name, data),
      onState: (state) => this.dispatch({ type: 'connection', state }),
      onGone: (message) => this.dispatch({ type: 'gone', message }),
      onRefused: (message) => this.dispatch({ type: 'refused', message }),
    });
    this.meter = new StatusMeter(host, () => hooks.onStatus());
  }

  get stream(): string {
    return this.spec.stream;
  }

  /** Connects (joining the page's connection to the stream, which hands over its recent rows at once). */
  start(pageHref: string): void {
    this.dispatch({ type: 'start' });
    this.meter.restart({ keepFigure: true });
    this.connection.open(scopeKey(this.spec.address, pageHref), eventsUrl(this.spec.address, this.spec.stream, pageHref), this.window);
  }

  stop(reason: StopReason): void {
    this.dispatch({ type: 'stop', reason });
  }

  /** Draws other columns (the window keeps every series); returns the names that are not numeric columns of the stream. */
  select(columns: readonly string[] | null): string[] {
    if (!this.layout) return [];
    const { drawn, unknown } = pickColumns(this.layout.series, columns);
    this.layout = { ...this.layout, drawn };
    return unknown;
  }

  /** Draws `span` ms of the daemon's history before the window (undefined: the window only). */
  setRange(span: number | undefined): void {
    this.history?.reset();
    this.history =
      span === undefined
        ? undefined
        : new FeedHistory(
            {
              address: () => this.spec.address,
              stream: () => this.spec.stream,
              rows: () => this.rows,
              drawnColumns: () => (this.layout ? this.layout.drawn.map((i) => this.layout!.pick[i]!) : []),
              onHistory: (view) => this.hooks.onHistory(this, view),
              onViewSettled: () => this.hooks.onViewSettled(this),
              onError: (message) => this.hooks.onError(this, message),
            },
            span,
          );
    this.history?.open(); // rows already in the window (another span picked): open on them now
  }

  setWindow(window: number): void {
    this.window = window;
    this.rows?.setLimit(window);
  }

  /** Leaves the connection and the host for good. */
  dispose(): void {
    this.connection.close();
    this.host.removeController(this.connection);
    this.host.removeController(this.meter);
  }

  /** The host left the page: the connection is left (by its controller); `running` says whether to start again on return. */
  detach(): boolean {
    const running = this.state.running;
    this.state = { ...this.state, running: false, status: 'idle' };
    return running;
  }

  private dispatch(action: FeedAction): void {
    const before = this.state;
    const after = reduceFeed(before, action);
    if (after === before) return;
    this.state = after;
    if (after.errors !== before.errors) this.hooks.onError(this, after.error);
    // Another run: its marks start afresh (the daemon sends those in effect after `meta`).
    if (after.meta && after.meta.run !== before.meta?.run) this.marks.clear();
    if (after.layout !== before.layout && after.meta) {
      const series = after.meta.columns.filter((c) => c.type === 'number');
      this.layout = { series, pick: series.map((c) => after.meta!.columns.indexOf(c)), drawn: [] };
      this.rows = new RowWindow(series.length, this.window);
      this.history?.reset();
      this.meter.drawn();
      const unknown = this.select(this.spec.columns);
      if (unknown.length > 0) this.hooks.onError(this, `no numeric column ${unknown.map((n) => `"${n}"`).join(', ')} in this stream`);
      this.hooks.onLayout(this);
    } else if (after.clears !== before.clears) {
      // A loop starts the window again; a reset too (its meta follows).
      this.rows?.clear();
      this.meter.drawn();
      if (after.meta) this.hooks.onLayout(this);
    }
    if (after.listChanges !== before.listChanges) this.hooks.onListChanged();
    if (before.running && !after.running) {
      this.connection.close();
      this.hooks.onStopped(this, after.stopReason ?? 'stopped');
    }
    if (after.status !== before.status && after.status !== 'live') this.meter.restart();
    this.hooks.onStatus();
  }

  private onEvent(name: string, data: unknown): void {
    if (name === 'looped') this.marks.loop();
    this.dispatch(wireEvent(name, data));
    if (name === 'state' || name === 'alert') {
      if (this.marks.add(name, data as StateData | AlertData) && name === 'alert') this.hooks.onAlert(this, data as AlertData);
      this.hooks.onStatus();
      return;
    }
    const meta = this.state.meta;
    if ((name !== 'update' && name !== 'batch') || !meta || !this.rows || !this.layout) return;
    const rows = toRows(name, data, meta);
    if (rows.t.length === 0) return;
    this.rows.push(rows, this.layout.pick);
    if (this.meter.arrived(rows.t.length)) this.hooks.onStatus();
    this.history?.open();
    this.hooks.onRows(this, rows);
  }
}
