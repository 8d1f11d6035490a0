import { css } from 'lit';
import { controlLook, lightTokens, themeRules } from '../theme.styles.js';

/** The gap between panels, in px (a panel h rows high is h row heights and h − 1 gaps). */
export const GAP = 12;

/** The widest the dashboard is drawn as one column of panels, in CSS px (of the element's own width). */
export const NARROW = 699;

export const styles = css`
  :host {
    all: initial;
    ${lightTokens}
    --rg-dashboard-background: #f5f7fa;
    display: block;
    box-sizing: border-box;
    container: dashboard / inline-size;
    color: var(--rg-foreground);
    background: var(--rg-dashboard-background);
    font-family: var(--rg-font);
    font-size: 14px;
    line-height: 1.4;
    padding: 16px;
  }
  ${themeRules}
  :host([theme='dark']) {
    --rg-dashboard-background: #0d1117;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --rg-dashboard-background: #0d1117;
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
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin-bottom: ${GAP}px;
  }
  .title {
    flex: 1 1 12em;
    min-width: 0;
    margin: 0;
    font-size: 20px;
    font-weight: 600;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .ranges {
    display: inline-flex;
    gap: 2px;
  }
  button {
    ${controlLook}
    cursor: pointer;
  }
  button[aria-pressed='true'],
  button.live {
    border-color: var(--rg-accent);
    color: var(--rg-accent);
  }
  button.live {
    font-weight: 600;
  }
  button:focus-visible {
    outline: 2px solid var(--rg-accent);
    outline-offset: 1px;
  }
  .message {
    color: var(--rg-danger);
    margin: 0 0 ${GAP}px;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(var(--columns), minmax(0, 1fr));
    grid-auto-rows: var(--row-height);
    gap: ${GAP}px;
  }
  .panel {
    grid-column: var(--x) / span var(--w);
    grid-row: var(--y) / span var(--h);
    display: flex;
    min-width: 0;
    min-height: 0;
  }
  .panel > * {
    flex: 1 1 auto;
    min-width: 0;
  }
  /* A chart fills its cell: the toolbar on top, the plot takes the rest (not less than the
     chart's own least height: a stacked chart's plots stay readable). */
  realtime-graph {
    display: flex;
    flex-direction: column;
  }
  realtime-graph::part(chart) {
    flex: 1 1 0;
    height: auto;
  }
  /* Narrow: one column, the panels in the file's order, each as high as on the grid. */
  @container dashboard (max-width: ${NARROW}px) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
      grid-auto-rows: auto;
    }
    .panel {
      grid-column: 1;
      grid-row: auto;
      height: calc(var(--h) * var(--row-height) + (var(--h) - 1) * ${GAP}px);
    }
  }
`;
