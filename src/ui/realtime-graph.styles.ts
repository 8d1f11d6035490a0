import { css } from 'lit';
import { controlLook, lightTokens, themeRules } from './theme.styles.js';

/** Out of sight but still read by screen readers (the picker's label on a narrow toolbar). */
const visuallyHidden = css`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
`;
/** The toolbar on two lines, broken where its line-break element stands. */
const wrapping = css`
  flex-wrap: wrap;
  row-gap: 0;
`;
const lineBreak = css`
  display: block;
  flex-basis: 100%;
  height: 6px;
`;

export const styles = css`
  :host {
    /* Nothing inherited from the page leaks in (line-height, letter-spacing, text-transform…);
       the page still styles the element's box and sets the custom properties below on it. */
    all: initial;
    ${lightTokens}
    --rg-height: 420px;
    --rg-subplot-height: 100px;
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
  ${themeRules}
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .toolbar-box {
    /* The toolbar's width (not the page's) decides its layout, see the @container rules below:
       the element may sit in a page column or in a dashboard cell of any width. */
    container: toolbar / inline-size;
    margin-bottom: 8px;
  }
  .toolbar {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .toolbar > * {
    flex: none;
  }
  .title {
    /* Takes the room the rest leaves; when the line is full it gives way with the picker, down to
       a few characters (the full title is its tooltip). */
    flex: 1 1 10em;
    min-width: 4em;
    font-weight: 600;
    margin: 0 8px 0 0;
    font-size: 15px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    color: var(--rg-muted);
  }
  /* When the line is full, the title and the picker give way; the status keeps its figures. */
  .toolbar > .source {
    flex: 0 1 auto;
    min-width: 7em;
    white-space: nowrap;
  }
  .source select {
    flex: 0 1 auto;
    min-width: 7em;
    max-width: 14em;
    text-overflow: ellipsis;
  }
  select,
  button {
    ${controlLook}
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
  .ranges {
    display: inline-flex;
    gap: 2px;
  }
  .ranges button[aria-pressed='true'] {
    border-color: var(--rg-accent);
    color: var(--rg-accent);
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
  .export {
    position: relative;
    display: inline-flex;
  }
  .caret {
    display: inline-block;
    margin-left: 6px;
    border: 4px solid transparent;
    border-top-color: currentColor;
    border-bottom-width: 0;
    vertical-align: middle;
  }
  .menu {
    position: absolute;
    top: calc(100% + 4px);
    right: 0;
    /* Above the chart and Plotly's mode bar. */
    z-index: 2000;
    display: flex;
    flex-direction: column;
    min-width: 100%;
    padding: 4px;
    background: var(--rg-background);
    border: 1px solid var(--rg-border);
    border-radius: var(--rg-radius);
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
  }
  .menu button {
    border: 0;
    text-align: left;
    white-space: nowrap;
  }
  .menu button:hover,
  .menu button:focus-visible {
    background: var(--rg-grid);
  }
  .columns {
    position: relative;
    display: inline-flex;
  }
  .columns-menu {
    /* Within the element's box (which clips what overflows it): the list scrolls. */
    width: max-content;
    min-width: 14em;
    max-width: min(24em, 90cqi);
    max-height: max(12em, calc(var(--rg-height) - 1em));
    gap: 4px;
  }
  .columns-menu input[type='search'] {
    font: inherit;
    color: var(--rg-foreground);
    background: var(--rg-background);
    border: 1px solid var(--rg-border);
    border-radius: var(--rg-radius);
    padding: 4px 8px;
  }
  .columns-actions {
    display: flex;
    gap: 4px;
  }
  .columns-actions button {
    flex: 1;
    min-height: 26px;
    padding: 2px 8px;
    border: 1px solid var(--rg-border);
    text-align: center;
  }
  .columns-list {
    display: flex;
    flex-direction: column;
    min-height: 0;
    overflow-y: auto;
  }
  .columns-list label {
    gap: 8px;
    padding: 3px 6px;
    border-radius: var(--rg-radius);
    color: var(--rg-foreground);
    white-space: nowrap;
    cursor: pointer;
  }
  .columns-list label:hover,
  .columns-list label:focus-within {
    background: var(--rg-grid);
  }
  .columns-list input {
    margin: 0;
    accent-color: var(--rg-accent);
  }
  .column-name {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .column-unit {
    margin-left: auto;
    padding-left: 12px;
    color: var(--rg-muted);
  }
  .columns-note {
    margin: 2px 6px;
    max-width: 18em;
    color: var(--rg-muted);
    white-space: normal;
  }
  :is(.columns-menu input):focus-visible {
    outline: 2px solid var(--rg-accent);
    outline-offset: 1px;
  }
  .toolbar > .status {
    /* A long status (a source's reason for reconnecting) is cut with an ellipsis (the full text
       is its tooltip) where it would push the rest out: 38em is what the title, the picker and
       the buttons need at least. */
    max-width: calc(100% - 38em);
  }
  .status {
    margin-left: auto;
    display: inline-flex;
    justify-content: flex-end;
    align-items: center;
    gap: 6px;
    min-width: 0;
    color: var(--rg-muted);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .status .text {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
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
  .replay-controls {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    flex: 0 1 auto;
    min-width: 0;
  }
  .replay-controls input[type='range'] {
    width: 140px;
    min-width: 60px;
    accent-color: var(--rg-accent);
  }
  .seek-time {
    color: var(--rg-muted);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  progress {
    width: 90px;
    height: 6px;
  }
  .line-break {
    display: none;
  }
  /* Not wide: the picker goes without its visible label (it keeps its accessible name), so the
     title keeps more of its room. */
  @container toolbar (max-width: 1000px) {
    .source-label {
      ${visuallyHidden}
    }
  }
  /* Narrow (e.g. two elements side by side in a dashboard): still one line, a little tighter;
     the progress bar becomes a thin line under the status text. */
  @container toolbar (max-width: 760px) {
    .toolbar {
      gap: 6px;
    }
    .title {
      margin-right: 0;
    }
    .toolbar button {
      padding: 4px 8px;
    }
    .status {
      position: relative;
    }
    progress {
      position: absolute;
      left: 14px;
      right: 0;
      bottom: -5px;
      width: auto;
      height: 3px;
    }
  }
  /* Narrower still: two lines, the title and the picker above the buttons and the status (the
     status on a line of its own when its text would not fit beside the buttons). */
  @container toolbar (max-width: 679px) {
    .toolbar {
      ${wrapping}
    }
    .line-break {
      ${lineBreak}
    }
    .toolbar > .status {
      flex: 1 1 0;
      min-width: min(9em, 100%);
      max-width: none;
    }
  }
  /* The Backtest button (and the span buttons the view brings) make the line longer: the picker's
     label gives way sooner, and the line wraps sooner. */
  @container toolbar (max-width: 1120px) {
    .toolbar:has([part~='backtest-button']) .source-label {
      ${visuallyHidden}
    }
  }
  @container toolbar (max-width: 980px) {
    .toolbar:has([part~='backtest-button']) {
      ${wrapping}
    }
    .toolbar:has([part~='backtest-button']) .line-break {
      ${lineBreak}
    }
  }
  .message {
    color: var(--rg-danger);
    margin: 4px 0;
  }
  .chart {
    width: 100%;
    height: var(--rg-height);
    /* Stacked plots (the chart sets --rg-subplots) stay readable: each at least --rg-subplot-height, plus the time axis and the legend of the marks. */
    min-height: max(160px, calc(var(--rg-subplots, 0) * var(--rg-subplot-height) + 70px));
  }
`;
