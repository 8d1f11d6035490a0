import type { ReactiveControllerHost } from 'lit';
import type { ChartSource } from '../chart/chart-source.js';
import { windowCsv } from '../export.js';
import type { StopReason } from '../feed-reducer.js';
import type { GraphStatusDetail } from '../graph-events.js';
import { alignedCsv } from './aligned-csv.js';
import { rangeCsv, type RangeSource } from './range-export.js';
import { seriesLabel, type FeedSpec } from './feed-specs.js';
import { statusDetail } from './feed-status.js';
import { StreamFeed, type FeedHooks } from './stream-feed.js';

/**
 * The streams one element draws (one StreamFeed each, in the chart's order). A chart of several
 * streams names its series `stream · column` and its messages `stream: …`; one stream's feed
 * keeps its plain names. A stream that fails stops alone: the others go on.
 */
export class FeedSet {
  feeds: StreamFeed[] = [];
  private range: number | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: FeedHooks,
  ) {}

  get several(): boolean {
    return this.feeds.length > 1;
  }

  get running(): boolean {
    return this.feeds.some((f) => f.state.running);
  }

  /** Some stream sent its columns: there is something to export. */
  get hasMeta(): boolean {
    return this.feeds.some((f) => f.state.meta);
  }

  /** The longest history the shown streams keep (ms), once their meta is in. */
  get keepMs(): number | undefined {
    const kept = this.feeds.flatMap((f) => (f.state.meta ? [f.state.meta.keepMs] : []));
    return kept.length > 0 ? Math.max(...kept) : undefined;
  }

  /** Rows waiting to be drawn, in every stream. */
  get pending(): number {
    return this.feeds.reduce((n, f) => n + (f.rows?.pending ?? 0), 0);
  }

  /**
   * Follows `specs`: feeds of streams still wanted stay (with their new column choice), the
   * others are disposed, new ones are made idle. True when the streams changed.
   */
  configure(specs: readonly FeedSpec[], window: number): boolean {
    const same = specs.length === this.feeds.length && specs.every((s, i) => s.key === this.feeds[i]!.spec.key);
    if (same) {
      specs.forEach((spec, i) => {
        this.feeds[i]!.spec = spec;
      });
      return false;
    }
    const kept = new Map(this.feeds.map((f) => [f.spec.key, f]));
    this.feeds = specs.map((spec) => {
      const feed = kept.get(spec.key);
      kept.delete(spec.key);
      if (feed) feed.spec = spec;
      if (feed) return feed;
      const made = new StreamFeed(this.host, spec, this.named(), window);
      made.setRange(this.range);
      return made;
    });
    for (const gone of kept.values()) gone.dispose();
    return true;
  }

  start(pageHref: string): void {
    for (const feed of this.feeds) feed.start(pageHref);
  }

  stop(reason: StopReason): void {
    for (const feed of this.feeds) feed.stop(reason);
  }

  /** Draws the columns the specs now name; returns the messages for names no stream has. */
  select(): string[] {
    return this.feeds.flatMap((f) => f.select(f.spec.columns).map((name) => this.prefix(f, `no numeric column "${name}" in this stream`)));
  }

  setWindow(window: number): void {
    for (const feed of this.feeds) feed.setWindow(window);
  }

  /** Every stream draws `span` ms of history before its window (undefined: none). */
  setRange(span: number | undefined): void {
    this.range = span;
    for (const feed of this.feeds) feed.setRange(span);
  }

  /** Some stream's history for the view the user chose is on its way (the chart waits for it). */
  get awaitingView(): boolean {
    return this.feeds.some((f) => f.history?.awaitingView);
  }

  /** The user zoomed or panned: each stream fetches what its window lacks. */
  viewChanged(range: [number, number] | null, width: number): void {
    for (const feed of this.feeds) feed.history?.viewChanged(range, width);
  }

  clear(): void {
    for (const feed of this.feeds) {
      feed.rows?.clear();
      feed.meter.drawn();
    }
  }

  /** Every row that arrived is drawn. */
  drawn(): void {
    for (const feed of this.feeds) feed.meter.drawn();
  }

  /** Measures the rates again (after the page was busy building the first chart). */
  remeasure(): void {
    for (const feed of this.feeds) feed.meter.restart({ keepFigure: true });
  }

  /** The host left the page; true when some stream was running (to start again on return). */
  detach(): boolean {
    return this.feeds.map((f) => f.detach()).some(Boolean);
  }

  /** What the chart draws: per stream with columns, its window and its drawn series, named for the legend. */
  chartSources(): ChartSource[] {
    return this.feeds.flatMap((f) => {
      const { rows, layout, state } = f;
      if (!rows || !layout || !state.meta) return [];
      const columns = layout.drawn.map((i) => ({
        ...layout.series[i]!,
        name: seriesLabel(f.stream, layout.series[i]!.name, this.several),
      }));
      const label = this.several ? seriesLabel(f.stream, '', true) : '';
      const history = f.history;
      return [
        {
          rows,
          series: layout.drawn.slice(),
          columns,
          thresholds: state.meta.thresholds,
          marks: f.marks,
          states: state.meta.states,
          label,
          past: history ? () => history.lines() : undefined,
        },
      ];
    });
  }

  /** The windows as CSV: one stream's rows as they came; several streams aligned by time. */
  csv(): string {
    const sources = this.csvSources();
    if (!this.several) {
      const first = sources[0];
      return windowCsv(first?.rows, this.timeName(), first?.names ?? [], first?.series ?? [], first?.state);
    }
    return alignedCsv(this.timeName(), sources);
  }

  /**
   * The rows of a zoomed range at full resolution, as CSV, when it starts before some stream's
   * window (with a `range`): per stream, the daemon's rows before its window's oldest row, then
   * its window's (see rangeCsv). Undefined when the windows cover the range (export the windows).
   */
  rangeCsv([from, to]: [number, number]): Promise<string | undefined> {
    return rangeCsv(this.timeName(), this.csvSources(), from, to);
  }

  /** Per stream with columns: its window, drawn series and names, state column, and history, for the CSV. */
  private csvSources(): RangeSource[] {
    return this.feeds.flatMap((f) => {
      const { rows, layout, state } = f;
      if (!rows || !layout || !state.meta) return [];
      const states = state.meta.states;
      const history = f.history;
      return [
        {
          rows: rows.view(),
          oldest: rows.oldestTime(),
          series: layout.drawn.slice(),
          names: layout.drawn.map((i) => seriesLabel(f.stream, layout.series[i]!.name, this.several)),
          pick: layout.pick,
          // A stream with a state column gets it after its series: the state at each row's time.
          ...(states ? { state: { name: seriesLabel(f.stream, states.column, this.several), at: (t: number) => f.marks.stateAt(t) } } : {}),
          ...(history ? { past: (a: number, b: number) => history.rows(a, b) } : {}),
        },
      ];
    });
  }

  private timeName(): string {
    return this.feeds.find((f) => f.state.meta)?.state.meta?.time || 'time';
  }

  status(paused: boolean): GraphStatusDetail {
    const figures = this.feeds.map((f) => {
      const pending = f.rows?.pending ?? 0;
      return {
        stream: f.stream,
        state: f.state,
        rowsPerSecond: f.meter.rowsPerSecond,
        lag: f.meter.lag(pending),
        pending,
        alerts: f.marks.firingNow().size,
      };
    });
    return statusDetail(figures, paused);
  }

  /** The hooks, with a stream's name before its messages when there are several. */
  private named(): FeedHooks {
    return { ...this.hooks, onError: (feed, message) => this.hooks.onError(feed, this.prefix(feed, message)) };
  }

  private prefix(feed: StreamFeed, message: string): string {
    return this.several ? `${feed.stream}: ${message}` : message;
  }
}
