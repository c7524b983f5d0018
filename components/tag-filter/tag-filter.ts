/**
 * `<tag-filter>`: the tag part of the dialog filter (T1-T8). Three mutually exclusive modes
 * ("All", "No tags", "From the list"), a search field, a "Pinned" switch and the tags in their
 * colours with their dialog counts. Every rule comes from `sdk/rules/tags`.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { Id, Tag } from '../../sdk/model.js';
import {
  ALL_TAGS,
  listTags,
  normalizeTagFilter,
  toggleTag,
  type TagEntry,
  type TagFilterMode,
  type TagFilterValue,
} from '../../sdk/rules/tags.js';
import { foldText } from '../../sdk/rules/text.js';
import { ChatdeskElement } from '../base.js';
import type { Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { baseStyles } from '../styles.js';
import { tagChipClass, tagChipStyles } from '../tag-chip.js';
import { tagFilterMessages as m } from './tag-filter.messages.js';
import { tagFilterStyles } from './tag-filter.styles.js';

/** Detail of `tag-filter-change`. */
export interface TagFilterChangeDetail {
  /** The new tag part of the `DialogQuery` (normalized: the modes exclude each other). */
  value: TagFilterValue;
}

const MODES: readonly TagFilterMode[] = ['all', 'none', 'list'];
const EMPTY_COUNTS: ReadonlyMap<Id, number> = new Map();

/** Tag names folded once (T5: case and accents ignored), so a keystroke does not refold 2,000 names. */
const folded = new WeakMap<Tag, { name: string; folded: string }>();
function foldedName(tag: Tag): string {
  let f = folded.get(tag);
  if (f?.name !== tag.name) {
    f = { name: tag.name, folded: foldText(tag.name) };
    folded.set(tag, f);
  }
  return f.folded;
}

