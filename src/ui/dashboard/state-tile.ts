import { css, html, nothing, type PropertyValues } from 'lit';
import { TileFeed } from './tile-feed.js';
import { TileProperties } from './tile-properties.js';
import { tileStyles } from './tile.styles.js';
import { NO_VALUE, sinceText } from './tile-values.js';

/**
 * A stream's machine state (its `states` column, in the colour its config gives it), since when,
 * and the alert rules firing, each with since when; kept up to date as the stream's `state` and
 * `alert` events come. Alone on a page, or as a state panel of `<realtime-dashboard>`. It shares
 * the page's connection to the stream with every chart and tile that shows it.
 *
 * "Since" is the data time of the change (UTC, as the charts show it), "for" the data time from
 * then to the newest row. After a looping replay starts again, the state in effect carries on
 * without a "since" until it next changes.
 *
 * @tag rg-state-tile
 *
 * @csspart title - The heading (default: the stream's title).
 * @csspart state - The state (in its colour from the stream's `states.colors`).
 * @csspart since - Since when the state holds, and for how long.
 * @csspart alerts - The list of the alerts firing (or the words "no alerts firing").
 * @csspart alert - One alert firing: its rule and since when.
 * @csspart message - Why nothing can be shown (an unknown stream, a stream without states, a refused token).
 *
 * @cssprop --rg-background - Background colour.
 * @cssprop --rg-foreground - Text colour.
 * @cssprop --rg-muted - Colour of the heading and the times.
 * @cssprop --rg-border - Colour of the border.
 * @cssprop --rg-danger - Colour of the alerts and of the message.
 * @cssprop --rg-radius - Corner radius.
 * @cssprop --rg-font - Font family.
 */
export class RgStateTile extends TileProperties {
  static override styles = [
    tileStyles,
    css`
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
        overflow: auto;
        min-height: 0;
      }
      li {
        color: var(--rg-danger);
        font-size: 12px;
      }
      .rule {
        font-weight: 600;
      }
    `,
  ];

  private readonly feed = new TileFeed(this, {
    where: () => (this.stream ? { address: { server: this.server, token: this.token }, stream: this.stream } : null),
    history: () => 1,
  });

  protected override updated(changed: PropertyValues<this>): void {
    const props = changed as Map<PropertyKey, unknown>;
    if (['server', 'token', 'stream'].some((p) => props.has(p) && props.get(p) !== undefined)) this.feed.open();
  }

  protected override render() {
    const { meta, newest } = this.feed;
    const state = this.feed.state;
    const color = state && meta?.states?.colors[state.value];
    const firing = this.feed.firing();
    const message = this.feed.message || (meta && !meta.states ? 'this stream has no state column (`states` in its config)' : '');
    const heading = this.heading || meta?.title || this.stream;
    return html`<h3 class="title" part="title" title=${heading}>${heading}</h3>
      <div class="big" part="state" style=${color ? `color: ${color}` : ''}>${state?.value ?? NO_VALUE}</div>
      <div class="detail" part="since">${state ? sinceText(state.at, newest) : ''}</div>
      ${
        firing.length > 0
          ? html`<ul part="alerts" aria-label="Alerts firing">
              ${firing.map((p) => html`<li part="alert"><span class="rule">${p.rule}</span> ${sinceText(p.from, newest)}</li>`)}
            </ul>`
          : meta && meta.alerts.length > 0
            ? html`<div class="detail" part="alerts">no alerts firing</div>`
            : nothing
      }
      ${message ? html`<p class="message" part="message" role="alert">${message}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-state-tile': RgStateTile;
  }
}
