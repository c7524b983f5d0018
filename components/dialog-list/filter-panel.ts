/**
 * The sort-and-filter panel of `<dialog-list>` (F1-F3, F5, F6) and the bar of active filters.
 * Templates over the list's state; every change goes through `client.setQuery`, and the list
 * itself comes from `client.$list` (the same predicate the server uses).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Bot, Channel, ChatSettings, Id, Operator, Tag } from '../../sdk/model.js';
import { effectiveSort, hasActiveFilters, type DialogQuery, type LastMessageFilter, type StatusFilter } from '../../sdk/rules/query.js';
import { ALL_TAGS, type TagFilterValue } from '../../sdk/rules/tags.js';
import type { Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { namedChannelIcon } from '../channel-icons.js';
import type { ChatClient } from '../../sdk/client.js';
import { byId, displayName, displayNameText } from '../../sdk/session/names.js';
import type {} from '../tag-filter/tag-filter.js';
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

function ensureTagFilter(): void {
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

const STATUS_KEYS: Record<StatusFilter, ListKey> = { all: 'statusAll', open: 'statusOpen', closed: 'statusClosed' };
const LAST_KEYS: Record<LastMessageFilter, ListKey> = {
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

function toggle(list: readonly Id[], id: Id, on: boolean): Id[] {
  const rest = list.filter((x) => x !== id);
  return on ? [...rest, id] : rest;
}

/** F1: the panel. */
export function renderFilterPanel(h: FilterPanelHost): TemplateResult {
  const q = h.query;
  const noLimit = h.settings.responseTimeLimitMs === null;
  const sort = effectiveSort(q.sort, h.settings);
  const statusValues: StatusFilter[] = ['all', 'open', 'closed'];
  const lastValues: LastMessageFilter[] = ['any', 'client', 'operator', 'unanswered', 'answered'];
  ensureTagFilter();
  return html`<section class="panel" part="filter-panel" id="filter-panel" aria-labelledby="filter-panel-title">
    <header class="panel-head">
      <h2 id="filter-panel-title">${h.tr('panelTitle')}</h2>
      <button type="button" class="icon-button" aria-label=${h.tr('closePanel')} data-action="close-panel" @click=${() => h.close()}>${icons.x}</button>
    </header>
    <div class="panel-body">
      <fieldset class="group" data-group="sort">
        <legend>${h.tr('sortLegend')}</legend>
        <label class="choice ${noLimit ? 'unavailable' : ''}">
          <input
            type="radio"
            name="sort"
            value="processing"
            .checked=${sort === 'processing'}
            ?disabled=${noLimit}
            aria-describedby="sort-processing-hint"
            @change=${() => h.setQuery({ sort: 'processing' })}
          />
          <span>${h.tr('sortProcessing')}</span>
        </label>
        <p class="hint ${noLimit ? 'warning' : ''}" id="sort-processing-hint" part=${noLimit ? 'sort-unavailable' : 'hint'}>
          ${noLimit ? html`${icons.warning}${h.tr('sortProcessingUnavailable')}` : h.tr('sortProcessingHint')}
        </p>
        <label class="choice">
          <input type="radio" name="sort" value="activity" .checked=${sort === 'activity'} aria-describedby="sort-activity-hint" @change=${() => h.setQuery({ sort: 'activity' })} />
          <span>${h.tr('sortActivity')}</span>
        </label>
        <p class="hint" id="sort-activity-hint">${h.tr('sortActivityHint')}</p>
      </fieldset>

      <fieldset class="group" data-group="operators">
        <legend>${h.tr('operatorLegend')}</legend>
        ${h.operators.map(
          (o) => html`<label class="choice">
            <input type="checkbox" value=${o.id} .checked=${q.operators.includes(o.id)} @change=${(e: Event) => h.setQuery({ operators: toggle(q.operators, o.id, (e.target as HTMLInputElement).checked) })} />
            <span class="choice-text">${h.me?.id === o.id ? `${o.name} (${h.tr('you')})` : o.name}</span>
            ${o.online ? nothing : html`<span class="muted">${h.tr('offline')}</span>`}
          </label>`,
        )}
      </fieldset>

      <fieldset class="group" data-group="channels">
        <legend>${h.tr('channelLegend')}</legend>
        ${h.channels.map(
          (c) => html`<label class="choice">
            <input type="checkbox" value=${c.id} .checked=${q.channels.includes(c.id)} @change=${(e: Event) => h.setQuery({ channels: toggle(q.channels, c.id, (e.target as HTMLInputElement).checked) })} />
            ${namedChannelIcon(c.kind, h.locale)}<span class="choice-text">${c.name}</span>
          </label>`,
        )}
      </fieldset>

      <div class="group" data-group="tags">
        <tag-filter
          part="tag-filter"
          .client=${h.client}
          locale=${h.locale}
          .value=${q.tags}
          @tag-filter-change=${(e: CustomEvent<{ value: TagFilterValue }>) => h.setQuery({ tags: e.detail.value })}
        ></tag-filter>
      </div>

      <fieldset class="group segmented" data-group="status">
        <legend>${h.tr('statusLegend')}</legend>
        ${statusValues.map(
          (s) => html`<label class="choice">
            <input type="radio" name="status" value=${s} .checked=${q.status === s} @change=${() => h.setQuery({ status: s })} />
            <span>${h.tr(STATUS_KEYS[s])}</span>
          </label>`,
        )}
      </fieldset>

      <fieldset class="group" data-group="last-message">
        <legend>${h.tr('lastMessageLegend')}</legend>
        ${lastValues.map(
          (v) => html`<label class="choice">
            <input type="radio" name="last-message" value=${v} .checked=${q.lastMessage === v} @change=${() => h.setQuery({ lastMessage: v })} />
            <span>${h.tr(LAST_KEYS[v])}</span>
          </label>`,
        )}
      </fieldset>

      ${
        h.bots.length > 0
          ? html`<fieldset class="group" data-group="bot">
            <legend>${h.tr('botLegend')}</legend>
            <label class="choice">
              <input type="checkbox" name="bot" .checked=${q.bot} @change=${(e: Event) => h.setQuery({ bot: (e.target as HTMLInputElement).checked })} />
              <span class="choice-text">${h.tr('botOnly')}</span>
            </label>
            <p class="hint">${h.bots.map((b) => b.name).join(', ')}</p>
          </fieldset>`
          : nothing
      }
    </div>
    <footer class="panel-foot">
      <button type="button" class="button" data-action="panel-clear" ?disabled=${!hasActiveFilters(q)} @click=${() => h.setQuery(CLEARED_FILTERS)}>${h.tr('clearFilters')}</button>
      <button type="button" class="button primary" data-action="panel-done" @click=${() => h.close()}>${h.tr('showResults', { count: h.resultCount })}</button>
    </footer>
  </section>`;
}
