import { css } from 'lit';

export const styles = css`
  :host {
    /* Nothing inherited from the page leaks in (line-height, letter-spacing, text-transform…);
       the page still styles the element's box and sets the custom properties below on it. */
    all: initial;
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
    --rg-height: 420px;
    --rg-radius: 6px;
    --rg-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    display: block;
    box-sizing: border-box;
    color: var(--rg-foreground);
    background: var(--rg-background);
    font-family: var(--rg-font);
    font-size: 14px;
    line-height: 1.4;
    border: 1px solid var(--rg-border);
    border-radius: var(--rg-radius);
    padding: 12px;
    contain: content;
  }
  :host([theme='dark']) {
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
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
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
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin-bottom: 8px;
  }
  .title {
    font-weight: 600;
    margin: 0 8px 0 0;
    font-size: 15px;
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    color: var(--rg-muted);
  }
  select,
  button {
    font: inherit;
    color: var(--rg-foreground);
    background: var(--rg-background);
    border: 1px solid var(--rg-border);
    border-radius: var(--rg-radius);
    padding: 4px 10px;
    min-height: 30px;
  }
  button {
    cursor: pointer;
  }
  button.primary {
    background: var(--rg-accent);
    border-color: var(--rg-accent);
    color: var(--rg-accent-foreground);
  }
  button.live {
    border-color: var(--rg-accent);
    color: var(--rg-accent);
    font-weight: 600;
  }
  button:disabled,
  select:disabled {
    opacity: 0.5;
    cursor: default;
  }
  :is(button, select):focus-visible {
    outline: 2px solid var(--rg-accent);
    outline-offset: 1px;
  }
  .status {
    margin-left: auto;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    color: var(--rg-muted);
    font-variant-numeric: tabular-nums;
  }
  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--rg-muted);
  }
  .status[data-state='live'] .dot {
    background: var(--rg-live);
  }
  .status[data-state='reconnecting'] .dot,
  .status[data-state='connecting'] .dot {
    background: var(--rg-warning);
  }
  .status[data-state='paused'] .dot {
    background: var(--rg-accent);
  }
  .status[data-state='error'] .dot {
    background: var(--rg-danger);
  }
  progress {
    width: 90px;
    height: 6px;
  }
  .message {
    color: var(--rg-danger);
    margin: 4px 0;
  }
  .chart {
    width: 100%;
    height: var(--rg-height);
    min-height: 160px;
  }
`;
