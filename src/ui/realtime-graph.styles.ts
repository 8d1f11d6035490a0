import { css } from 'lit';

export const styles = css`
  :host {
    --rg-background: #ffffff;
    --rg-foreground: #1f2933;
    --rg-muted: #616e7c;
    --rg-border: #d9dee3;
    --rg-grid: #e4e7eb;
    --rg-accent: #1f6feb;
    --rg-accent-foreground: #ffffff;
    --rg-danger: #c62828;
    --rg-height: 420px;
    --rg-radius: 6px;
    --rg-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    display: block;
    box-sizing: border-box;
    color: var(--rg-foreground);
    background: var(--rg-background);
    font-family: var(--rg-font);
    font-size: 14px;
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
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --rg-background: #161b22;
      --rg-foreground: #e6edf3;
      --rg-muted: #8b949e;
      --rg-border: #30363d;
      --rg-grid: #2d333b;
      --rg-accent: #388bfd;
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
    background: #2da44e;
  }
  .status[data-state='reconnecting'] .dot,
  .status[data-state='connecting'] .dot {
    background: #d29922;
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
