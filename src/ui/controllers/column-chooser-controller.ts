import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { chosenColumns, columnItems, filterItems, type ChoiceSource, type ColumnItem } from '../column-choice.js';
import { columnEntries } from '../feeds/feed-specs.js';
import { MenuController } from './menu-controller.js';

/** Lines in the list above which the chooser offers a search box. */
export const SEARCH_ABOVE = 8;

export interface ColumnChooserHost {
  /** The element holding the Columns button and its menu. */
  container(): HTMLElement | null;
  /** The chart's streams in order, and those whose columns are known. */
  sources(): { streams: string[]; known: ChoiceSource[] };
  /** The `columns` value now. */
  columns(): string;
  /** The user chose: `columns` entries to draw ([]: all). */
  choose(columns: string[]): void;
}

/** What the chooser shows (drawn by column-chooser.ts). */
export interface ColumnChooserView {
  open: boolean;
  /** Some stream's columns are known: there is something to choose from. */
  available: boolean;
  /** The lines shown (those the search keeps), checked as the user sees them. */
  items: ColumnItem[];
  /** The search box is shown (the list is long), with what is typed in it. */
  search: { query: string } | null;
  /** The user unchecked every line: nothing is applied until one is checked again. */
  nothingChecked: boolean;
}

/**
 * The Columns menu: which of the streams' numeric columns the chart draws, chosen by the user.
 * A checkbox's change is applied at once (through `columns`); unchecking the last one is not: a
 * chart of no line says nothing, so the chart keeps its lines until one is checked again (the
 * usual way to pick two of many: None, then those two). Opening starts afresh from what is drawn.
 */
export class ColumnChooserController implements ReactiveController {
  readonly menu: MenuController;
  private query = '';
  /** The lines checked while none is (after None), until one is checked. */
  private draft: Set<string> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly chooserHost: ColumnChooserHost,
  ) {
    host.addController(this);
    // Tab moves through the search box, the actions and the checkboxes; leaving the menu closes it.
    this.menu = new MenuController(host, () => chooserHost.container(), { items: 'input', tabCloses: false });
  }

  view(): ColumnChooserView {
    const all = this.items();
    const checked = this.checked(all);
    const open = this.menu.open && all.length > 0;
    return {
      open,
      available: all.length > 0,
      items: open ? filterItems(all, this.query).map((item) => ({ ...item, checked: checked.has(item.key) })) : [],
      search: all.length > SEARCH_ABOVE ? { query: this.query } : null,
      nothingChecked: this.draft !== null,
    };
  }

  readonly toggleMenu = (): void => {
    if (!this.menu.open) {
      this.query = '';
      this.draft = null;
    }
    this.menu.toggle();
  };

  readonly search = (query: string): void => {
    this.query = query;
    this.host.requestUpdate();
  };

  /** Checks or unchecks one line. */
  readonly toggle = (key: string): void => {
    const all = this.items();
    const checked = this.checked(all);
    if (!checked.delete(key)) checked.add(key);
    this.apply(all, checked);
  };

  /** Checks (`on`) or unchecks every line the search shows. */
  readonly setShown = (on: boolean): void => {
    const all = this.items();
    const checked = this.checked(all);
    for (const item of filterItems(all, this.query)) {
      if (on) checked.add(item.key);
      else checked.delete(item.key);
    }
    this.apply(all, checked);
  };

  hostConnected(): void {}

  private apply(all: ColumnItem[], checked: Set<string>): void {
    this.host.requestUpdate();
    if (checked.size === 0) {
      this.draft = checked;
      return;
    }
    this.draft = null;
    const before = this.chooserHost.columns();
    const columns = chosenColumns(all, checked, this.chooserHost.sources().streams, before);
    if (columns.join(',') !== columnEntries(before).join(',')) this.chooserHost.choose(columns);
  }

  private items(): ColumnItem[] {
    const { streams, known } = this.chooserHost.sources();
    return columnItems(known, streams, this.chooserHost.columns());
  }

  private checked(items: ColumnItem[]): Set<string> {
    return this.draft ? new Set(this.draft) : new Set(items.filter((i) => i.checked).map((i) => i.key));
  }
}
