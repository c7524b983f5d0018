/**
 * `<tag-filter>`: the tag part of the dialog filter (T1-T8). Three mutually exclusive modes
 * ("All", "No tags", "From the list"), a search field, a "Pinned" switch and the tags in their
 * colours with their dialog counts. Every rule comes from `sdk/rules/tags`.
 */
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Id, Tag } from '../../sdk/model.js';
import { ALL_TAGS, normalizeTagFilter, toggleTag, type TagFilterMode, type TagFilterValue } from '../../sdk/rules/tags.js';
import { ChatdeskElement } from '../base.js';
import { icons } from '../icons.js';
import { baseStyles } from '../styles.js';
import { tagChipStyles } from '../tag-chip.js';
import { tagFilterMessages as m } from './tag-filter.messages.js';
import { tagFilterStyles } from './tag-filter.styles.js';
import { modeKeyTarget, renderModes } from './modes.js';
import { renderOption } from './option.js';
import { optionKeyTarget, sameValue, TagEntries } from './tag-entries.js';
import type { TagFilterChangeDetail } from './tag-filter.events.js';

export type { TagFilterChangeDetail } from './tag-filter.events.js';

const EMPTY_COUNTS: ReadonlyMap<Id, number> = new Map();

/**
 * Filters dialogs by their client's tags (T1-T8).
 *
 * - **T1**: shown only when at least one tag exists. Without tags it renders nothing and gets the
 *   `empty` attribute (a host such as `<dialog-list>`'s panel can hide its own section); used
 *   alone (`auto-apply`) it explains why instead.
 * - **T2-T4**: "All" (initial), "No tags" (locks the tag list) and "From the list" (picking any
 *   tag switches to it) exclude each other.
 * - **T5**: the search field narrows the list by name, ignoring case and accents.
 * - **T6**: the "Pinned" switch keeps dialogs whose client has a pinned tag; the list then shows
 *   pinned tags only (with their pinned counts).
 * - **T7**: each tag in its colour (text kept readable), its number of dialogs at the right,
 *   largest first; selected tags move to the top. Counts follow the client's list live.
 * - **T8**: selected tags combine with AND, and the element says so.
 *
 * Data comes from the client (`client.$tags`, `client.$tagCounts`), or from the `tags` and
 * `counts` properties. The element edits `value` and fires `tag-filter-change`; with
 * `auto-apply` it also applies the value to the client's query.
 *
 * Keyboard: one tab stop per group (modes, search, pinned switch, tag list); arrows move within
 * the modes and the list, Space (or Enter) toggles a tag, Arrow Down in the search field enters
 * the list. Long lists render `page-size` tags at a time with a "Show more" button.
 *
 * @summary Tag filter: All / No tags / From the list, search, pinned switch, AND of tags.
 *
 * @fires {CustomEvent<TagFilterChangeDetail>} tag-filter-change - The user changed the filter. `detail.value` is the new `TagFilterValue` (the `tags` part of `DialogQuery`).
 *
 * @attribute empty - Set by the element when no tag exists (T1); not meant to be set by hosts.
 *
 * @csspart base - The whole element.
 * @csspart heading - The "Tags" heading.
 * @csspart modes - The All / No tags / From the list radio group.
 * @csspart mode - One mode button (`role="radio"`).
 * @csspart search - The search field's box.
 * @csspart pinned - The "Pinned only" switch.
 * @csspart hint - The AND / locked / pick hint.
 * @csspart summary - The live summary of the current filter (selected count and names).
 * @csspart list - The tag list (`role="listbox"`).
 * @csspart option - One tag row (`role="option"`).
 * @csspart chip - A tag's name in its colour.
 * @csspart count - A tag's number of dialogs.
 * @csspart message - Empty state, "no match" and "no pinned tags" messages.
 * @csspart show-more - The "Show more" button.
 *
 * @cssprop [--tag-filter-gap=var(--chatdesk-space, 8px)] - Space between the parts.
 * @cssprop [--tag-filter-radius=var(--chatdesk-radius, 8px)] - Corner radius of the controls and the list.
 * @cssprop [--tag-filter-chip-radius=var(--chatdesk-radius, 8px)] - Corner radius of the tag chips.
 * @cssprop [--tag-filter-list-max-height=320px] - Height of the tag list before it scrolls.
 * @cssprop [--tag-filter-background=var(--chatdesk-color-bg)] - Background of the element (`transparent` to sit on a host's panel).
 * @cssprop --chatdesk-color-tag-text-dark - Text on light tag colours.
 * @cssprop --chatdesk-color-tag-text-light - Text on dark tag colours.
 */
