/**
 * One series of a `<realtime-graph>` that draws several streams: a column of a stream, on the
 * chart's daemon or on another one. It shows nothing itself; the chart reads its attributes (and
 * follows their changes). Children naming the same stream of the same daemon share its connection.
 *
 * @tag rg-series
 *
 * @attr stream - Id of the stream, as listed by `/api/streams` (defaults to the chart's `stream`).
 * @attr column - Name of the numeric column to draw (empty: every numeric column of the stream).
 * @attr server - Base URL of the stream's daemon (defaults to the chart's `server`).
 * @attr token - Access token for that daemon (defaults to the chart's `token`).
 */
export class RgSeries extends HTMLElement {
  static readonly observedAttributes = ['stream', 'column', 'server', 'token'];

  connectedCallback(): void {
    this.hidden = true;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rg-series': RgSeries;
  }
}
