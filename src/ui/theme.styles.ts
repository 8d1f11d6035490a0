import { css } from 'lit';

// The colours and shapes every element of the package shares (<realtime-graph>, the dashboard and
// its tiles), as custom properties on each host: a page restyles them all the same way.

/** The light colours (the default), the corner radius and the font. */
export const lightTokens = css`
  --rg-background: #ffffff;
  --rg-foreground: #1f2933;
  --rg-muted: #616e7c;
  --rg-border: #d9dee3;
  --rg-grid: #e4e7eb;
  --rg-accent: #1f6feb;
  --rg-accent-foreground: #ffffff;
  --rg-danger: #c62828;
  --rg-live: #2da44e;
  --rg-warning: #d29922;
  --rg-threshold: #d62728;
  --rg-palette: #1f77b4, #ff7f0e, #2ca02c, #d62728, #9467bd, #8c564b, #e377c2, #17becf;
  --rg-radius: 6px;
  --rg-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
`;

/** What a control (button, select) looks like in every element: the host's font and colours, a thin border. */
export const controlLook = css`
  font: inherit;
  color: var(--rg-foreground);
  background: var(--rg-background);
  border: 1px solid var(--rg-border);
  border-radius: var(--rg-radius);
  padding: 4px 10px;
  min-height: 30px;
`;

/** The dark colours: for `theme="dark"`, and for `theme="auto"` when the system is dark. */
const darkTokens = css`
  --rg-background: #161b22;
  --rg-foreground: #e6edf3;
  --rg-muted: #8b949e;
  --rg-border: #30363d;
  --rg-grid: #2d333b;
  --rg-accent: #388bfd;
  --rg-danger: #f85149;
  --rg-live: #3fb950;
  --rg-threshold: #ff7b72;
  --rg-palette: #58a6ff, #f0883e, #3fb950, #ff7b72, #bc8cff, #d29922, #f778ba, #39c5cf;
  color-scheme: dark;
`;

/** The host's `theme` attribute picks the colours: `dark`, or `auto` (the system's setting). */
export const themeRules = css`
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkTokens}
    }
  }
`;
