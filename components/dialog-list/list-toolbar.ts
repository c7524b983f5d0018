/**
 * Templates of `<dialog-list>` around its rows: the search bar, the selection bar with its
 * Actions menu (D2, D3), the "N new / N updated" button of a list holding still, and the loading
 * and empty states. Pure templates over a {@link ToolbarView}; the list owns the state.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ChatClient } from '../../sdk/client.js';
import type { Id, Operator } from '../../sdk/model.js';
import { hasActiveFilters, type DialogQuery } from '../../sdk/rules/query.js';
import { stringPart, type Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { adoptChunkStyles, OnDemandChunk, type OnDemand } from '../internal/on-demand.js';
import type { BulkActions } from './bulk-actions.js';
import type { ListKey } from './dialog-row.js';
import { activeFilterChips, CLEARED_FILTERS, renderActiveFilters, type FilterPanelHost } from './filter-panel.js';

// The filter panel's content, loaded the first time a panel opens (one loader for the page).
const panelContent = new OnDemandChunk(() => import('./filter-panel-content.js'));
// It adds strings to the `dialog-list` bundle: `loadAllStrings()` loads it.
stringPart(() => panelContent.get());

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
  /** The Actions menu and the delete windows (loaded when first used). */
  bulk: OnDemand<BulkActions>;
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
  const bulk = v.bulk;
  const menu = bulk.value?.menu;
  const openMenu = () => void bulk.use((b) => b.menu.toggle());
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
    <div class="menu-wrap" @focusout=${menu?.onFocusOut}>
      <button
        type="button"
        class="button actions-button"
        part="actions-button"
        aria-haspopup="menu"
        aria-expanded=${menu?.open ? 'true' : 'false'}
        aria-controls=${menu?.open ? 'actions-menu' : nothing}
        @click=${openMenu}
        @keydown=${(e: KeyboardEvent) => {
          if (menu) menu.onButtonKeydown(e);
          else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            openMenu();
          }
        }}
      >
        ${v.t('actions')}${icons.down}
      </button>
      ${bulk.value?.renderMenu(me) ?? nothing}
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

/** Lists longer than this debounce search typing. */
const SEARCH_DEBOUNCE_OVER = 2_000;

/** What {@link ListToolbar} needs from the list besides its host API. */
export interface ListToolbarDeps {
  t: ToolbarView['t'];
  tc(key: 'close' | 'loading' | 'retry' | 'error.unavailable'): string;
  selection(): readonly Id[];
  /** Rows that can be selected (loaded), and rows of the whole answer. */
  selectable(): number;
  totalRows(): number;
  selectAll(on: boolean): void;
  setSelection(ids: readonly Id[]): void;
  focusRow(index: number): Promise<void>;
  bulk: OnDemand<BulkActions>;
}

/** The stores the toolbar and the filter panel show. */
export type ToolbarData = Omit<FilterPanelHost, 'tr' | 'locale' | 'client' | 'resultCount' | 'setQuery' | 'close'>;

/**
 * The toolbar of `<dialog-list>` as a reactive controller: the search field (debounced on long
 * lists), the filter panel (F1-F6, focus into it and back to its button), the selection bar and
 * the visible notice.
 */
