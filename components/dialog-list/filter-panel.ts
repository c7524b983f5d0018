/**
 * The bar of active filters of `<dialog-list>` (F5) and what the sort-and-filter panel (F1-F3, F6)
 * shares with it; the panel's content is `filter-panel-content.ts`, loaded the first time the panel
 * opens. Templates over the list's state; every change goes through `client.setQuery`, and the
 * list itself comes from `client.$list` (the same predicate the server uses).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Bot, Channel, ChatSettings, Id, Operator, Tag } from '../../sdk/model.js';
import type { DialogQuery, LastMessageFilter, StatusFilter } from '../../sdk/rules/query.js';
import { ALL_TAGS } from '../../sdk/rules/tags.js';
import type { Locale } from '../i18n.js';
import { icons } from '../icons.js';
import type { ChatClient } from '../../sdk/client.js';
import { byId, displayName, displayNameText } from '../../sdk/session/names.js';
import { fallbackWord, type ListKey } from './dialog-row.js';

/** What the panel needs from the list. */
export interface FilterPanelHost {
  tr: (key: ListKey, params?: Record<string, string | number>) => string;
  locale: Locale;
  client: ChatClient;
  query: DialogQuery;
  settings: ChatSettings;
  me: Operator | null;
  operators: readonly Operator[];
  channels: readonly Channel[];
  bots: readonly Bot[];
  tagsById: ReadonlyMap<Id, Tag>;
  /** Dialogs the current query selects. */
  resultCount: number;
  setQuery(partial: Partial<DialogQuery>): void;
  close(): void;
}

let tagFilterLoader: (() => Promise<unknown>) | null = null;

/**
 * How `<tag-filter>` is loaded the first time the panel opens when it is not registered yet
 * (`chatdesk/define/dialog-list` sets it, so the tag filter is not part of the list's first
 * download). A failed load is tried again the next time the panel opens.
 */
export function loadTagFilterWith(load: () => Promise<unknown>): void {
  tagFilterLoader = load;
}

/** Starts loading `<tag-filter>` when the page has not registered it (the panel's content calls it). */
export function ensureTagFilter(): void {
  const load = tagFilterLoader;
  if (!load || customElements.get('tag-filter')) return;
  tagFilterLoader = null;
  load().catch((error: unknown) => {
    tagFilterLoader = load;
    console.warn('chatdesk: <tag-filter> could not be loaded', error);
  });
}

/** The query with every filter cleared (search and sort kept). */
export const CLEARED_FILTERS: Partial<DialogQuery> = Object.freeze({
  operators: [],
  channels: [],
  tags: ALL_TAGS,
  status: 'all',
  lastMessage: 'any',
  bot: false,
});

/** The label of each status filter. */
export const STATUS_KEYS: Record<StatusFilter, ListKey> = { all: 'statusAll', open: 'statusOpen', closed: 'statusClosed' };
/** The label of each last-message filter. */
export const LAST_KEYS: Record<LastMessageFilter, ListKey> = {
  any: 'lastAny',
  client: 'lastClient',
  operator: 'lastOperator',
  unanswered: 'lastUnanswered',
  answered: 'lastAnswered',
};

/** An active filter as a removable chip. */
export interface FilterChip {
  key: string;
  label: string;
  /** The query change that removes it. */
  remove: Partial<DialogQuery>;
}

/** Every active filter of `q` as a chip (F5: "visible at a glance"). */
export function activeFilterChips(h: Pick<FilterPanelHost, 'tr' | 'locale' | 'query' | 'operators' | 'bots' | 'channels' | 'tagsById' | 'me'>): FilterChip[] {
  const q = h.query;
  const chips: FilterChip[] = [];
  // Names by the SDK's one rule (an operator no longer in the directory is "Unknown", as in the rows).
  const names = q.operators.length > 0 ? { operators: byId(h.operators), bots: byId(h.bots) } : null;
  for (const id of q.operators) {
    const name = h.me?.id === id ? h.tr('you') : displayNameText(displayName({ kind: 'operator', id }, names!), (f) => fallbackWord(h, f));
    chips.push({ key: `op:${id}`, label: h.tr('chipOperator', { name }), remove: { operators: q.operators.filter((x) => x !== id) } });
  }
  for (const id of q.channels) {
    const name = h.channels.find((c) => c.id === id)?.name ?? id;
    chips.push({ key: `ch:${id}`, label: h.tr('chipChannel', { name }), remove: { channels: q.channels.filter((x) => x !== id) } });
  }
  if (q.tags.mode === 'none') chips.push({ key: 'tags:none', label: h.tr('chipNoTags'), remove: { tags: ALL_TAGS } });
  if (q.tags.mode === 'list' && q.tags.tags.length > 0) {
    const names = q.tags.tags.map((id) => h.tagsById.get(id)?.name ?? id).join(' + ');
    chips.push({ key: 'tags:list', label: h.tr('chipTags', { names }), remove: { tags: { ...q.tags, mode: 'all', tags: [] } } });
  }
  if (q.tags.pinned) chips.push({ key: 'tags:pinned', label: h.tr('chipPinned'), remove: { tags: { ...q.tags, pinned: false } } });
  if (q.status !== 'all') chips.push({ key: 'status', label: h.tr('chipStatus', { name: h.tr(STATUS_KEYS[q.status]) }), remove: { status: 'all' } });
  if (q.lastMessage !== 'any') {
    chips.push({ key: 'last', label: h.tr('chipLastMessage', { name: h.tr(LAST_KEYS[q.lastMessage]) }), remove: { lastMessage: 'any' } });
  }
  if (q.bot) chips.push({ key: 'bot', label: h.tr('chipBot'), remove: { bot: false } });
  return chips;
}

/** The bar of active filters under the toolbar, with "Clear filters". Nothing when none is active. */
export function renderActiveFilters(h: FilterPanelHost): TemplateResult | typeof nothing {
  const chips = activeFilterChips(h);
  if (chips.length === 0) return nothing;
  return html`<div class="active-filters" part="active-filters" role="group" aria-label=${h.tr('activeFilters')}>
    ${chips.map(
      (c) =>
        html`<button type="button" class="chip" part="filter-chip" data-chip=${c.key} aria-label=${h.tr('removeFilter', { name: c.label })} title=${c.label} @click=${() => h.setQuery(c.remove)}>
          <span class="chip-label">${c.label}</span>${icons.x}
        </button>`,
    )}
    <button type="button" class="link-button" part="clear-filters" data-action="clear-filters" @click=${() => h.setQuery(CLEARED_FILTERS)}>${h.tr('clearFilters')}</button>
  </div>`;
}
