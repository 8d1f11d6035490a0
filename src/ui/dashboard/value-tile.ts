import { css, html, nothing, type PropertyValues } from 'lit';
import type { TileColor } from '../../protocol/dashboards.js';
import type { MetaData } from '../../protocol/events.js';
import { parseDuration } from '../../values/duration.js';
import type { Rows } from '../row-events.js';
import { SparkPoints, sparklinePath } from './sparkline.js';
import { TileFeed } from './tile-feed.js';
import { TileProperties } from './tile-properties.js';
import { tileStyles } from './tile.styles.js';
import { formatDataTime, formatValue, NO_VALUE, tileColor } from './tile-values.js';

const FIVE_MINUTES = 300_000;
/** Recent rows asked for when joining a connection the page has open already: enough for a sparkline of most streams. */
const JOIN_ROWS = 1000;

/**
 * The latest value of one column of a stream, large, with its unit, a sparkline of the last
 * minutes of data time, and the colour of the thresholds it is past. Alone on a page, or as a
 * value panel of `<realtime-dashboard>`. It shares the page's connection to the stream with every
 * chart and tile that shows it.
 *
 * The value is the newest row's (a row without one shows `–`), with `decimals` digits after the
 * point or else three significant digits; the unit is `unit`, else the column's own (`unit` in the
 * daemon's config). The sparkline draws the rows received within `sparkline` of data time before
 * the newest (a stream joined late starts with the recent rows the daemon sends). Times are data
 * times in UTC, as the charts show them.
 *
 * @tag rg-value-tile
 *
 * @csspart title - The heading.
 * @csspart value - The value and its unit (coloured by `colors`).
 * @csspart sparkline - The sparkline (an SVG).
 * @csspart time - The data time of the newest row.
 * @csspart message - Why nothing can be shown (an unknown stream or column, a refused token).
 *
 * @cssprop --rg-background - Background colour.
 * @cssprop --rg-foreground - Text colour.
 * @cssprop --rg-muted - Colour of the heading, the unit and the time.
 * @cssprop --rg-border - Colour of the border.
 * @cssprop --rg-accent - Colour of the sparkline while no threshold colours it.
 * @cssprop --rg-danger - Colour of the message.
 * @cssprop --rg-radius - Corner radius.
 * @cssprop --rg-font - Font family.
 */
export class RgValueTile extends TileProperties {
  static override styles = [
    tileStyles,
    css`
      svg {
        flex: 1 1 24px;
        min-height: 16px;
        width: 100%;
        overflow: visible;
      }
      path {
        fill: none;
        stroke-width: 1.5;
        vector-effect: non-scaling-stroke;
      }
    `,
  ];

  static override properties = {
    ...TileProperties.properties,
    column: { type: String },
    unit: { type: String },
    decimals: { type: Number },
    sparklineMs: {
      attribute: 'sparkline',
      converter: (value: string | null) => (value === 'false' ? 0 : (parseDuration(value ?? '') ?? FIVE_MINUTES)),
    },
    colors: { attribute: 'colors', converter: tileColors },
  };

  /** The column shown (`column` attribute): a column of the stream, derived ones too. */
  declare column: string;
  /** Shown after the value (`unit` attribute); empty: the column's own unit. */
  declare unit: string;
  /** Digits after the decimal point (`decimals` attribute); absent: three significant digits. */
  declare decimals: number | undefined;
  /** The data time the sparkline spans, in ms (`sparkline` attribute, a duration: `5m` (default), `30s`, `1h`; `false`: no sparkline). */
  declare sparklineMs: number;
  /** Colours by thresholds (`colors` attribute, JSON: `[{"below": 300, "color": "#d62728"}]`): the value takes the colour of the last entry it matches (`above` and `below` both hold when given). */
  declare colors: TileColor[];

  private readonly points = new SparkPoints(FIVE_MINUTES);
  private latest: number | string | null | undefined;
  private readonly feed = new TileFeed(this, {
    where: () => (this.stream ? { address: { server: this.server, token: this.token }, stream: this.stream } : null),
    history: () => JOIN_ROWS,
    onRows: (rows, meta) => this.take(rows, meta),
    onRestart: () => {
      this.points.clear();
      this.latest = undefined;
    },
  });

  constructor() {
    super();
    Object.assign(this, { column: '', unit: '', sparklineMs: FIVE_MINUTES, colors: [] });
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('sparklineMs')) this.points.span = Math.max(1, this.sparklineMs);
    const props = changed as Map<PropertyKey, unknown>;
    if (['server', 'token', 'stream', 'column'].some((p) => props.has(p) && props.get(p) !== undefined))
      this.feed.open(props.has('column'));
  }

  protected override render() {
    const meta = this.feed.meta;
    const column = meta?.columns.find((c) => c.name === this.column);
    const value = formatValue(this.latest, this.decimals);
    const unit = value === NO_VALUE ? '' : this.unit || column?.unit || '';
    const color = tileColor(typeof this.latest === 'number' ? this.latest : null, this.colors);
    const message = this.feed.message || (meta && !column ? `no column "${this.column}" in this stream` : '');
    const heading = this.heading || this.column;
    return html`<h3 class="title" part="title" title=${heading}>${heading}</h3>
      <div class="big" part="value" style=${color ? `color: ${color}` : ''}>${value}${unit ? html`<span class="unit"> ${unit}</span>` : nothing}</div>
      ${
        this.sparklineMs > 0
          ? html`<svg part="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
              <path d=${sparklinePath(this.points, 100, 30)} style=${`stroke: ${color ?? 'var(--rg-accent)'}`}></path>
            </svg>`
          : nothing
      }
      <div class="detail" part="time">${this.feed.newest === undefined ? '' : `at ${formatDataTime(this.feed.newest)}`}</div>
      ${message ? html`<p class="message" part="message" role="alert">${message}</p>` : nothing}`;
  }

  private take(rows: Rows, meta: MetaData): void {
    const index = meta.columns.findIndex((c) => c.name === this.column);
    const values = index < 0 ? undefined : rows.y[index];
    if (!values) return;
    for (let k = 0; k < rows.t.length; k++) {
      const value = values[k] ?? null;
      this.points.push(Date.parse(rows.t[k] ?? ''), typeof value === 'number' ? value : null);
      this.latest = value;
    }
  }
}

/** The `colors` attribute: a JSON array of `{ above?, below?, color }`; anything else is no colours. */
function tileColors(value: string | null): TileColor[] {
  try {
    const parsed: unknown = JSON.parse(value ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((c): c is TileColor => typeof c?.color === 'string') : [];
  } catch {
    return [];
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-value-tile': RgValueTile;
  }
}
