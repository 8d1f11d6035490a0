import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { BacktestReport } from '../../protocol/backtest.js';
import type { PlotArea } from '../chart/plotly-chart.js';
import type { StreamChart } from '../controllers/stream-chart.js';
import { getJson } from '../daemon/daemon-json.js';
import type { DaemonAddress } from '../daemon-url.js';
import { backtestUrl, type RuleTry } from './backtest-query.js';
import type { BacktestTryDetail, BacktestZoomDetail, RgBacktestLanes } from './backtest-lanes.js';

/** What the view reads of `<realtime-graph>`. */
export interface BacktestHost extends ReactiveControllerHost {
  /** The view is open (the `backtest` attribute). */
  backtest: boolean;
  range: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
  setView(range: [number, number] | null): void;
}

/** What the view reads of the chart: the stream drawn, and where the plot's time axis is. */
export type BacktestChart = Pick<StreamChart, 'feeds' | 'plotArea' | 'watchPlotArea'>;

/**
 * The Backtest view of a chart of one stream: while the host's `backtest` is set, fetches
 * `GET /api/streams/:id/backtest` (with the thresholds tried in the view) and draws the report
 * under the chart (`<rg-backtest-lanes>`), lined up with the plot's time axis as it is drawn; a
 * click on a failure zooms the chart to the hours before it. A failed request shows its message
 * in the view; the chart goes on.
 */
export class BacktestController implements ReactiveController {
  private report: BacktestReport | null = null;
  private message = '';
  private busy = false;
  /** The settings tried per rule, sent with every request (in the order they were first tried). */
  private readonly tries = new Map<string, RuleTry>();
  /** The rules tried in the answer shown (their YAML is shown). */
  private answered: string[] = [];
  private area: PlotArea | null = null;
  /** The daemon, token and stream the report is for ('' when none is asked yet). */
  private asked = '';
  private request: AbortController | undefined;
  private unwatch: (() => void) | undefined;

  constructor(
    private readonly host: BacktestHost,
    private readonly chart: BacktestChart,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {
    host.addController(this);
  }

  /** The stream a backtest can be run on: a chart of one stream (null for several, or before the chart is configured). */
  private target(): { address: DaemonAddress; stream: string; key: string } | null {
    const { feeds } = this.chart;
    const feed = feeds.several ? undefined : feeds.feeds[0];
    return feed ? { address: feed.spec.address, stream: feed.stream, key: feed.spec.key } : null;
  }

  /** The toolbar's Backtest button: for a CSV stream with states and alert rules (or while the view is open). */
  button() {
    const meta = this.chart.feeds.several ? null : this.chart.feeds.feeds[0]?.state.meta;
    const fits = !!meta && meta.source === 'csv' && meta.states !== null && meta.alerts.length > 0;
    if (!fits && !this.host.backtest) return null;
    return html`<button
      part="button backtest-button"
      aria-pressed=${this.host.backtest ? 'true' : 'false'}
      title="Replay the stream's file through its alert rules: when each would have warned before the failures"
      @click=${() => {
        this.host.backtest = !this.host.backtest;
      }}
    >
      Backtest
    </button>`;
  }

  /** The view under the chart, while open. */
  render() {
    if (!this.host.backtest) return nothing;
    return html`<rg-backtest-lanes
      part="backtest"
      exportparts=${EXPORTED_PARTS}
      .report=${this.report}
      .area=${this.area}
      .tried=${this.answered}
      .message=${this.message}
      .busy=${this.busy}
      @rg-backtest-zoom=${(e: CustomEvent<BacktestZoomDetail>) => this.host.setView(e.detail.range)}
      @rg-backtest-try=${(e: CustomEvent<BacktestTryDetail>) => {
        this.tries.set(e.detail.rule, e.detail.tried);
        void this.run();
      }}
    ></rg-backtest-lanes>`;
  }

  hostUpdate(): void {
    if (!this.host.backtest) {
      this.close();
      return;
    }
    // The chart draws the past the view shows (a failure's zoom is drawn from history).
    if (!this.host.range) this.host.range = 'all';
    this.unwatch ??= this.chart.watchPlotArea(() => this.followPlot());
    this.area = this.chart.plotArea();
    const key = this.target()?.key ?? '';
    if (key !== this.asked) {
      this.asked = key;
      this.tries.clear();
      this.report = null;
      this.answered = [];
      if (key) void this.run();
    }
  }

  hostDisconnected(): void {
    this.close();
  }

  /** Runs the backtest with the settings tried, and shows its answer (or why there is none). */
  private async run(): Promise<void> {
    const target = this.target();
    if (!target) return;
    this.request?.abort();
    const abort = new AbortController();
    this.request = abort;
    const tries = [...this.tries];
    this.busy = true;
    this.message = '';
    this.host.requestUpdate();
    try {
      const url = backtestUrl(target.address, target.stream, tries, location.href);
      const report = await getJson<BacktestReport>(url, this.fetchImpl, abort.signal);
      if (this.request !== abort) return;
      this.report = report;
      this.answered = tries.map(([rule]) => rule);
    } catch (error) {
      if (this.request !== abort) return;
      this.message = `The backtest did not run: ${(error as Error).message}`;
    }
    this.request = undefined;
    this.busy = false;
    this.host.requestUpdate();
  }

  /** The plot was drawn again: the lanes follow its time axis (redrawn alone, not the whole element). */
  private followPlot(): void {
    const area = this.chart.plotArea();
    if (sameArea(area, this.area)) return;
    this.area = area;
    const lanes = this.host.renderRoot.querySelector<RgBacktestLanes>('rg-backtest-lanes');
    if (lanes) lanes.area = area;
  }

  private close(): void {
    this.request?.abort();
    this.request = undefined;
    this.busy = false;
    this.unwatch?.();
    this.unwatch = undefined;
    this.asked = '';
  }
}

/** The view's parts, reachable from the page as `realtime-graph::part(backtest-lane)` and so on. */
const EXPORTED_PARTS = [
  'summary',
  'timeline',
  'failure',
  'lane',
  'span',
  'lead',
  'rule',
  'side',
  'threshold',
  'for',
  'resolve',
  'figures',
  'yaml',
  'message',
]
  .map((part) => `${part}: backtest-${part}`)
  .join(', ');

function sameArea(a: PlotArea | null, b: PlotArea | null): boolean {
  return a === b || (!!a && !!b && a.left === b.left && a.width === b.width && a.range[0] === b.range[0] && a.range[1] === b.range[1]);
}
