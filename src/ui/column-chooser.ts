import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ColumnChooserController } from './controllers/column-chooser-controller.js';

/**
 * The Columns button and its menu: a search box when the list is long, All and None (for the
 * lines the search shows), and a checkbox per numeric column with its unit. One button's width in
 * the toolbar.
 */
export function renderColumnChooser(chooser: ColumnChooserController) {
  const v = chooser.view();
  const { menu } = chooser;
  return html`<span class="columns" @keydown=${menu.onKeydown} @focusout=${menu.onFocusOut}
    ><button
      part="button columns-button"
      aria-haspopup="dialog"
      aria-expanded=${v.open ? 'true' : 'false'}
      aria-controls="columns-menu"
      title="Choose the columns the chart draws"
      ?disabled=${!v.available}
      @click=${chooser.toggleMenu}
    >
      Columns<span class="caret" aria-hidden="true"></span></button
    >${
      v.open
        ? html`<div id="columns-menu" class="menu columns-menu" part="columns-menu" role="dialog" aria-label="Columns to draw">
          ${
            v.search
              ? html`<input
                  type="search"
                  part="columns-search"
                  placeholder="Search columns"
                  aria-label="Search columns"
                  autocomplete="off"
                  .value=${v.search.query}
                  @input=${(e: Event) => chooser.search((e.target as HTMLInputElement).value)}
                />`
              : nothing
          }
          <span class="columns-actions">
            <button part="button columns-all-button" title="Draw every column listed" @click=${() => chooser.setShown(true)}>All</button>
            <button part="button columns-none-button" title="Uncheck every column listed" @click=${() => chooser.setShown(false)}>None</button>
          </span>
          <div class="columns-list" role="group" aria-label="Columns">
            ${repeat(
              v.items,
              (item) => item.key,
              (item) =>
                html`<label part="columns-option"
                  ><input type="checkbox" .checked=${item.checked} @change=${() => chooser.toggle(item.key)} /><span class="column-name">${item.label}</span>${
                    item.unit ? html`<span class="column-unit">${item.unit}</span>` : nothing
                  }</label
                >`,
            )}
            ${v.items.length === 0 ? html`<p class="columns-note">No column matches.</p>` : nothing}
          </div>
          ${v.nothingChecked ? html`<p class="columns-note" role="status">Check a column to draw; the chart keeps its lines meanwhile.</p>` : nothing}
        </div>`
        : nothing
    }</span
  >`;
}
