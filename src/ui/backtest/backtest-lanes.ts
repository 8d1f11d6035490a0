import { html, LitElement, nothing } from 'lit';
import type { BacktestReport, BacktestRule, RuleReport } from '../../protocol/backtest.js';
import type { PlotArea } from '../chart/plotly-chart.js';
import type { RuleTry } from './backtest-query.js';
import { styles } from './backtest-lanes.styles.js';
import { figuresText, leadText, summaryText, timeText, yamlLine, zoomRange } from './backtest-text.js';
import { placeSpan, placeTime } from './lane-place.js';

/** `rg-backtest-zoom`'s detail: the data-time range to show (epoch ms). */
export interface BacktestZoomDetail {
  range: [number, number];
}

/** `rg-backtest-try`'s detail: a rule and the settings typed in its lane. */
export interface BacktestTryDetail {
  rule: string;
  tried: RuleTry;
}

/** A failure's band is at least this wide (px), so that a short one can be seen and clicked. */
const MIN_BAND = 4;

/**
 * The Backtest view of `<realtime-graph>`, drawn under its chart: a backtest report's rules as
 * lanes on the chart's time axis (`area`, from the chart): each rule's firing spans as bars, the
 * failures as bands across every lane, and in each lane the lead time of each failure ("45 min",
 * or "missed"). Under the lanes, each rule's settings (to try others) and its figures, and for
 * each rule tried, its line of YAML to copy into a config. It draws what it is given; the element
 * around it fetches the report.
 *
 * @tag rg-backtest-lanes
 *
 * @fires rg-backtest-zoom - A failure was clicked: `detail: { range }`, the hours before it (epoch ms). Does not leave `<realtime-graph>`.
 * @fires rg-backtest-try - A rule's setting was changed: `detail: { rule, tried: { side, value, for, resolve } }` as typed. Does not leave `<realtime-graph>`.
 *
 * @csspart summary - The line above the lanes: the file, its rows and days, the failures and the window.
 * @csspart timeline - The lanes and the failure bands, on the chart's time axis.
 * @csspart failure - A failure's band across the lanes (a button: zooms the chart to the hours before it); `data-start` and `data-end` are its ISO times.
 * @csspart lane - One rule's lane (`data-rule`), or the rules together (`(any rule)`).
 * @csspart span - A firing span of the lane's rule; `data-start` and `data-end` are its ISO times (`data-end` empty: it never resolved).
 * @csspart lead - A failure's lead time in a lane ("45 min", or "missed"); `data-failure` is the failure's ISO time.
 * @csspart rule - One rule's line under the lanes: its name, settings and figures.
 * @csspart side - A rule's above / below select.
 * @csspart threshold - A rule's threshold input.
 * @csspart for - A rule's `for` input (a duration such as `2m`, or a number of points).
 * @csspart resolve - A rule's `resolve` input.
 * @csspart figures - A rule's figures: failures warned, false alarms per day, share of time firing, score and its profile.
 * @csspart yaml - The tried rule as a line of a config's `alerts:` list, to copy.
 * @csspart message - Why the backtest cannot be shown (the daemon's message).
 */
export class RgBacktestLanes extends LitElement {
  static override styles = styles;
  static override properties = {
    report: { attribute: false },
    area: { attribute: false },
    tried: { attribute: false },
    message: { type: String },
    busy: { type: Boolean, reflect: true },
  };

  /** The report drawn (null: none yet). */
  declare report: BacktestReport | null;
  /** Where the chart draws its time axis (null: not drawn yet; the lanes wait for it). */
  declare area: PlotArea | null;
  /** The rules whose settings were tried and answered: their YAML line is shown. */
  declare tried: readonly string[];
  /** A failed backtest's message (empty: none). */
  declare message: string;
  /** A backtest is running. */
  declare busy: boolean;

  constructor() {
    super();
    Object.assign(this, { report: null, area: null, tried: [], message: '', busy: false });
  }

  protected override render() {
    const { report } = this;
    return html`${report ? this.renderReport(report) : nothing}
      ${this.busy ? html`<p class="busy summary" role="status">Running the backtest…</p>` : nothing}
      ${this.message ? html`<p class="message" part="message" role="alert">${this.message}</p>` : nothing}`;
  }