const sameValue = (a: TagFilterValue, b: TagFilterValue) =>
  a.mode === b.mode && a.pinned === b.pinned && a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i]);

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

  /**
   * The tag part of the dialog query (`DialogQuery['tags']`): mode, selected tags (AND), pinned.
   * Set it to restore a filter; the element updates it as the user edits and fires
   * `tag-filter-change`. With `auto-apply`, a value the host sets wins over the client's query
   * and is applied to it (also when `auto-apply` is turned on later).
   */
  @property({ attribute: false })
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

  /**
   * The tag dictionary. Defaults to `client.$tags`; set it to use the element without a client
   * (or with a host's own data).
   */
  @property({ attribute: false })
  tags?: Tag[];

  /**
   * Dialogs per tag id (T7; under the pinned switch, pinned links only). Defaults to
   * `client.$tagCounts`; set it together with `tags` to use the element without a client.
   */
  @property({ attribute: false })
  counts?: ReadonlyMap<Id, number>;

  /**
   * Standalone use: start from `client.$query.tags` and apply every change with
   * `client.setQuery({ tags })`, besides firing the event. Without it, the host applies the value
   * (as `<dialog-list>`'s filter panel does).
   */
  @property({ type: Boolean, attribute: 'auto-apply', reflect: true })
  autoApply = false;

  /**
   * How many tags the list renders at a time (large dictionaries): scrolling near the end of the
   * list, Arrow Down on its last row or the "Show more" button render the next ones.
   */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 30;

  @state() private search = '';
  @state() private limit = 0;
  /** "From the list" chosen while no tag is selected yet (the value itself is still "All"). */
  @state() private pendingList = false;
  /** The tag row holding the list's tab stop. */
  @state() private activeId: Id | null = null;

  @query('[role="listbox"]') private listbox?: HTMLElement;

  private ownValue: TagFilterValue | null = null;
  private seenQueryTags: TagFilterValue | null = null;
  private focusOption = false;
  private memo: { tags: readonly Tag[]; counts: ReadonlyMap<Id, number>; key: string; entries: TagEntry[] } | null = null;
  private byId: { tags: readonly Tag[]; map: Map<Id, Tag> } | null = null;
  /** Number formatting and "N dialogs" texts per locale: building an `Intl.NumberFormat` costs ~0.1 ms, too much per row. */
  private numbers: { key: string; locale: Locale; format: Intl.NumberFormat; dialogs: Map<number, string> } | null = null;

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
    this.prefold(this.tagList());
    if (this.focusOption) {
      this.focusOption = false;
      this.activeOption()?.focus();
    }
  }

  /** T5-T7: the sorted entries, recomputed only when tags, counts or value change (not per keystroke). */
  private sortedEntries(tags: readonly Tag[], counts: ReadonlyMap<Id, number>, value: TagFilterValue): TagEntry[] {
    const key = `${value.mode}|${value.pinned}|${value.tags.join('\u0000')}`;
    const memo = this.memo;
    if (memo && memo.tags === tags && memo.counts === counts && memo.key === key) return memo.entries;
    const entries = listTags(tags, counts, value);
    this.memo = { tags, counts, key, entries };
    return entries;
  }

  /**
   * T5: filtering the sorted list keeps its order, so this equals `listTags(..., search)`; the
   * folded names are cached per tag.
   */
  private visibleEntries(tags: readonly Tag[], counts: ReadonlyMap<Id, number>, value: TagFilterValue): TagEntry[] {
    const sorted = this.sortedEntries(tags, counts, value);
    const needle = foldText(this.search.trim());
    return needle ? sorted.filter((e) => foldedName(e.tag).includes(needle)) : sorted;
  }

  private num(n: number): string {
    return this.numberCache().format.format(n);
  }

  /** T7: the count's text for assistive technology ("VIP, 18 dialogs"), translated once per locale and count. */
  private dialogsText(count: number): string {
    const cache = this.numberCache().dialogs;
    let text = cache.get(count);
    if (text === undefined) {
      text = this.tr(m, 'dialogs', { count });
      cache.set(count, text);
    }
    return text;
  }

  private numberCache(): { locale: Locale; format: Intl.NumberFormat; dialogs: Map<number, string> } {
    const key = this.stringsKey;
    if (this.numbers?.key !== key) this.numbers = { key, locale: this.currentLocale, format: new Intl.NumberFormat(this.currentLocale), dialogs: new Map() };
    return this.numbers;
  }

  private prefolded: readonly Tag[] | null = null;

  /**
   * T5: folds the tag names while the browser is idle, so the first keystroke of a search does not
   * fold 2,000 names (about 10 ms) on its own.
   */
  private prefold(tags: readonly Tag[]): void {
    if (tags === this.prefolded || tags.length === 0) return;
    this.prefolded = tags;
    let i = 0;
    const idle = (cb: (deadline?: IdleDeadline) => void) =>
      typeof requestIdleCallback === 'function' ? requestIdleCallback(cb, { timeout: 500 }) : setTimeout(cb, 16);
    const step = (deadline?: IdleDeadline) => {
      if (this.prefolded !== tags) return;
      const until = performance.now() + Math.min(8, deadline ? deadline.timeRemaining() : 4);
      do foldedName(tags[i++]!);
      while (i < tags.length && (i % 32 !== 0 || performance.now() < until));
      if (i < tags.length) idle(step);
    };
    idle(step);
  }

  private tagsById(tags: readonly Tag[]): Map<Id, Tag> {
    if (this.byId?.tags !== tags) this.byId = { tags, map: new Map(tags.map((t) => [t.id, t])) };
    return this.byId.map;
  }

  // ------------------------------------------------------------------ changes

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

  // ------------------------------------------------------------------ events

  private onModeKey(e: KeyboardEvent): void {
    const delta = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    const checked = MODES.indexOf(this.shownMode());
    let i: number;
    if (delta !== undefined) {
      const dir = delta * (getComputedStyle(this).direction === 'rtl' && (e.key === 'ArrowLeft' || e.key === 'ArrowRight') ? -1 : 1);
      i = (checked + dir + MODES.length) % MODES.length;
    } else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = MODES.length - 1;
    else return;
    e.preventDefault();
    const mode = MODES[i]!;
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
    const from = Math.max(0, opts.findIndex((o) => o === e.target));
    let to = from;
    switch (e.key) {
      case 'ArrowDown':
        to = from + 1;
        break;
      case 'ArrowUp':
        to = from - 1;
        break;
      case 'PageDown':
        to = from + 10;
        break;
      case 'PageUp':
        to = from - 10;
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = opts.length - 1;
        break;
      case ' ':
      case 'Enter': {
        e.preventDefault();
        const id = opts[from]?.dataset['id'];
        if (id !== undefined) {
          this.focusOption = true;
          this.toggle(id);
        }
        return;
      }
      default:
        return;
    }
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

  // ------------------------------------------------------------------ render

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
    const locked = value.mode === 'none';
    const visible = this.visibleEntries(tags, counts, value);
    const shown = visible.length > this.limit ? visible.slice(0, this.limit) : visible;
    const activeId = shown.some((e) => e.tag.id === this.activeId) ? this.activeId : (shown[0]?.tag.id ?? null);
    const shownCount = shown.length;
    const shownMode = this.shownMode();
    const searching = this.search.trim() !== '';

    return html`<div class="root" part="base" role="group" aria-labelledby="heading">
      <h3 class="heading" id="heading" part="heading">${this.tr(m, 'heading')}</h3>
      <div class="modes" part="modes" role="radiogroup" aria-label=${this.tr(m, 'modes')} @keydown=${this.onModeKey}>
        ${MODES.map(
          (mode) =>
            html`<button
              type="button"
              class="mode"
              part="mode"
              role="radio"
              data-mode=${mode}
              aria-checked=${shownMode === mode ? 'true' : 'false'}
              tabindex=${shownMode === mode ? 0 : -1}
              @click=${() => this.chooseMode(mode)}
            >
              ${this.tr(m, `mode.${mode}`)}
            </button>`,
        )}
      </div>
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
      ${shown.length > 0
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
            ${shown.map((e) => this.renderOption(e, !locked && e.tag.id === activeId, locked))}
          </div>`
        : html`<p class="message" part="message">
            ${searching ? this.tr(m, 'noMatch', { query: this.search.trim() }) : this.tr(m, 'noPinned')}
          </p>`}
      ${visible.length > shown.length
        ? html`<div class="more">
            <span>${this.tr(m, 'shownOf', { shown: this.num(shown.length), total: this.num(visible.length) })}</span>
            <button type="button" class="button" part="show-more" ?disabled=${locked} @click=${this.showMore}>
              ${this.tr(m, 'showMore', { count: this.num(Math.min(this.page(), visible.length - shown.length)) })}
            </button>
          </div>`
        : nothing}
      <div class="visually-hidden" role="status">${searching && !locked ? this.tr(m, 'found', { count: visible.length }) : ''}</div>
    </div>`;
  }

  private renderSummary(value: TagFilterValue, tags: readonly Tag[]): TemplateResult | string {
    if (value.mode === 'none') return this.tr(m, 'summary.none');
    if (value.mode === 'all') return this.tr(m, value.pinned ? 'summary.allPinned' : 'summary.all');
    const byId = this.tagsById(tags);
    const names = value.tags.map((id) => byId.get(id)?.name ?? this.tc('unknown'));
    // T8: "VIP and New", in the user's language: the AND is spelled out.
    const list = new Intl.ListFormat(this.currentLocale, { type: 'conjunction', style: 'long' }).format(names);
    return this.tr(m, value.pinned ? 'summary.listPinned' : 'summary.list', { count: value.tags.length, tags: list });
  }

  private renderOption(e: TagEntry, tabStop: boolean, locked: boolean): TemplateResult {
    const { tag, count, selected } = e;
    const cls = tagChipClass(tag.color);
    return html`<div
      class="option"
      part="option"
      role="option"
      data-id=${tag.id}
      aria-label=${`${tag.name}, ${this.dialogsText(count)}`}
      aria-selected=${selected ? 'true' : 'false'}
      aria-disabled=${locked ? 'true' : 'false'}
      tabindex=${tabStop ? 0 : -1}
    >
      <span class="check" aria-hidden="true">${selected ? icons.check : nothing}</span>
      <span class="chip ${cls}" part="chip" style=${cls === 'no-color' ? '' : `--tag-color: ${tag.color.trim()}`}>${tag.name}</span>
      <span class="count" part="count" aria-hidden="true">${this.num(count)}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tag-filter': TagFilter;
  }
  interface GlobalEventHandlersEventMap {
    /** `<tag-filter>`: the user changed the tag filter (T2-T8). */
    'tag-filter-change': CustomEvent<TagFilterChangeDetail>;
  }
}