export class ListToolbar implements ReactiveController {
  panelOpen = false;
  notice = '';
  private searchText = '';
  private lastSearch = '';
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment; readonly client?: ChatClient | undefined; readonly currentLocale: Locale },
    private readonly deps: ListToolbarDeps,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.searchTimer);
    clearTimeout(this.noticeTimer);
  }

  private focus(selector: string): void {
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** The query's search changed elsewhere: the field shows it. */
  syncSearch(search: string): void {
    if (search === this.lastSearch) return;
    this.lastSearch = search;
    this.searchText = search;
  }

  /** Shows `text` in the notice area for ten seconds. */
  showNotice(text: string): void {
    this.notice = text;
    this.host.requestUpdate();
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice = '';
      this.host.requestUpdate();
    }, 10_000);
  }

  private readonly onSearchInput = (e: Event): void => {
    const value = (e.target as HTMLInputElement).value;
    this.searchText = value;
    this.host.requestUpdate();
    clearTimeout(this.searchTimer);
    const apply = () => {
      this.lastSearch = value;
      void this.host.client?.setQuery({ search: value });
    };
    if (this.deps.totalRows() > SEARCH_DEBOUNCE_OVER) this.searchTimer = setTimeout(apply, 150);
    else apply();
  };

  private readonly onSearchKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown' && this.deps.selectable()) {
      e.preventDefault();
      void this.deps.focusRow(0);
    }
  };

  private readonly togglePanel = (): void => {
    this.panelOpen = !this.panelOpen;
    this.host.requestUpdate();
    if (this.panelOpen) this.loadPanel();
  };

  /** Loads the panel's content (at once when the page has it); then focus goes into it, or to "Retry". */
  private loadPanel(): void {
    void panelContent.request(this.host).then(() => {
      if (this.panelOpen) this.focus('#filter-panel input:not([disabled]), #filter-panel .on-demand button');
    });
  }

  private closePanel(): void {
    if (!this.panelOpen) return;
    this.panelOpen = false;
    this.host.requestUpdate();
    this.focus('.filter-button');
  }

  private readonly onPanelKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.panelOpen) {
      e.stopPropagation();
      this.closePanel();
    }
  };

  /** What the templates read and call. */
  view(c: ChatClient): ToolbarView {
    const d = this.deps;
    return {
      t: d.t,
      searchText: this.searchText,
      panelOpen: this.panelOpen,
      onSearchInput: this.onSearchInput,
      onSearchKeydown: this.onSearchKeydown,
      togglePanel: this.togglePanel,
      selected: d.selection().length,
      selectable: d.selectable(),
      selectAll: (on) => d.selectAll(on),
      cancelSelection: () => {
        d.setSelection([]);
        this.focus('.search-input');
      },
      bulk: d.bulk,
      setQuery: (p) => {
        void c.setQuery(p); // a failed answer shows in $listState.error, never as a rejection
      },
    };
  }

  /** What the filter panel reads and calls. */
  panelHost(c: ChatClient, data: ToolbarData): FilterPanelHost {
    return {
      ...data,
      tr: this.deps.t,
      locale: this.host.currentLocale,
      client: c,
      resultCount: this.deps.totalRows(),
      setQuery: (p) => {
        void c.setQuery(p); // a failed answer shows in $listState.error, never as a rejection
      },
      close: () => this.closePanel(),
    };
  }

  /** The toolbar, the active filters, the notice and the state of the bulk actions' chunk (loading, or failed with "Retry"). */
  render(view: ToolbarView, host: FilterPanelHost): TemplateResult {
    return html`<div class="toolbar" part="toolbar">${view.selected > 0 ? renderSelectionBar(view, host.me) : renderSearchBar(view, host.query, host)}</div>
      ${renderActiveFilters(host)}
      <div class="notice-area" role="status" part="notice">
        ${
          this.notice
            ? html`<p class="notice"><span>${this.notice}</span
              ><button type="button" class="icon-button small" aria-label=${this.deps.tc('close')} @click=${() => this.showNotice('')}>${icons.x}</button></p>`
            : nothing
        }
      </div>
      ${this.deps.bulk.renderState({ loading: this.deps.tc('loading'), failed: this.deps.tc('error.unavailable'), retry: this.deps.tc('retry') })}`;
  }

  /**
   * The filter panel, while open: its heading at once, its content once loaded (a busy line until
   * then; a failed load says why, with "Retry").
   */
  renderPanel(host: FilterPanelHost): TemplateResult | typeof nothing {
    if (!this.panelOpen) return nothing;
    const loaded = panelContent.value;
    const tc = this.deps.tc;
    if (loaded) adoptChunkStyles(this.host, loaded.filterPanelStyles);
    return html`<div class="panel-wrap" @keydown=${this.onPanelKeydown}>
      <section class="panel" part="filter-panel" id="filter-panel" aria-labelledby="filter-panel-title">
        <header class="panel-head">
          <h2 id="filter-panel-title">${host.tr('panelTitle')}</h2>
          <button type="button" class="icon-button" aria-label=${host.tr('closePanel')} data-action="close-panel" @click=${() => host.close()}>${icons.x}</button>
        </header>
        ${
          loaded
            ? loaded.renderPanelContent(host)
            : panelContent.failed(this.host)
              ? html`<p class="on-demand" role="alert" part="on-demand">${tc('error.unavailable')} <button type="button" class="button" @click=${() => this.loadPanel()}>${tc('retry')}</button></p>`
              : html`<p class="on-demand" role="status" aria-busy="true" part="on-demand">${tc('loading')}</p>`
        }
      </section>
    </div>`;
  }
}
