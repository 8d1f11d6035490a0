import { html, nothing } from 'lit';
import type { MenuController } from './controllers/menu-controller.js';
import { rangesFor } from './history-range.js';
import type { GraphStatus } from './graph-events.js';
import type { Progress, StreamInfo } from '../protocol/events.js';

export interface ToolbarActions {
  start(): void;
  stop(): void;
  togglePause(): void;
  followLive(): void;
  csv(): void;
  png(): void;
}

/** What the toolbar's buttons call: the element's public methods. */
export interface ToolbarTarget {
  readonly paused: boolean;
  start(): void;
  stop(): void;
  pause(): void;
  resume(): void;
  followLive(): void;
  exportCsv(options: { download: true }): string;
  exportViewCsv(options: { download: true }): Promise<string>;
  exportPng(options: { download: true }): Promise<string>;
}

/** The buttons' actions on `target`; a failed export is reported to `fail`. */
export function toolbarActions(target: ToolbarTarget, fail: (message: string) => void): ToolbarActions {
  return {
    start: () => target.start(),
    stop: () => target.stop(),
    togglePause: () => (target.paused ? target.resume() : target.pause()),
    followLive: () => target.followLive(),
    csv: () => void target.exportViewCsv({ download: true }).catch((error: Error) => fail(`cannot export CSV: ${error.message}`)),
    png: () => void target.exportPng({ download: true }).catch((error: Error) => fail(`cannot export PNG: ${error.message}`)),
  };
}

export interface ToolbarView {
  title: string;
  state: GraphStatus;
  stateText: string;
  detailText: string;
  progress: Progress | null;
  /** The data source picker, or null when hidden. */
  picker: { streams: StreamInfo[]; stream: string; disabled: boolean; onPick(event: Event): void; onFocus(): void } | null;
  /** The buttons, or null when hidden. */
  controls: { running: boolean; canStart: boolean; paused: boolean; exportable: boolean; menu: MenuController } | null;
  zoomed: boolean;
  /** The span buttons (1h, 6h, 24h, all) with the one shown, or null when hidden. */
  ranges: { current: string; keepMs?: number; pick(range: string): void } | null;
  /** The Columns button and its menu (see column-chooser.ts), or null when hidden. */
  columnChooser: unknown;
  actions: ToolbarActions;
  /** An operator's replay controls (see replay-toolbar.ts), whose seek bar takes the progress bar's place; null for viewers. */
  replayControls: unknown;
  /** The Backtest button (see backtest/backtest-controller.ts), or null when hidden. */
  backtest: unknown;
}

/** The toolbar: heading, picker, Start / Stop / Pause / Export, Columns, Backtest, the spans, Live, and the status badge. */
export function renderToolbar(v: ToolbarView) {
  const { actions } = v;
  return html`<div class="toolbar-box"><div class="toolbar" part="toolbar">
    ${v.title ? html`<h2 class="title" part="title" title=${v.title}>${v.title}</h2>` : nothing}
    ${
      v.picker
        ? html`<label class="source"
          ><span class="source-label">Data source</span>
          <select part="picker" .value=${v.picker.stream} ?disabled=${v.picker.disabled} @change=${v.picker.onPick} @focus=${v.picker.onFocus}>
            <option value="" ?selected=${!v.picker.stream}>Choose…</option>
            ${v.picker.streams.map((s) => html`<option value=${s.id} ?selected=${s.id === v.picker!.stream}>${s.title}</option>`)}
          </select></label
        >`
        : nothing
    }
    <span class="line-break" aria-hidden="true"></span>
    ${
      v.controls
        ? html`<button part="button start-button" class="primary" ?disabled=${v.controls.running || !v.controls.canStart} @click=${actions.start}>Start</button>
          <button part="button stop-button" ?disabled=${!v.controls.running} @click=${actions.stop}>Stop</button>
          <button
            part="button pause-button"
            title=${v.controls.paused ? 'Draw the rows that arrived meanwhile, and follow again' : 'Freeze the chart; rows keep arriving'}
            ?disabled=${!v.controls.paused && !v.controls.running}
            @click=${actions.togglePause}
          >
            ${v.controls.paused ? 'Resume' : 'Pause'}
          </button>
          ${exportMenu(v.controls.menu, v.controls.exportable, actions)}`
        : nothing
    }
    ${v.columnChooser ?? nothing}
    ${v.backtest ?? nothing}
    ${v.ranges ? rangeButtons(v.ranges) : nothing}
    ${
      v.zoomed
        ? html`<button part="button live-button" class="live" title="Follow the newest data again (or double-click the chart)" @click=${actions.followLive}>Live</button>`
        : nothing
    }
    ${v.replayControls ?? nothing}
    <span class="status" part="status" data-state=${v.state} title=${v.stateText + v.detailText}
      ><span class="dot" aria-hidden="true"></span><span class="text"><span role="status">${v.stateText}</span><span class="detail">${v.detailText}</span></span
      >${
        v.progress?.total && !v.replayControls
          ? html`<progress part="progress" aria-label="Replay progress" title=${`row ${v.progress.row} of ${v.progress.total}`} max=${v.progress.total} value=${v.progress.row}></progress>`
          : nothing
      }</span
    >
  </div></div>`;
}

/** One button per span of history to open the chart on; the one shown is pressed. */
function rangeButtons(ranges: { current: string; keepMs?: number; pick(range: string): void }) {
  return html`<span class="ranges" part="ranges" role="group" aria-label="Time span"
    >${rangesFor(ranges.keepMs).map(
      (range) =>
        html`<button part="button range-button" aria-pressed=${range === ranges.current ? 'true' : 'false'} title=${`Show ${range === 'all' ? 'all the history the daemon keeps' : `the last ${range}`}`} @click=${() => ranges.pick(range)}>
          ${range}
        </button>`,
    )}</span
  >`;
}

/** The Export button and its menu (CSV, PNG): one button's width in the toolbar. */
function exportMenu(menu: MenuController, exportable: boolean, actions: ToolbarActions) {
  const open = menu.open && exportable;
  const pick = (action: () => void) => () => {
    menu.close(true);
    action();
  };
  return html`<span class="export" @keydown=${menu.onKeydown} @focusout=${menu.onFocusOut}
    ><button
      part="button export-button"
      aria-haspopup="menu"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls="export-menu"
      title="Download the data or the chart"
      ?disabled=${!exportable}
      @click=${() => menu.toggle()}
    >
      Export<span class="caret" aria-hidden="true"></span></button
    >${
      open
        ? html`<div id="export-menu" class="menu" part="export-menu" role="menu" aria-label="Export">
          <button part="menu-item csv-button" role="menuitem" tabindex="-1" aria-label="Download CSV" title="Download the rows in the window as CSV" @click=${pick(actions.csv)}>CSV</button>
          <button part="menu-item png-button" role="menuitem" tabindex="-1" aria-label="Download PNG" title="Download the chart as a PNG image" @click=${pick(actions.png)}>PNG</button>
        </div>`
        : nothing
    }</span
  >`;
}