export class TagFilter extends ChatdeskElement {
  static override styles = [baseStyles, tagChipStyles, tagFilterStyles];
  static override get properties(): PropertyDeclarations {
    return {
      value: { attribute: false },
      tags: { attribute: false },
      counts: { attribute: false },
      countsAtLeast: { attribute: false },
      autoApply: { type: Boolean, attribute: 'auto-apply', reflect: true },
      pageSize: { type: Number, attribute: 'page-size' },
      search: { state: true, attribute: false },
      limit: { state: true, attribute: false },
      pendingList: { state: true, attribute: false },
      activeId: { state: true, attribute: false },
    };
  }

  /**
   * The tag part of the dialog query (`DialogQuery['tags']`): mode, selected tags (AND), pinned.
   * Set it to restore a filter; the element updates it as the user edits and fires
   * `tag-filter-change`. With `auto-apply`, a value the host sets wins over the client's query
   * and is applied to it (also when `auto-apply` is turned on later).
   */
  get value(): TagFilterValue {
    return this.currentValue;
  }
  set value(value: TagFilterValue) {
    this.currentValue = value;
    // Set by the host (not by following the client's query): the client's query follows it.
    if (!this.followingQuery) this.unapplied = true;
  }
  private currentValue: TagFilterValue = ALL_TAGS;
  /** The value was set by the host (or edited) and not yet applied to the client's query. */
  private unapplied = false;
  private followingQuery = false;

  /** The tag dictionary. Defaults to `client.$tags`; set it to use the element without a client (or with a host's own data). */
  declare tags?: Tag[];

  /** Dialogs per tag id (T7; under the pinned switch, pinned links only). Defaults to `client.$tagCounts`; set it together with `tags` to use the element without a client. */
  declare counts?: ReadonlyMap<Id, number>;

  /**
   * T7 under a search (L6): the counts are lower bounds (the server counted its first 1,000
   * matches only): each shows as "1,000+" and is read as "at least 1,000 dialogs". Defaults to
   * `client.$tagCountsAtLeast` while `counts` is not set.
   */
  declare countsAtLeast?: boolean;

  /**
   * Standalone use: start from `client.$query.tags` and apply every change with
   * `client.setQuery({ tags })`, besides firing the event. Without it, the host applies the value
   * (as `<dialog-list>`'s filter panel does).
   */
  autoApply = false;

  /** How many tags the list renders at a time (large dictionaries): scrolling near the end of the list, Arrow Down on its last row or the "Show more" button render the next ones. */
  pageSize = 30;

  private search = '';
  private limit = 0;
  /** "From the list" chosen while no tag is selected yet (the value itself is still "All"). */
  private pendingList = false;
  /** The tag row holding the list's tab stop. */
  private activeId: Id | null = null;

  private get listbox(): HTMLElement | null {
    return this.renderRoot.querySelector('[role="listbox"]');
  }

  private ownValue: TagFilterValue | null = null;
  private seenQueryTags: TagFilterValue | null = null;
  private focusOption = false;
  private readonly entries = new TagEntries(
    () => ({ key: this.stringsKey, locale: this.currentLocale }),
    (count, atLeast) => (atLeast ? this.tr(m, 'dialogsAtLeast', { dialogs: this.tr(m, 'dialogs', { count }) }) : this.tr(m, 'dialogs', { count })),
    (count) => this.tr(m, 'countAtLeast', { count }),
  );

  /** T1: whether at least one tag exists (the filter is available). */
  get available(): boolean {
    return this.tagList().length > 0;
  }

  private tagList(): readonly Tag[] {
    if (this.tags) return this.tags;
    return this.client ? this.use(this.client.$tags) : [];
  }

