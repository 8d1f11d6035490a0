import { css } from 'lit';
import { lightTokens, themeRules } from '../theme.styles.js';

/** What both tiles look like: a box like the chart's, a heading, a large value, a line of detail. */
export const tileStyles = css`
  :host {
    all: initial;
    ${lightTokens}
    display: flex;
    flex-direction: column;
    gap: 4px;
    box-sizing: border-box;
    min-width: 0;
    min-height: 0;
    overflow: hidden;
    color: var(--rg-foreground);
    background: var(--rg-background);
    font-family: var(--rg-font);
    font-size: 14px;
    line-height: 1.3;
    border: 1px solid var(--rg-border);
    border-radius: var(--rg-radius);
    padding: 10px 12px;
    contain: content;
  }
  ${themeRules}
  :host([hidden]) {
    display: none;
  }
  .title {
    font-weight: 600;
    font-size: 13px;
    color: var(--rg-muted);
    margin: 0;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .big {
    font-size: 28px;
    font-weight: 600;
    line-height: 1.1;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .unit {
    font-size: 16px;
    font-weight: 400;
    color: var(--rg-muted);
  }
  .detail {
    color: var(--rg-muted);
    font-size: 12px;
    font-variant-numeric: tabular-nums;
  }
  .message {
    color: var(--rg-danger);
    font-size: 12px;
    margin: 0;
  }
`;
