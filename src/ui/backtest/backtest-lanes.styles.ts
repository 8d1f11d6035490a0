import { css } from 'lit';
import { controlLook } from '../theme.styles.js';

// The Backtest view's look. Its colours are the chart's custom properties (--rg-*), inherited
// from <realtime-graph>, so the light and the dark theme both apply.
export const styles = css`
  :host {
    display: block;
    margin-top: 8px;
    color: var(--rg-foreground);
    font-size: 13px;
  }
  :host([hidden]) {
    display: none;
  }
  .summary {
    margin: 0 0 4px;
    color: var(--rg-muted);
    font-size: 12px;
  }
  .timeline {
    position: relative;
    border-top: 1px solid var(--rg-border);
    border-bottom: 1px solid var(--rg-border);
  }
  .failure {
    position: absolute;
    top: 0;
    bottom: 0;
    z-index: 0;
    padding: 0;
    border: 0;
    border-left: 2px solid var(--rg-danger);
    background: color-mix(in srgb, var(--rg-danger) 22%, transparent);
    cursor: zoom-in;
  }
  .failure:hover,
  .failure:focus-visible {
    background: color-mix(in srgb, var(--rg-danger) 40%, transparent);
    outline: none;
  }
  .lane {
    position: relative;
    height: 34px;
    pointer-events: none; /* a click anywhere on a failure's band reaches it */
  }
  .lane + .lane {
    border-top: 1px dashed var(--rg-grid);
  }
  .lane-name,
  .lead {
    position: absolute;
    top: 2px;
    font-size: 11px;
    line-height: 14px;
    white-space: nowrap;
    z-index: 2;
  }
  .lane-name {
    color: var(--rg-muted);
  }
  .lead {
    /* Just right of the failure's start, over its band: clear of the precursors' bars before it
       and, mostly, of the lane's name at the left; on the page's colour where they meet. */
    z-index: 3;
    padding: 0 4px;
    border-radius: 3px;
    background: var(--rg-background);
    font-weight: 600;
  }
  .lead.missed {
    color: var(--rg-danger);
  }
  .span {
    position: absolute;
    top: 18px;
    height: 11px;
    z-index: 1;
    border-radius: 2px;
    background: var(--rg-accent);
  }
  .any .span {
    background: var(--rg-muted);
  }
  [hidden] {
    display: none !important;
  }
  .rules {
    display: grid;
    gap: 4px;
    margin-top: 6px;
  }
  .rule {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 10px;
  }
  .rule-name {
    font-weight: 600;
  }
  .condition,
  .figures {
    color: var(--rg-muted);
  }
  .settings {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  input,
  select {
    ${controlLook}
    min-height: 26px;
    padding: 2px 6px;
  }
  input {
    width: 5.5em;
  }
  :is(input, select):focus-visible {
    outline: 2px solid var(--rg-accent);
    outline-offset: 1px;
  }
  .yaml {
    flex-basis: 100%;
    display: block;
    padding: 4px 8px;
    border-radius: var(--rg-radius);
    background: color-mix(in srgb, var(--rg-foreground) 7%, transparent);
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 12px;
    user-select: all;
    white-space: pre;
    overflow-x: auto;
  }
  .message {
    margin: 6px 0 0;
    color: var(--rg-danger);
  }
  .busy {
    color: var(--rg-muted);
  }
`;
