import { LitElement } from 'lit';
import type { ChartLayout } from '../protocol/dashboards.js';
import { DEFAULT_WINDOW } from './chart-names.js';

/**
 * The attributes and properties of `<realtime-graph>` (see RealtimeGraph, which documents the
 * element and draws it), with their defaults: what a page sets, apart from what the element does.
 */
export class RealtimeGraphProperties extends LitElement {
  static override properties = {
    server: { type: String },
    token: { type: String },
    stream: { type: String, reflect: true },
    streams: { type: String },
    columns: {
      type: String,
      reflect: true,
      converter: { fromAttribute: (value: string | null) => value ?? '', toAttribute: (value: string) => value || null },
    },
    window: { type: Number },
    range: { type: String },
    layout: { type: String },
    autostart: { type: Boolean },
    preselect: { type: Boolean, converter: booleanAttribute },
    heading: { type: String },
    theme: { type: String, reflect: true },
    showPicker: { type: Boolean, attribute: 'show-picker', converter: booleanAttribute },
    showControls: { type: Boolean, attribute: 'show-controls', converter: booleanAttribute },
    controls: { type: String },
    operatorToken: { type: String, attribute: 'operator-token' },
    showRanges: { type: Boolean, attribute: 'show-ranges', converter: booleanAttribute },
    showColumns: {
      type: Boolean,
      attribute: 'show-columns',
      converter: (value: string | null) => (value === null ? undefined : booleanAttribute(value)),
    },
    backtest: { type: Boolean, reflect: true },
    message: { state: true },
    zoomed: { state: true },
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
  /** Columns to draw: a comma-separated subset of the stream's numeric columns (`columns` attribute, reflected: the Columns menu sets it); empty draws all. In a chart of several streams a name is drawn from every stream, and `stream · column` (the legend's name) from that stream only. */
  declare columns: string;
  /** Rows kept and drawn per column; older ones scroll out (`window` attribute, default 120). */
  declare window: number;
  /** Opens the chart on this span of the daemon's history before the live rows (`range` attribute: `1h`, `6h`, `24h` or `all`; empty: the live rows only). */
  declare range: string;
  /**
   * How the columns are drawn (`layout` attribute): `overlay` (default) on one plot, with a left and
   * a right (`axis: y2`) y-axis; `stack`, one plot per unit (a column without a unit gets a plot of
   * its own); `stack-columns`, one plot per column. Stacked plots share one time axis, each with its
   * own y-axis titled with its unit (`axis: y2` is not used; the lines have no legend entries, the
   * hover names them); see `--rg-subplot-height`. Any other value draws the overlay. Changing it
   * redraws the chart.
   */
  declare layout: ChartLayout;
  /** Start streaming as soon as the element is on the page with a stream (`autostart` attribute). */
  declare autostart: boolean;
  /** Without a `stream`, select the first stream of the list (`preselect="false"` starts on "Choose…"; a hidden picker always selects the first). */
  declare preselect: boolean;
  /** Heading above the chart (`heading` attribute); defaults to the stream's title. */
  declare heading: string;
  /** Colours: `light` (default), `dark`, or `auto` (follows the system setting) (`theme` attribute). */
  declare theme: 'light' | 'dark' | 'auto';
  /** Show the data source picker (`show-picker="false"` hides it; a chart of several streams has none). */
  declare showPicker: boolean;
  /** Show the Start, Stop, Pause and Export buttons (`show-controls="false"` hides them). */
  declare showControls: boolean;
  /** `controls="replay"` with an `operator-token`: the toolbar also controls the file replay for every viewer (pause, speed, seek). For operator pages only. */
  declare controls: string;
  /** The daemon's `server.auth.operatorToken` (`operator-token` attribute), sent in an Authorization header by the replay controls only. Anyone who can read the page can read it: put it on operator pages only, never on a page for viewers. */
  declare operatorToken: string;
  /** Show the span buttons (1h, 6h, 24h, all) while a `range` is set (`show-ranges="false"` hides them). */
  declare showRanges: boolean;
  /** Show the Columns button, whose menu lets the viewer choose the columns drawn (`show-columns`, or `show-columns="false"` to hide it); unset, it follows `show-controls`. A chart of `<rg-series>` children has none. */
  declare showColumns: boolean | undefined;
  /**
   * Shows the Backtest view under the chart (`backtest` attribute, reflected; the toolbar's
   * Backtest button toggles it): the stream's file replayed through its alert rules by the daemon
   * (`GET /api/streams/:id/backtest`), each rule a lane of its firing spans on the chart's time
   * axis, the failures as bands with each rule's lead time, and each rule's figures. A click on a
   * failure zooms the chart to the hours before it; a rule's threshold, `for` and `resolve` can be
   * changed to try them (the config file is not written; the view shows the tried rule's YAML
   * line). For a chart of one CSV stream with states and alert rules. Opening it sets `range` to
   * `all` when it is empty, so that the chart can draw the past from the daemon's history.
   */
  declare backtest: boolean;

  /** The error shown under the toolbar (empty: none). */
  declare protected message: string;
  /** The user zoomed or panned: the Live button shows. */
  declare protected zoomed: boolean;
  /** Bumped when `<rg-series>` children come, go or change. */
  declare protected seriesChanges: number;

  constructor() {
    super();
    Object.assign(this, {
      server: '',
      token: '',
      stream: '',
      streams: '',
      columns: '',
      window: DEFAULT_WINDOW,
      range: '',
      layout: 'overlay',
      autostart: false,
      preselect: true,
      backtest: false,
    });
    Object.assign(this, {
      heading: '',
      theme: 'light',
      showPicker: true,
      showControls: true,
      showRanges: true,
      controls: '',
      operatorToken: '',
    });
    Object.assign(this, { message: '', zoomed: false, seriesChanges: 0 });
  }
}

/** `show-picker="false"` hides; a bare attribute or any other value shows. */
function booleanAttribute(value: string | null): boolean {
  return value === null ? true : value !== 'false';
}
