/**
 * Templates of `<dialog-list>` around its rows: the search bar, the selection bar with its
 * Actions menu (D2, D3), the "N new / N updated" button of a list holding still, and the loading
 * and empty states. Pure templates over a {@link ToolbarView}; the list owns the state.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { Operator } from '../../sdk/model.js';
import { canDelete } from '../../sdk/rules/permissions.js';
import { hasActiveFilters, type DialogQuery } from '../../sdk/rules/query.js';
import { icons } from '../icons.js';
import type { MenuController } from '../internal/menu.js';
import type { ListKey } from './dialog-row.js';
import { activeFilterChips, CLEARED_FILTERS, type FilterPanelHost } from './filter-panel.js';

/** What the templates read and call. */
export interface ToolbarView {
  t(key: ListKey, params?: Record<string, string | number>): string;
  searchText: string;
  panelOpen: boolean;
  onSearchInput(e: Event): void;
  onSearchKeydown(e: KeyboardEvent): void;
  togglePanel(): void;
  /** Selected dialogs, and how many can be selected. */
  selected: number;
  selectable: number;
  selectAll(on: boolean): void;
  cancelSelection(): void;
  menu: MenuController;
  /** The Delete item was chosen (allowed or not). */
  deleteChosen(e: Event, allowed: boolean): void;
  setQuery(partial: Partial<DialogQuery>): void;
}

export function renderSearchBar(v: ToolbarView, q: DialogQuery, host: FilterPanelHost): TemplateResult {
  const active = activeFilterChips(host).length;
  return html`<div class="search search-field" part="search">
      ${icons.search}
      <input
        type="search"
        class="search-input"
        aria-label=${v.t('searchLabel')}
        placeholder=${v.t('searchPlaceholder')}
        autocomplete="off"
        spellcheck="false"
        .value=${live(v.searchText)}
        @input=${v.onSearchInput}
        @keydown=${v.onSearchKeydown}
      />
    </div>
    <button
      type="button"
      class="icon-button filter-button ${active || q.sort !== 'processing' ? 'on' : ''}"
      part="filter-button"
      aria-label=${active ? v.t('filtersActive', { count: active }) : v.t('filters')}
      title=${v.t('filters')}
      aria-expanded=${v.panelOpen ? 'true' : 'false'}
      aria-controls=${v.panelOpen ? 'filter-panel' : nothing}
      @click=${v.togglePanel}
    >
      ${icons.filter}${active ? html`<span class="filter-count" part="filter-count" aria-hidden="true">${active}</span>` : nothing}
    </button>`;
}

export function renderSelectionBar(v: ToolbarView, me: Operator | null): TemplateResult {
  const n = v.selected;
  const all = n > 0 && n >= v.selectable;
  const allowed = me ? canDelete(me) : false;
  const menu = v.menu;
  return html`<div class="selection-bar" part="selection-bar">
    <input
      type="checkbox"
      class="select-all"
      part="select-all"
      aria-label=${v.t('selectAll')}
      .checked=${all}
      .indeterminate=${!all && n > 0}
      @change=${(e: Event) => v.selectAll((e.target as HTMLInputElement).checked)}
    />
    <span class="selected-count" part="selected-count">${v.t('selected', { count: n })}</span>
    <div class="menu-wrap" @focusout=${menu.onFocusOut}>
      <button
        type="button"
        class="button actions-button"
        part="actions-button"
        aria-haspopup="menu"
        aria-expanded=${menu.open ? 'true' : 'false'}
        aria-controls=${menu.open ? 'actions-menu' : nothing}
        @click=${menu.toggle}
        @keydown=${menu.onButtonKeydown}
      >
        ${v.t('actions')}${icons.down}
      </button>
      ${menu.open
        ? html`<div class="menu" id="actions-menu" role="menu" part="actions-menu" aria-label=${v.t('actions')} @keydown=${menu.onMenuKeydown}>
            <button
              type="button"
              role="menuitem"
              tabindex="-1"
              class="menu-item danger"
              data-action="delete"
              aria-disabled=${ifDefined(allowed ? undefined : 'true')}
              @click=${(e: Event) => v.deleteChosen(e, allowed)}
            >
              <span>${v.t('deleteAction')}</span>
              ${allowed ? nothing : html`<span class="menu-hint">${v.t('noDeleteRight')}</span>`}
            </button>
          </div>`
        : nothing}
    </div>
    <span class="spacer"></span>
    <button type="button" class="icon-button" aria-label=${v.t('cancelSelection')} title=${v.t('cancelSelection')} @click=${() => v.cancelSelection()}>${icons.x}</button>
  </div>`;
}

export function renderLoading(v: Pick<ToolbarView, 't'>): TemplateResult {
  return html`<div class="viewport loading" part="list" aria-busy="true">
    <div class="state" part="empty" role="status">${v.t('loading')}</div>
    ${Array.from({ length: 6 }, () => html`<div class="skeleton" aria-hidden="true"><span class="avatar"></span><span class="bars"><span></span><span></span><span></span></span></div>`)}
  </div>`;
}

export function renderEmpty(v: Pick<ToolbarView, 't' | 'setQuery'>, q: DialogQuery): TemplateResult {
  const filtered = hasActiveFilters(q) || q.search.trim() !== '';
  return html`<div class="state" part="empty">
    <p>${filtered ? v.t('emptyFiltered') : v.t('empty')}</p>
    ${hasActiveFilters(q) ? html`<button type="button" class="button" data-action="empty-clear-filters" @click=${() => v.setQuery(CLEARED_FILTERS)}>${v.t('clearFilters')}</button>` : nothing}
    ${q.search.trim() ? html`<button type="button" class="button" data-action="empty-clear-search" @click=${() => v.setQuery({ search: '' })}>${v.t('clearSearch')}</button>` : nothing}
  </div>`;
}

/**
 * While the list holds still: "N new" (dialogs that came in), "N updated" (held dialogs whose
 * place changed with new activity), or both; pressing it shows the list in its current order.
 */
export function renderNewItems(t: ToolbarView['t'], held: number, updated: number, show: () => void): TemplateResult {
  const visible: string[] = [];
  const spoken: string[] = [];
  if (held > 0) {
    visible.push(t('newItems', { count: held }));
    spoken.push(t('showNew', { count: held }));
  }
  if (updated > 0) {
    visible.push(t('updatedItems', { count: updated }));
    spoken.push(t('showUpdated', { count: updated }));
  }
  const part = updated > 0 ? (held > 0 ? 'new-items updated-items' : 'updated-items') : 'new-items';
  return html`<button type="button" class="new-items" part=${part} @click=${show}>${icons.up}<span aria-hidden="true">${visible.join(' · ')}</span
    ><span class="visually-hidden">${spoken.join('; ')}</span></button>`;
}
