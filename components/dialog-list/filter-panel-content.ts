/**
 * The content of `<dialog-list>`'s sort-and-filter panel (F1-F3, F6), loaded the first time the
 * panel opens (`ListToolbar`): a page pays for it only then. Its styles travel with it
 * ({@link filterPanelStyles}, adopted by the list's shadow root when it arrives).
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { Id } from '../../sdk/model.js';
import { effectiveSort, hasActiveFilters, type LastMessageFilter, type StatusFilter } from '../../sdk/rules/query.js';
import type { TagFilterValue } from '../../sdk/rules/tags.js';
import { namedChannelIcon } from '../channel-icons.js';
import { icons } from '../icons.js';
import type {} from '../tag-filter/tag-filter.js';
import { messages } from './dialog-list.messages.js';
import { CLEARED_FILTERS, ensureTagFilter, LAST_KEYS, STATUS_KEYS, type FilterPanelHost } from './filter-panel.js';

/** The English strings of the panel's content (the list's bundle, `dialog-list.messages.ts`). */
export const filterPanelStrings = {
  sortLegend: 'Sort',
  sortProcessing: 'Processing order',
  sortProcessingHint: 'Clients waiting longest for an answer first.',
  sortProcessingUnavailable: 'Unavailable: no response-time limit is set in the chat settings, so dialogs are sorted by last activity.',
  sortActivity: 'Last activity',
  sortActivityHint: 'Latest message first, from a client or an operator.',
  operatorLegend: 'Responsible operator',
  channelLegend: 'Channel',
  statusLegend: 'Status',
  lastMessageLegend: 'Last message',
  botLegend: 'Bots',
  botOnly: 'Only dialogs held by a bot',
  offline: 'offline',
  showResults_one: 'Show {count} dialog',
  showResults_other: 'Show {count} dialogs',
  showResults: 'Show {count} dialogs',
};
// They join the list's bundle (whose type already names them) when this chunk loads.
Object.assign(messages.en, filterPanelStrings);

/** The panel content's styles (the frame's are the list's own). */
export const filterPanelStyles = css`
  .panel-body {
    flex: 1;
    min-block-size: 0;
    overflow-y: auto;
    padding: 0 12px 12px;
  }
  .group {
    border: 0;
    border-block-end: 1px solid var(--_color-border);
    margin: 0;
    padding: 10px 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-inline-size: 0;
  }
  .group legend {
    padding: 0;
    margin-block-end: 4px;
    font-weight: 600;
    font-size: var(--_font-size-small);
    letter-spacing: 0.02em;
    color: var(--_color-text-muted);
    float: left;
    inline-size: 100%;
  }
  .group.segmented {
    flex-direction: row;
    flex-wrap: wrap;
    gap: 4px 14px;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 8px;
    min-inline-size: 0;
    cursor: pointer;
    padding-block: 2px;
  }
  .choice input {
    accent-color: var(--_color-accent);
    margin: 0;
    flex: none;
  }
  .choice .icon {
    color: var(--_color-accent);
  }
  .choice-text {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .choice.unavailable {
    color: var(--_color-text-muted);
    cursor: not-allowed;
  }
  .muted {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .hint {
    margin: 0 0 4px 26px;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }
  .hint.warning {
    display: flex;
    gap: 6px;
    align-items: flex-start;
    padding: 6px 8px;
    margin-inline-start: 0;
    border-radius: var(--_radius);
    background: var(--_color-warning-bg);
    color: var(--_color-text);
  }
  .hint.warning .icon {
    inline-size: 16px;
    block-size: 16px;
    color: var(--_color-warning);
    flex: none;
  }
  tag-filter {
    display: block;
    --tag-filter-background: transparent;
  }
  /* T1: no tags, no tag section. */
  .group:has(> tag-filter[empty]) {
    display: none;
  }
  .panel-foot {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    padding: 8px 12px;
    border-block-start: 1px solid var(--_color-border);
  }
`;

function toggle(list: readonly Id[], id: Id, on: boolean): Id[] {
  const rest = list.filter((x) => x !== id);
  return on ? [...rest, id] : rest;
}

/** F1: the panel's content (under its heading): the groups and the footer. */
export function renderPanelContent(h: FilterPanelHost): TemplateResult {
  const q = h.query;
  const noLimit = h.settings.responseTimeLimitMs === null;
  const sort = effectiveSort(q.sort, h.settings);
  const statusValues: StatusFilter[] = ['all', 'open', 'closed'];
  const lastValues: LastMessageFilter[] = ['any', 'client', 'operator', 'unanswered', 'answered'];
  ensureTagFilter();
  return html`<div class="panel-body">
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
    </footer>`;
}
