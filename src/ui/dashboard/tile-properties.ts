import { LitElement } from 'lit';

/**
 * What every tile is given: the daemon, the stream, the heading and the colours (see
 * RgValueTile, RgStateTile).
 */
export class TileProperties extends LitElement {
  static override properties = {
    server: { type: String },
    token: { type: String },
    stream: { type: String },
    heading: { type: String },
    theme: { type: String, reflect: true },
  };

  /** Base URL of the daemon (`server` attribute); empty means the page's own origin. */
  declare server: string;
  /** Access token for a daemon that requires one (`token` attribute), sent as `access_token` in the query. */
  declare token: string;
  /** Id of the stream (`stream` attribute). */
  declare stream: string;
  /** The tile's heading (`heading` attribute). */
  declare heading: string;
  /** Colours: `light` (default), `dark`, or `auto` (follows the system setting) (`theme` attribute). */
  declare theme: 'light' | 'dark' | 'auto';

  constructor() {
    super();
    Object.assign(this, { server: '', token: '', stream: '', heading: '', theme: 'light' });
  }
}
