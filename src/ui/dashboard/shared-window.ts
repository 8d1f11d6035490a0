import type { RangeName } from '../history-range.js';
import { readUrlState, writeUrlState } from './url-state.js';

/** What the dashboard's window acts on: its charts (`<realtime-graph>`'s shared-window methods). */
export interface WindowChart {
  setView(range: [number, number] | null): void;
  setCrosshair(t: number | null): void;
}

export interface SharedWindowHost {
  /** The charts on the dashboard now. */
  charts(): WindowChart[];
  /** Keep the window in the page's URL (`url-state`). */
  urlState(): boolean;
  /** The toolbar shows something else now (the span, Live). */
  changed(): void;
}

/**
 * One time window for every chart of a dashboard: a chart the user zooms or pans leads, the
 * others follow (setView, which does not echo back as rg-view); Live and the span buttons act on
 * all; the pointer over one chart draws a crosshair on all. With `url-state`, the span, the zoom
 * and the viewer's column choices live in the page's URL (history.replaceState), and a page
 * opened on that URL starts from them.
 */
export class SharedWindow {
  /** The span the viewer picked (undefined: the dashboard's own). */
  picked: RangeName | undefined;
  /** The zoomed data-time range (epoch ms), or null: following the newest data. */
  view: [number, number] | null = null;
  /** The columns a viewer chose per chart panel (by index). */
  readonly columns = new Map<number, string[]>();
  private readonly known = new WeakSet<WindowChart>();

  constructor(private readonly host: SharedWindowHost) {}

  /** Starts from the page's URL (with `url-state`). */
  restore(search: string): void {
    if (!this.host.urlState()) return;
    const state = readUrlState(search);
    this.picked = state.range;
    this.view = state.view ?? null;
    for (const [panel, names] of state.columns) this.columns.set(panel, names);
  }

  /** Charts new on the dashboard take its window (before they are drawn, it applies once they are). */
  adopt(charts: readonly WindowChart[]): void {
    for (const chart of charts) {
      if (this.known.has(chart)) continue;
      this.known.add(chart);
      if (this.view) chart.setView(this.view);
    }
  }

  /** The user zoomed, panned or went live in `source`: every other chart follows. */
  viewedIn(source: WindowChart, range: [number, number] | null): void {
    this.view = range;
    for (const chart of this.host.charts()) if (chart !== source) chart.setView(range);
    this.save();
  }

  /** Every chart follows the newest data again (the dashboard's Live button). */
  live(): void {
    this.view = null;
    for (const chart of this.host.charts()) chart.setView(null);
    this.save();
  }

  /** Every chart opens on another span of history (they draw anew, following the newest data). */
  pick(range: RangeName): void {
    this.picked = range;
    this.live();
  }

  /** The pointer is at data time `t` over some chart (null: over none). */
  hover(t: number | null): void {
    for (const chart of this.host.charts()) chart.setCrosshair(t);
  }

  /** A viewer chose the columns of chart panel `panel` ([]: every column; `defaults`: the panel's own, which the URL leaves out). */
  chose(panel: number, columns: string[], defaults: readonly string[] | undefined): void {
    if (columns.join(',') === (defaults ?? []).join(',')) this.columns.delete(panel);
    else this.columns.set(panel, columns);
    this.save();
  }

  private save(): void {
    this.host.changed();
    if (!this.host.urlState()) return;
    const search = writeUrlState(location.search, {
      ...(this.picked ? { range: this.picked } : {}),
      ...(this.view ? { view: this.view } : {}),
      columns: this.columns,
    });
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  }
}