  private renderReport(report: BacktestReport) {
    const last = Date.parse(report.to);
    return html`<p class="summary" part="summary">${summaryText(report)}</p>
      <div class="timeline" part="timeline">
        ${report.failures.map((f) => {
          const at = Date.parse(f.start);
          const box = this.area && placeSpan(at, f.end === null ? null : Date.parse(f.end), last, this.area, MIN_BAND);
          return html`<button
            class="failure"
            part="failure"
            data-start=${f.start}
            data-end=${f.end ?? ''}
            ?hidden=${!box}
            style=${box ? `left: ${box.left}px; width: ${box.width}px` : ''}
            title=${`Failure at ${timeText(f.start)}: show the hours before it`}
            aria-label=${`Show the hours before the failure at ${timeText(f.start)}`}
            @click=${() => this.zoom(zoomRange(at, report.windowMs))}
          ></button>`;
        })}
        ${report.rules.map((rule) => this.renderLane(rule, last))}
      </div>
      <div class="rules">${report.rules.map((rule) => this.renderRule(rule, report))}</div>`;
  }

  private renderLane(rule: RuleReport, last: number) {
    const area = this.area;
    return html`<div class="lane ${rule.alert ? '' : 'any'}" part="lane" data-rule=${rule.rule}>
      <span class="lane-name" style=${area ? `left: ${area.left + 2}px` : ''}>${rule.rule}</span>
      ${rule.spans.map((span) => {
        const box = area && placeSpan(Date.parse(span.start), span.end === null ? null : Date.parse(span.end), last, area, 1);
        return html`<span
          class="span"
          part="span"
          data-start=${span.start}
          data-end=${span.end ?? ''}
          ?hidden=${!box}
          style=${box ? `left: ${box.left}px; width: ${box.width}px` : ''}
        ></span>`;
      })}
      ${rule.failures.map((f) => {
        const x = area && placeTime(Date.parse(f.failureAt), area);
        return html`<span
          class="lead ${f.leadMs === null ? 'missed' : ''}"
          part="lead"
          data-failure=${f.failureAt}
          ?hidden=${x === null}
          style=${x === null ? '' : `left: ${x + 3}px`}
          >${leadText(f.leadMs)}</span
        >`;
      })}
    </div>`;
  }

  private renderRule(rule: RuleReport, report: BacktestReport) {
    return html`<div class="rule" part="rule" data-rule=${rule.rule}>
      <span class="rule-name">${rule.rule}</span>
      ${rule.alert ? this.renderSettings(rule.alert) : html`<span class="condition">${rule.condition}</span>`}
      <span class="figures" part="figures">${figuresText(rule, report.profile.name)}</span>
      ${rule.alert && this.tried.includes(rule.rule) ? html`<code class="yaml" part="yaml">${yamlLine(rule.alert)}</code>` : nothing}
    </div>`;
  }

  /** The rule's settings as inputs; a change tries them (the values stay as typed until the answer). */
  private renderSettings(alert: BacktestRule) {
    const side = alert.above !== undefined ? 'above' : 'below';
    const change = (event: Event) => {
      const settings = (event.target as HTMLElement).closest('.settings')!;
      // The other side drops the rule's resolve (it was on the old side): the daemon's default.
      if ((event.target as HTMLSelectElement).name === 'side') settings.querySelector<HTMLInputElement>('[name=resolve]')!.value = '';
      this.tryRule(alert.name, settings);
    };
    return html`<span class="settings" @change=${change}>
      <span>${alert.column}</span>
      <select part="side" name="side" aria-label=${`${alert.name}: fires above or below`} .value=${side}>
        <option value="above" ?selected=${side === 'above'}>above</option>
        <option value="below" ?selected=${side === 'below'}>below</option>
      </select>
      <input part="threshold" name="value" inputmode="decimal" aria-label=${`${alert.name}: threshold`} .value=${String(alert.above ?? alert.below)} />
      <label>for <input part="for" name="for" aria-label=${`${alert.name}: for`} .value=${alert.for === undefined ? '' : String(alert.for)} /></label>
      <label
        >resolve
        <input part="resolve" name="resolve" inputmode="decimal" aria-label=${`${alert.name}: resolve`} .value=${alert.resolve === undefined ? '' : String(alert.resolve)}
      /></label>
    </span>`;
  }

  private tryRule(rule: string, settings: Element): void {
    const field = (name: string) => settings.querySelector<HTMLInputElement | HTMLSelectElement>(`[name=${name}]`)!.value;
    const tried: RuleTry = {
      side: field('side') === 'above' ? 'above' : 'below',
      value: field('value'),
      for: field('for'),
      resolve: field('resolve'),
    };
    this.dispatchEvent(new CustomEvent<BacktestTryDetail>('rg-backtest-try', { detail: { rule, tried } }));
  }

  private zoom(range: [number, number]): void {
    this.dispatchEvent(new CustomEvent<BacktestZoomDetail>('rg-backtest-zoom', { detail: { range } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-backtest-lanes': RgBacktestLanes;
  }
}