  private countMap(): ReadonlyMap<Id, number> {
    if (this.counts) return this.counts;
    return this.client ? this.use(this.client.$tagCounts) : EMPTY_COUNTS;
  }

  private countsAreLowerBounds(): boolean {
    if (this.counts) return this.countsAtLeast === true;
    if (this.countsAtLeast !== undefined) return this.countsAtLeast;
    return this.client ? this.use(this.client.$tagCountsAtLeast) : false;
  }

  private ready(): boolean {
    if (this.tags) return true;
    return this.client ? this.use(this.client.$ready) : false;
  }

  private current(): TagFilterValue {
    const v = this.value ?? ALL_TAGS;
    return normalizeTagFilter({ mode: v.mode, tags: Array.isArray(v.tags) ? v.tags : [], pinned: !!v.pinned });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('client')) this.seenQueryTags = null;
    // A value from the host resets "From the list" chosen without a tag, unless it is the echo of
    // the value this element just emitted (a host applying the event and binding `.value` back).
    if (changed.has('value') && !(this.ownValue && sameValue(this.current(), this.ownValue)) && this.current().mode !== 'list') this.pendingList = false;
    if (this.autoApply && this.client) this.syncWithQuery(this.client);
    if (changed.has('pageSize') || this.limit === 0) this.limit = this.page();
  }

  /**
   * `auto-apply`: a value set by the host (or edited before `auto-apply` was on) is applied to the
   * client's query; otherwise the element follows the query (set elsewhere, e.g. by
   * `<dialog-list>`'s panel).
   */
  private syncWithQuery(client: NonNullable<this['client']>): void {
    const q = this.use(client.$query).tags;
    if (this.unapplied) {
      this.unapplied = false;
      const value = this.current();
      if (!sameValue(normalizeTagFilter(q), value)) void client.setQuery({ tags: value });
      this.seenQueryTags = client.$query.get().tags;
      return;
    }
    if (q === this.seenQueryTags) return;
    this.seenQueryTags = q;
    const next = normalizeTagFilter(q);
    if (sameValue(next, this.current())) return;
    this.followingQuery = true;
    try {
      this.value = next;
    } finally {
      this.followingQuery = false;
    }
    if (next.mode !== 'list') this.pendingList = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.toggleAttribute('empty', this.ready() && !this.available);
    this.entries.prefold(this.tagList());
    if (this.focusOption) {
      this.focusOption = false;
      this.activeOption()?.focus();
    }
  }

  private commit(next: TagFilterValue): void {
    const value = normalizeTagFilter(next);
    if (sameValue(value, this.current())) return;
    this.value = value;
    this.ownValue = value;
    this.emit<TagFilterChangeDetail>('tag-filter-change', { value: { ...value, tags: [...value.tags] } });
    if (this.autoApply && this.client) {
      void this.client.setQuery({ tags: value });
      this.unapplied = false;
    }
  }

  private chooseMode(mode: TagFilterMode): void {
    const v = this.current();
    if (mode === 'all') {
      this.pendingList = false;
      this.commit({ mode: 'all', tags: [], pinned: v.pinned });
    } else if (mode === 'none') {
      this.pendingList = false;
      this.commit({ mode: 'none', tags: [], pinned: false });
    } else {
      this.pendingList = true;
      if (v.mode === 'none') this.commit({ mode: 'all', tags: [], pinned: false });
    }
  }

  private togglePinned(): void {
    const v = this.current();
    if (v.mode === 'none') return;
    this.commit({ ...v, pinned: !v.pinned });
  }

  private toggle(id: Id): void {
    const v = this.current();
    if (v.mode === 'none') return;
    this.pendingList = true;
    this.activeId = id;
    this.commit(toggleTag(v, id));
  }

  private onModeKey(e: KeyboardEvent): void {
    const mode = modeKeyTarget(e, this.shownMode(), getComputedStyle(this).direction === 'rtl');
    if (!mode) return;
    e.preventDefault();
    this.chooseMode(mode);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[role="radio"][data-mode="${mode}"]`)?.focus());
  }

  private onSearchInput(e: Event): void {
    this.search = (e.target as HTMLInputElement).value;
    this.limit = this.page();
  }

  private onSearchKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' && this.listbox && this.listbox.getAttribute('aria-disabled') !== 'true') {
      e.preventDefault();
      this.activeOption()?.focus();
    }
  }

  private options(): HTMLElement[] {
    return [...(this.listbox?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])];
  }

  private activeOption(): HTMLElement | undefined {
    const opts = this.options();
    return opts.find((o) => o.dataset['id'] === this.activeId) ?? opts[0];
  }

  private onListKey(e: KeyboardEvent, total: number): void {
    const opts = this.options();
    if (opts.length === 0 || this.current().mode === 'none') return;
    const from = Math.max(
      0,
      opts.findIndex((o) => o === e.target),
    );
    const target = optionKeyTarget(e.key, from, opts.length);
    if (target === null) return;
    if (target === 'toggle') {
      e.preventDefault();
      const id = opts[from]?.dataset['id'];
      if (id !== undefined) {
        this.focusOption = true;
        this.toggle(id);
      }
      return;
    }
    let to = target;
    e.preventDefault();
    if (to >= opts.length && opts.length < total) {
      // Moving past the last rendered tag renders the next page.
      this.limit += this.page();
      this.activeId = null;
      void this.updateComplete.then(() => {
        const next = this.options()[Math.min(to, this.options().length - 1)];
        if (next) {
          this.activeId = next.dataset['id'] ?? null;
          this.focusOption = true;
          this.requestUpdate();
        }
      });
      return;
    }
    to = Math.max(0, Math.min(opts.length - 1, to));
    this.activeId = opts[to]?.dataset['id'] ?? null;
    this.focusOption = true;
  }

  private onListClick(e: MouseEvent): void {
    const option = (e.target as Element).closest<HTMLElement>('[role="option"]');
    const id = option?.dataset['id'];
    if (id === undefined || this.current().mode === 'none') return;
    this.focusOption = true;
    this.toggle(id);
  }

  private onListFocusIn(e: FocusEvent): void {
    const id = (e.target as HTMLElement).dataset?.['id'];
    if (id !== undefined && id !== this.activeId) this.activeId = id;
  }

  private page(): number {
    return Math.max(1, Math.floor(this.pageSize) || 30);
  }

  /** Scrolling near the end of the rendered rows renders the next page (when there is one). */
  private onListScroll(e: Event, total: number, shown: number): void {
    const list = e.currentTarget as HTMLElement;
    if (shown < total && list.scrollTop + list.clientHeight >= list.scrollHeight - 64) this.limit = shown + this.page();
  }

  private showMore(): void {
    this.limit += this.page();
  }

  private shownMode(): TagFilterMode {
    const v = this.current();
    if (v.mode === 'none') return 'none';
    return v.mode === 'list' || this.pendingList ? 'list' : 'all';
  }

  protected override render() {
    const tags = this.tagList();
    if (!this.ready()) {
      return this.autoApply ? html`<p class="message" part="message" role="status">${this.tc('loading')}</p>` : nothing;
    }
    if (tags.length === 0) {
      // T1: nothing to filter by.
      return this.autoApply
        ? html`<div class="root" part="base">
            <h3 class="heading" part="heading">${this.tr(m, 'heading')}</h3>
            <p class="message" part="message" role="status">${this.tr(m, 'empty')}</p>
          </div>`
        : nothing;
    }

    const value = this.current();
    const counts = this.countMap();
    const atLeast = this.countsAreLowerBounds();
    const locked = value.mode === 'none';
    const visible = this.entries.visible(tags, counts, value, this.search, atLeast);
    const shown = visible.length > this.limit ? visible.slice(0, this.limit) : visible;
    const activeId = shown.some((e) => e.tag.id === this.activeId) ? this.activeId : (shown[0]?.tag.id ?? null);
    const shownCount = shown.length;
    const shownMode = this.shownMode();
    const searching = this.search.trim() !== '';

    return html`<div class="root" part="base" role="group" aria-labelledby="heading">
      <h3 class="heading" id="heading" part="heading">${this.tr(m, 'heading')}</h3>
      ${renderModes(
        this.tr(m, 'modes'),
        (mode) => this.tr(m, `mode.${mode}`),
        shownMode,
        (mode) => this.chooseMode(mode),
        (e) => this.onModeKey(e),
      )}
      <div class="tools">
        <label class="search ${locked ? 'disabled' : ''}" part="search">
          ${icons.search}
          <input
            type="search"
            autocomplete="off"
            spellcheck="false"
            aria-label=${this.tr(m, 'searchLabel')}
            aria-controls=${shownCount > 0 ? 'list' : nothing}
            placeholder=${this.tr(m, 'searchPlaceholder')}
            .value=${live(this.search)}
            ?disabled=${locked}
            @input=${this.onSearchInput}
            @keydown=${this.onSearchKey}
          />
        </label>
        <button
          type="button"
          class="switch"
          part="pinned"
          role="switch"
          aria-checked=${value.pinned ? 'true' : 'false'}
          aria-describedby="pinned-hint"
          ?disabled=${locked}
          @click=${this.togglePinned}
        >
          ${icons.pin}<span>${this.tr(m, 'pinned')}</span><span class="track" aria-hidden="true"><span class="thumb"></span></span>
        </button>
        <span id="pinned-hint" class="visually-hidden">${this.tr(m, 'pinnedHint')}</span>
      </div>
      <p class="hint" id="hint" part="hint">
        ${locked ? html`${icons.block}${this.tr(m, 'lockedHint')}` : shownMode === 'list' && value.tags.length === 0 ? this.tr(m, 'pickHint') : this.tr(m, 'andHint')}
      </p>
      <p class="summary" part="summary" role="status">${this.renderSummary(value, tags)}</p>
      ${
        shown.length > 0
          ? html`<div
            id="list"
            class="list"
            part="list"
            role="listbox"
            aria-multiselectable="true"
            aria-label=${this.tr(m, 'listLabel')}
            aria-describedby="hint"
            aria-disabled=${locked ? 'true' : 'false'}
            @keydown=${(e: KeyboardEvent) => this.onListKey(e, visible.length)}
            @scroll=${(e: Event) => this.onListScroll(e, visible.length, shown.length)}
            @click=${this.onListClick}
            @focusin=${this.onListFocusIn}
          >
            ${shown.map((e) => renderOption(this.entries, e, !locked && e.tag.id === activeId, locked, atLeast))}
          </div>`
          : html`<p class="message" part="message">
            ${searching ? this.tr(m, 'noMatch', { query: this.search.trim() }) : this.tr(m, 'noPinned')}
          </p>`
      }
      ${
        visible.length > shown.length
          ? html`<div class="more">
            <span>${this.tr(m, 'shownOf', { shown: this.entries.num(shown.length), total: this.entries.num(visible.length) })}</span>
            <button type="button" class="button" part="show-more" ?disabled=${locked} @click=${this.showMore}>
              ${this.tr(m, 'showMore', { count: this.entries.num(Math.min(this.page(), visible.length - shown.length)) })}
            </button>
          </div>`
          : nothing
      }
      <div class="visually-hidden" role="status">${searching && !locked ? this.tr(m, 'found', { count: visible.length }) : ''}</div>
    </div>`;
  }

  private renderSummary(value: TagFilterValue, tags: readonly Tag[]): TemplateResult | string {
    if (value.mode === 'none') return this.tr(m, 'summary.none');
    if (value.mode === 'all') return this.tr(m, value.pinned ? 'summary.allPinned' : 'summary.all');
    const byId = this.entries.byIdOf(tags);
    const names = value.tags.map((id) => byId.get(id)?.name ?? this.tc('unknown'));
    // T8: "VIP and New", in the user's language: the AND is spelled out.
    const list = new Intl.ListFormat(this.currentLocale, { type: 'conjunction', style: 'long' }).format(names);
    return this.tr(m, value.pinned ? 'summary.listPinned' : 'summary.list', { count: value.tags.length, tags: list });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tag-filter': TagFilter;
  }
}
