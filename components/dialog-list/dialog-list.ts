/**
 * `<dialog-list>`: the left column of the inbox (L1-L6, D1-D4, F1-F6). It draws the client's
 * list window (`client.$listState`, rows by index through `client.listRow`: filtered and sorted by
 * `client.$query` with the same pure rules the server uses) with fixed row heights, so the
 * scrollbar shows the whole answer (`total`) from the start and pages load as the operator
 * scrolls; the DOM holds only the rows on screen. It keeps still under the operator's pointer or
 * focus. Costs (issue 13, docs/lists-at-scale.md): an update costs what is on screen, never a pass
 * over every loaded row; scrolling within a row re-renders nothing, and across rows only the rows
 * that changed (the toolbar is not rendered again); nothing reads layout after a render.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatClient } from '../../sdk/client.js';
import type { ListState } from '../../sdk/list/list-model.js';
import type { Bot, ChatSettings, Dialog, Id, Operator } from '../../sdk/model.js';
import type { DeleteResult } from '../../sdk/protocol.js';
import { canDelete } from '../../sdk/rules/permissions.js';
import { compareKeys, effectiveSort, hasActiveFilters, sortKey, type DialogQuery, type SortKey } from '../../sdk/rules/query.js';
import { foldText } from '../../sdk/rules/text.js';
import { ChatdeskElement } from '../base.js';
import { common } from '../common.messages.js';
import { icons } from '../icons.js';
import { unreadBadgeStyles } from '../internal/badge.styles.js';
import { searchFieldStyles } from '../internal/search-field.styles.js';
import { ShortcutHelp, shortcutHelpStyles } from '../internal/shortcut-help.js';
import { isTyping, shortcutsAttribute, ShortcutsController, type ShortcutConfig } from '../internal/shortcuts.js';
import { baseStyles } from '../styles.js';
import { styles } from './dialog-list.styles.js';
import { messages } from './dialog-list.messages.js';
import { clientName, renderRow, type ListKey, type RowContext } from './dialog-row.js';
import { activeFilterChips, CLEARED_FILTERS, renderActiveFilters, renderFilterPanel, type FilterPanelHost } from './filter-panel.js';

/** Detail of `dialog-select`. */
export interface DialogSelectDetail {
  dialogId: Id;
  /**
   * L6: opened from a search result, the message the search matched in it (the row showed it): a
   * host may scroll the chat to it (`<chat-window>.scrollToMessage`).
   */
  messageId?: Id | undefined;
}

/** Detail of `dialog-selection-change`. */
export interface DialogSelectionChangeDetail {
  selection: Id[];
}

/** Detail of `dialogs-delete`. */
export interface DialogsDeleteDetail {
  results: DeleteResult[];
}

/** Rows drawn above and below the visible ones. */
const OVERSCAN = 3;
/** Never more rows than this in the DOM, however tall the list is. */
const MAX_ROWS = 40;
/** Default row height; the real one is measured (`--dialog-list-row-height`). */
const DEFAULT_ROW_HEIGHT = 88;
/** How often waits (F2) are refreshed. */
const TICK_MS = 15_000;
/** New dialogs are announced at most this often (no flood). */
const ANNOUNCE_MS = 2_500;
/** End loads the rows down to the last one when there are at most this many. */
const END_LOAD_LIMIT = 10_000;
/** Rows loaded ahead of the last one drawn. */
const LOAD_AHEAD = 50;
/** Lists longer than this debounce search typing. */
const SEARCH_DEBOUNCE_OVER = 2_000;
/** Type-ahead: letters typed within this time form one search (WAI-ARIA listbox). */
const TYPEAHEAD_MS = 700;

/** The rows the list draws, by index: the client's window, or the held order. */
interface Rows {
  /** Rows that can be drawn and reached by keyboard. */
  readonly length: number;
  at(i: number): Dialog | undefined;
  indexOf(id: Id): number;
}

const NO_ROWS: Rows = { length: 0, at: () => undefined, indexOf: () => -1 };

/** The client's window: every operation a binary search, nothing copied. */
function windowRows(c: ChatClient, loaded: number): Rows {
  return { length: loaded, at: (i) => c.listRow(i), indexOf: (id) => c.listIndexOf(id) };
}

/** Held still: the order as it was, the content as it is. */
class HeldRows implements Rows {
  private readonly index = new Map<Id, number>();
  constructor(readonly rows: Dialog[]) {
    rows.forEach((d, i) => this.index.set(d.id, i));
  }
  get length(): number {
    return this.rows.length;
  }
  at(i: number): Dialog | undefined {
    return this.rows[i];
  }
  indexOf(id: Id): number {
    return this.index.get(id) ?? -1;
  }
}

type ConfirmState =
  | { phase: 'confirm' | 'deleting'; ids: Id[]; names: Map<Id, string>; error?: string }
  | { phase: 'result'; ids: Id[]; names: Map<Id, string>; ok: number; failed: DeleteResult[] };

/**
 * The dialog list: search, sort and filters, selection and bulk delete, live updates that never
 * move a row from under the operator's pointer, and keyboard navigation (WAI-ARIA listbox with
 * one tab stop). Usable alone with `.client`, or inside `<chat-provider>`.
 *
 * Keyboard: ↑ / ↓ / Home / End / Page Up / Page Down move between rows, Enter opens, Space
 * selects, Shift+↑ / Shift+↓ extend the selection, Delete deletes, Ctrl+A selects all, and typing
 * letters goes to the next dialog whose client's name starts with them (type-ahead). The open
 * dialog's row says "open in the chat" to screen readers (`aria-selected` is the bulk selection).
 * `?` lists the shortcuts when no `<chat-inbox>` does.
 *
 * @summary The inbox's dialog list (left column).
 *
 * @fires {CustomEvent<DialogSelectDetail>} dialog-select - A dialog was opened (click or Enter). Cancelable: when not prevented, the list calls `client.openDialog(id)`. Detail: `{ dialogId, messageId? }` (`messageId`: the message a search matched, L6).
 * @fires {CustomEvent<DialogSelectionChangeDetail>} dialog-selection-change - The selection (D1-D3) changed. Detail: `{ selection: Id[] }`.
 * @fires {CustomEvent<DialogsDeleteDetail>} dialogs-delete - A confirmed delete finished (D1-D4). Detail: `{ results }`, one per dialog.
 *
 * @csspart toolbar - The bar above the list (search and filter button, or the selection bar).
 * @csspart search - The search field wrapper (L6).
 * @csspart filter-button - The filter icon button (F1).
 * @csspart filter-count - The number of active filters on the filter button.
 * @csspart active-filters - The bar of active filter chips.
 * @csspart filter-chip - One removable active filter.
 * @csspart clear-filters - "Clear filters" in the bar.
 * @csspart filter-panel - The sort and filter panel.
 * @csspart tag-filter - The `<tag-filter>` inside the panel.
 * @csspart sort-unavailable - The explanation shown when processing order is unavailable (F2).
 * @csspart hint - The explanation of the processing-order sort when it is available (F2).
 * @csspart selection-bar - The bar shown with a selection (D2, D3).
 * @csspart select-all - The select-all checkbox (D3).
 * @csspart selected-count - The "N selected" count in the selection bar.
 * @csspart actions-button - The "Actions" button (D2).
 * @csspart actions-menu - Its menu.
 * @csspart list - The scrolling area.
 * @csspart row - A row; also `row-unread`, `row-active`, `row-selected`, `row-overdue`, `row-closed`.
 * @csspart row-unread - A row with unread messages or marked unread (H3, L1), besides `row`.
 * @csspart row-active - The row of the dialog open in the chat window, besides `row`.
 * @csspart row-placeholder - A row whose page is still loading (the scrollbar already counts it).
 * @csspart row-selected - A row ticked for a bulk action (D1), besides `row`.
 * @csspart row-overdue - A row waiting longer than the time limit (F2), besides `row`.
 * @csspart row-closed - A closed dialog's row (H2), besides `row`.
 * @csspart avatar - The avatar, which turns into a checkbox (D1).
 * @csspart checkbox - The checkbox drawn over the avatar.
 * @csspart name - The client's name.
 * @csspart unread-count - The unread count (L1).
 * @csspart tags - The pinned tags line (L5).
 * @csspart tag - One pinned tag in its colour.
 * @csspart tag-more - The "+N" chip for the pinned tags that do not fit, besides `tag`.
 * @csspart preview - The latest communication (L3, L4).
 * @csspart draft - The "Draft" label before a kept draft (L4).
 * @csspart event - A preview showing the latest action taken in the dialog (L3), besides `preview`.
 * @csspart search-hit - With a search, the preview showing the message the search matched instead of the last one (L6), besides `preview`.
 * @csspart search-mark - The matched text inside `search-hit` (a `<mark>`).
 * @csspart meta - The channel and assignee line (L2, L3).
 * @csspart channel - The messenger icon and the channel name (L2).
 * @csspart assignee - The operator handling the dialog (L3).
 * @csspart status - The "Closed" status of a closed dialog.
 * @csspart wait - The wait in processing order (F2); also `wait-overdue`.
 * @csspart wait-overdue - A wait beyond the time limit, besides `wait`.
 * @csspart time - The time of the last activity.
 * @csspart new-items - The "N new" button shown while the list holds still.
 * @csspart updated-items - The same button when it says "N updated": held dialogs with new activity whose place changed (shows the current order).
 * @csspart empty - The empty and loading states.
 * @csspart notice - A visible status message (deleted, not allowed).
 * @csspart confirm - The delete confirmation window.
 * @csspart shortcut-help - The "Keyboard shortcuts" window (when used outside `<chat-inbox>`).
 * @csspart delete-failures - The list of dialogs that could not be deleted, with the reason, in that window.
 *
 * @cssprop --dialog-list-row-height - Height of a row (default 88px). Rows are fixed-height.
 * @cssprop --dialog-list-avatar-size - Avatar size (default 40px).
 * @cssprop --dialog-list-min-height - Minimum height when the host's height is not set (default 320px).
 * @cssprop --dialog-list-row-bg-hover - Row background on hover (default `--chatdesk-color-surface-hover`).
 * @cssprop --dialog-list-row-bg-active - Background of the open dialog's row (default `--chatdesk-color-surface-selected`).
 * @cssprop --dialog-list-overdue-color - Colour of overdue waits (default `--chatdesk-color-danger`).
 * @cssprop --chatdesk-color-bg - And every other `--chatdesk-*` token.
 */
export class DialogList extends ChatdeskElement {
  static override styles = [baseStyles, searchFieldStyles, unreadBadgeStyles, styles, shortcutHelpStyles];

  /**
   * The selected dialogs (D1-D3), in selection order. Set it to select programmatically; the list
   * drops ids that leave it.
   */
  @property({ attribute: false })
  selection: readonly Id[] = [];

  /**
   * Keyboard shortcuts of the list (`?` for help): `"none"` (attribute) or `false` turns them off,
   * an object remaps them. Unset, it follows an enclosing `<chat-inbox>`, then `setShortcuts`.
   * The listbox keys themselves (arrows, Enter, Space, type-ahead) always work.
   */
  @property({ converter: shortcutsAttribute })
  shortcuts?: ShortcutConfig;

  @state() private panelOpen = false;
  @state() private menuOpen = false;
  /** The first row on screen: a scroll renders only when it changes. */
  @state() private firstVisible = 0;
  @state() private viewportHeight = 0;
  @state() private rowHeight = DEFAULT_ROW_HEIGHT;
  @state() private focusId: Id | null = null;
  @state() private held = 0;
  /** Held rows whose place in the current order is not the one shown (new activity while holding). */
  @state() private updatedHeld = 0;
  @state() private notice = '';
  @state() private announcement = '';
  @state() private confirm: ConfirmState | null = null;
  @state() private searchText = '';

  @query('.viewport') private viewport?: HTMLElement;
  @query('dialog.confirm') private confirmDialog?: HTMLDialogElement;

  /** What is drawn: the client's window, or, while held, the previous order with fresh content. */
  private displayed: Rows = NO_ROWS;
  /** Rows of the whole answer (the scrollbar); the held rows while holding. */
  private totalRows = 0;
  /** Rows of the answer not loaded when the list started holding still. */
  private heldUnloaded = 0;
  /** The sort key of each held row when holding started: a row whose key moved has changed places. */
  private frozenKeys = new Map<Id, SortKey>();
  /** The viewport's scroll position, as the last scroll event said (never read after a render). */
  private scrollPos = 0;
  /** A scroll position to apply after the next render. */
  private pendingScroll: number | null = null;
  /** Bumped by every update that is not only a scroll: the toolbar renders again only then. */
  private toolbarEpoch = 0;
  private selectedSet: ReadonlySet<Id> = new Set();
  private lastFresh: ListState | undefined;
  private lastQuery: DialogQuery | undefined;
  private lastSettings: ChatSettings | undefined;
  private lastActiveId: Id | null = null;
  private lastSearch = '';
  private pointerInside = false;
  private keyboardInside = false;
  private scrollAdjust = 0;
  private selectAnchor: Id | null = null;
  private pendingNew = 0;
  private pendingUpdated = 0;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private tick: ReturnType<typeof setInterval> | undefined;
  private resizer: ResizeObserver | undefined;
  private observed: HTMLElement | undefined;
  private wasReady = false;
  private returnFocus: HTMLElement | null = null;
  private opsCache: { src: readonly Operator[]; map: Map<Id, Operator> } | undefined;
  private botsCache: { src: readonly Bot[]; map: Map<Id, Bot> } | undefined;
  private typed = '';
  private typedTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly keys = new ShortcutsController(this);
  private readonly help = new ShortcutHelp(this, () => void this.focusList());

  constructor() {
    super();
    this.addEventListener('keydown', this.onHostKeydown);
  }

  /** The dialogs in the order the list shows them (while it holds still, the held order). */
  get dialogIds(): Id[] {
    const ids: Id[] = [];
    for (let i = 0; i < this.displayed.length; i++) ids.push(this.displayed.at(i)!.id);
    return ids;
  }

  /**
   * Moves focus into the list: to the row holding its tab stop (the last one focused, else the
   * open dialog's, else the first), or to the search field when no row is shown. Resolves with
   * whether focus moved.
   */
  async focusList(): Promise<boolean> {
    await this.updateComplete;
    const id = this.tabStopId(this.client?.$activeDialogId.get() ?? null);
    const index = id ? this.displayed.indexOf(id) : -1;
    if (index >= 0) await this.focusRow(index);
    else this.renderRoot.querySelector<HTMLElement>('.search-input, .actions-button')?.focus();
    const active = this.shadowRoot?.activeElement;
    return !!active;
  }

  /** Moves focus to the row of a dialog (scrolling it into view). Resolves with whether it is listed. */
  async focusDialog(id: Id): Promise<boolean> {
    await this.updateComplete;
    const index = this.displayed.indexOf(id);
    if (index < 0) return false;
    await this.focusRow(index);
    return true;
  }

  /** Opens the "Keyboard shortcuts" window (what `?` does when no `<chat-inbox>` does it). */
  showShortcutHelp(): void {
    this.help.show();
  }

  private readonly onHostKeydown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || this.keys.managed || isTyping(e)) return;
    if (this.keys.matches(e, 'help')) {
      e.preventDefault();
      this.help.show();
    }
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.tick = setInterval(() => this.requestUpdate(), TICK_MS);
    // Moved in the DOM: measure again (the resize observer is made again in `updated`).
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.tick);
    document.removeEventListener('pointerdown', this.onDocumentPointerDown, true);
    for (const t of [this.announceTimer, this.countTimer, this.searchTimer, this.noticeTimer, this.typedTimer]) clearTimeout(t);
    this.resizer?.disconnect();
    this.resizer = undefined;
    this.observed = undefined;
  }

  // ---------------------------------------------------------------- state

  /** Whether the list holds still (pointer over it, or keyboard focus in it). */
  private get holding(): boolean {
    return this.pointerInside || this.keyboardInside;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.size === 0 || [...changed.keys()].some((k) => k !== 'firstVisible')) this.toolbarEpoch++;
    if (changed.has('client')) {
      this.displayed = NO_ROWS;
      this.totalRows = 0;
      this.lastFresh = undefined;
      this.wasReady = false;
      this.lastQuery = undefined;
      this.focusId = null;
      this.held = 0;
      // Another client (not the first one): the old selection means nothing there.
      if (changed.get('client') !== undefined && this.selection.length) this.selection = [];
    }
    if (changed.has('selection')) this.selectedSet = new Set(this.selection);
    const c = this.client;
    if (!c) return;
    const q = this.use(c.$query);
    if (q.search !== this.lastSearch) {
      this.lastSearch = q.search;
      this.searchText = q.search;
    }
    const fresh = this.use(c.$listState);
    if (changed.has('selection') && fresh === this.lastFresh) this.pruneSelection();
    this.reconcile(c, fresh, q, this.use(c.$settings));
    const activeId = this.use(c.$activeDialogId);
    if (activeId !== this.lastActiveId) {
      this.lastActiveId = activeId;
      const i = activeId ? this.displayed.indexOf(activeId) : -1;
      // Brought into view when opened from elsewhere (an alert, the host), unless the list holds still.
      if (i >= 0 && !this.holding) this.scrollIntoRange(i);
    }
  }

  private reconcile(c: ChatClient, fresh: ListState, q: DialogQuery, settings: ChatSettings): void {
    if (fresh === this.lastFresh) return;
    const prev = this.lastFresh;
    const first = prev === undefined || !this.wasReady;
    this.wasReady = c.$ready.get();
    // The operator's own change: a new query or settings, or the answer to one arriving later
    // (the rows of another query are never held: holding keeps the order of *these* rows).
    const userChange = q !== this.lastQuery || settings !== this.lastSettings || (prev !== undefined && fresh.query !== prev.query);
    this.lastFresh = fresh;
    this.lastQuery = q;
    this.lastSettings = settings;
    const total = fresh.total ?? fresh.loaded;
    if (first || userChange || !this.holding) {
      // Dialogs that came in (announced politely): what the total grew by, no pass over the rows.
      if (!first && !userChange && prev && prev.query === fresh.query && prev.total !== null && total > prev.total) this.queueAnnouncement(total - prev.total);
      if (!first && userChange && fresh.query === q && !fresh.loading) this.announceCount(total);
      this.displayed = windowRows(c, fresh.loaded);
      this.totalRows = total;
      this.held = 0;
      this.updatedHeld = 0;
    } else {
      // Hold still: keep the order, refresh content, drop what left, count what is new. The
      // order was taken when holding started (rows up to a screen below the last one shown); each
      // update after costs the held rows.
      if (!(this.displayed instanceof HeldRows)) this.freeze();
      const was = (this.displayed as HeldRows).rows;
      const dialogs = c.$dialogs.get();
      const next: Dialog[] = [];
      const anchor = Math.floor(this.scrollPos / this.rowHeight);
      let removedAbove = 0;
      let updated = 0;
      was.forEach((d, i) => {
        if (c.listIndexOf(d.id) >= 0) {
          const now = dialogs.get(d.id) ?? d;
          next.push(now);
          // New activity (or an answer) moved it in the order the list would show now.
          const k = this.frozenKeys.get(d.id);
          if (k && compareKeys(sortKey(now, q.sort, settings), k) !== 0) updated++;
        } else if (i < anchor) removedAbove++;
      });
      const before = this.held;
      const updatedBefore = this.updatedHeld;
      this.displayed = new HeldRows(next);
      this.totalRows = next.length + this.heldUnloaded;
      this.held = Math.max(0, total - next.length - this.heldUnloaded);
      this.updatedHeld = updated;
      if (removedAbove) this.scrollAdjust -= removedAbove * this.rowHeight;
      if (this.held > before) this.queueAnnouncement(this.held - before);
      if (this.updatedHeld > updatedBefore) this.queueAnnouncement(0, this.updatedHeld - updatedBefore);
    }
    this.pruneSelection();
  }

  /** Says, politely and at most once per {@link ANNOUNCE_MS}, how many dialogs came in and how many changed places. */
  private queueAnnouncement(added: number, updated = 0): void {
    this.pendingNew += added;
    this.pendingUpdated += updated;
    if (this.announceTimer) return;
    this.announceTimer = setTimeout(() => {
      this.announceTimer = undefined;
      const n = this.pendingNew;
      const u = this.pendingUpdated;
      this.pendingNew = 0;
      this.pendingUpdated = 0;
      const parts = [];
      if (n > 0) parts.push(this.tr(messages, 'announceNew', { count: n }));
      if (u > 0) parts.push(this.tr(messages, 'announceUpdated', { count: u }));
      if (parts.length) this.say(parts.join('. '));
    }, ANNOUNCE_MS);
  }

  private announceCount(n: number): void {
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => this.say(this.tr(messages, 'announceCount', { count: n })), 700);
  }

  /** Says something through the polite live region. */
  private say(text: string): void {
    // Re-setting the same text would not be announced again: clear first.
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  private showNotice(text: string): void {
    this.notice = text;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = ''), 10_000);
  }

  private pruneSelection(): void {
    // Before the first snapshot the list is empty: a selection given early is kept.
    const c = this.client;
    if (this.selection.length === 0 || !c?.$ready.get()) return;
    // What the selection holds, looked up (a binary search each), not a set of every row.
    const kept = this.selection.filter((id) => c.listIndexOf(id) >= 0);
    if (kept.length !== this.selection.length) this.setSelection(kept);
  }

  /** Starts holding still: takes the order of the rows down to a screen below the last one shown. */
  private freeze(): void {
    const c = this.client;
    if (!c || this.displayed instanceof HeldRows) return;
    const h = this.rowHeight;
    const end = Math.min(this.displayed.length, Math.ceil((this.scrollPos + (this.viewportHeight || h * 8)) / h) + MAX_ROWS);
    this.heldUnloaded = Math.max(0, this.totalRows - end);
    const rows = c.listRows(0, end);
    this.displayed = new HeldRows(rows);
    const sort = c.$query.get().sort;
    const settings = c.$settings.get();
    this.frozenKeys = new Map(rows.map((d) => [d.id, sortKey(d, sort, settings)]));
    this.updatedHeld = 0;
  }

  /** Shows held rows: the list takes the current order. */
  private release(): void {
    const c = this.client;
    if (!c || !(this.displayed instanceof HeldRows)) return;
    const state = c.$listState.get();
    this.displayed = windowRows(c, state.loaded);
    this.totalRows = state.total ?? state.loaded;
    this.held = 0;
    this.updatedHeld = 0;
    this.frozenKeys.clear();
    this.requestUpdate();
  }

  private setSelection(ids: readonly Id[]): void {
    this.selection = ids;
    this.selectedSet = new Set(ids);
    if (ids.length === 0) this.menuOpen = false;
    this.emit<DialogSelectionChangeDetail>('dialog-selection-change', { selection: [...ids] });
  }

  // ---------------------------------------------------------------- lifecycle

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.toggleAttribute('selecting', this.selection.length > 0);
    if (changed.has('menuOpen')) {
      if (this.menuOpen) document.addEventListener('pointerdown', this.onDocumentPointerDown, true);
      else document.removeEventListener('pointerdown', this.onDocumentPointerDown, true);
    }
    const vp = this.viewport;
    if (!this.resizer && typeof ResizeObserver !== 'undefined') this.resizer = new ResizeObserver(() => this.measure());
    if (vp && this.resizer && vp !== this.observed) {
      if (this.observed) this.resizer.unobserve(this.observed);
      this.resizer.observe(vp);
      this.observed = vp;
    }
    // Without ResizeObserver (very old engines), measure here.
    if (vp && !this.resizer && this.viewportHeight === 0) this.measure();
    // Only writes here: reading layout after a render would force it (the scroll event that
    // follows a write says where the viewport really went).
    if (vp && this.scrollAdjust) {
      this.pendingScroll = Math.max(0, (this.pendingScroll ?? this.scrollPos) + this.scrollAdjust);
      this.scrollAdjust = 0;
    }
    if (vp && this.pendingScroll !== null) {
      vp.scrollTop = this.pendingScroll;
      this.scrollPos = this.pendingScroll;
      this.pendingScroll = null;
    }
    // After this update (a page asked for changes the list state, which renders again).
    queueMicrotask(() => this.loadAhead());
  }

  /** Asks for the pages up to a little past the last row drawn, when they are not loaded. */
  private loadAhead(): void {
    const c = this.client;
    const state = this.lastFresh;
    if (!c || !state || state.complete || state.loading || state.error || this.displayed instanceof HeldRows) return;
    const h = this.rowHeight;
    const last = Math.ceil((this.scrollPos + (this.viewportHeight || h * 8)) / h);
    if (last + LOAD_AHEAD > state.loaded) void c.loadDialogsUntil(last + LOAD_AHEAD).catch(() => undefined);
  }

  private measure(): void {
    const vp = this.viewport;
    if (!vp) return;
    const h = vp.clientHeight;
    if (h !== this.viewportHeight) this.viewportHeight = h;
    const row = vp.querySelector<HTMLElement>('[role="option"]');
    const rh = row?.offsetHeight;
    if (rh && rh !== this.rowHeight) this.rowHeight = rh;
  }

  /** Shows the confirmation window in `state` (opening it if needed), after it rendered. */
  private async showConfirm(state: ConfirmState | null): Promise<void> {
    this.confirm = state;
    await this.updateComplete;
    const dlg = this.confirmDialog;
    if (!dlg) return;
    if (state && !dlg.open) dlg.showModal();
    else if (!state && dlg.open) dlg.close();
    if (state?.phase === 'result') this.renderRoot.querySelector<HTMLElement>('dialog.confirm .button.primary')?.focus();
  }

  // ---------------------------------------------------------------- windowing and focus

  private onScroll = (): void => {
    const vp = this.viewport;
    if (!vp) return;
    this.scrollPos = vp.scrollTop;
    // Rendering follows the first row on screen, not every pixel.
    const first = Math.floor(this.scrollPos / this.rowHeight);
    if (first !== this.firstVisible) this.firstVisible = first;
    // Past the held rows: take the list as it is now (and load what is below).
    if (this.displayed instanceof HeldRows && first + MAX_ROWS > this.displayed.length && this.heldUnloaded > 0) {
      this.release();
      if (this.holding) this.freeze();
    }
  };

  private scrollIntoRange(index: number): void {
    const vp = this.viewport;
    const h = this.rowHeight;
    const vh = this.viewportHeight || vp?.clientHeight || 0;
    const top = index * h;
    let next = this.scrollPos;
    if (top < next) next = top;
    else if (top + h > next + vh) next = top + h - vh;
    if (next !== this.scrollPos) {
      // Written after the render that makes the canvas tall enough (never read back).
      this.pendingScroll = next;
      this.scrollPos = next;
      this.firstVisible = Math.floor(next / h);
      this.requestUpdate();
    }
  }

  private rowElement(id: Id): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[role="option"][data-id="${CSS.escape(id)}"]`);
  }

  private async focusRow(index: number): Promise<void> {
    const i = Math.max(0, Math.min(index, this.displayed.length - 1));
    const d = this.displayed.at(i);
    if (!d) return;
    this.focusId = d.id;
    this.scrollIntoRange(i);
    await this.updateComplete;
    this.rowElement(d.id)?.focus({ preventScroll: true });
  }

  private tabStopId(activeId: Id | null): Id | null {
    const list = this.displayed;
    if (this.focusId && list.indexOf(this.focusId) >= 0) return this.focusId;
    if (activeId && list.indexOf(activeId) >= 0) return activeId;
    return list.at(0)?.id ?? null;
  }

  private onPointerEnter = (): void => {
    this.pointerInside = true;
    this.freeze();
  };

  private onPointerLeave = (): void => {
    this.pointerInside = false;
    if (!this.keyboardInside) this.release();
  };

  // Focus events also fire while the list commits (a focused row removed): their state changes
  // wait for a microtask, so they never land inside an update.
  private onFocusIn = (e: FocusEvent): void => {
    const row = (e.target as Element).closest<HTMLElement>('[role="option"]');
    if (!row) return;
    const id = row.dataset['id'];
    const visible = row.matches(':focus-visible');
    queueMicrotask(() => {
      if (id && id !== this.focusId) this.focusId = id;
      this.keyboardInside = visible;
      if (visible) this.freeze();
    });
  };

  private onFocusOut = (e: FocusEvent): void => {
    const to = e.relatedTarget as Node | null;
    const box = e.currentTarget as HTMLElement;
    if (to && box.contains(to)) return;
    const row = (e.target as Element).closest<HTMLElement>('[role="option"]');
    const id = row?.dataset['id'];
    const index = Number(row?.dataset['index'] ?? -1);
    const keyboard = this.keyboardInside;
    queueMicrotask(() => {
      // The focused row left the list (deleted, or no longer matching): the neighbour takes focus,
      // so a keyboard user keeps their place. (A row the list itself moved focus away from is not
      // "leaving": its dialog is still listed, or the focus already belongs to another row.)
      const left = !!row && !row.isConnected && id === this.focusId && this.displayed.indexOf(id ?? '') < 0;
      if (!to && left && keyboard && this.displayed.length > 0) {
        void this.focusRow(Math.min(index, this.displayed.length - 1));
        return;
      }
      this.keyboardInside = false;
      if (!this.pointerInside) this.release();
    });
  };

  // ---------------------------------------------------------------- actions

  /** Opens a dialog: `dialog-select` (cancelable), then `client.openDialog`. */
  private open(id: Id): void {
    const messageId = this.client?.listHit(id)?.messageId;
    if (!this.emit<DialogSelectDetail>('dialog-select', messageId ? { dialogId: id, messageId } : { dialogId: id }, true)) return;
    void this.client?.openDialog(id).catch(() => undefined);
  }

  private toggle(id: Id, range = false): void {
    if (range && this.selectAnchor) {
      const a = this.displayed.indexOf(this.selectAnchor);
      const b = this.displayed.indexOf(id);
      if (a >= 0 && b >= 0) {
        const [from, to] = a < b ? [a, b] : [b, a];
        const ids = new Set(this.selection);
        for (let i = from; i <= to; i++) ids.add(this.displayed.at(i)!.id);
        this.setSelection([...ids]);
        return;
      }
    }
    this.selectAnchor = id;
    this.setSelection(this.selectedSet.has(id) ? this.selection.filter((x) => x !== id) : [...this.selection, id]);
  }

  private selectAll(on: boolean): void {
    // The loaded rows (what the operator has seen), not rows still on the server.
    this.setSelection(on ? this.dialogIds : []);
  }

  private onListClick = (e: MouseEvent): void => {
    const target = e.target as Element;
    const row = target.closest<HTMLElement>('[role="option"]');
    const id = row?.dataset['id'];
    if (!row || !id) return;
    this.focusId = id;
    if (target.closest('[data-role="select"]')) {
      this.toggle(id, e.shiftKey);
      return;
    }
    this.open(id);
  };

  private onListKeydown = (e: KeyboardEvent): void => {
    const row = (e.target as Element).closest<HTMLElement>('[role="option"]');
    // Alt+arrows belong to the inbox (previous / next dialog).
    if (!row || e.altKey || e.defaultPrevented) return;
    const id = row.dataset['id']!;
    const index = this.displayed.indexOf(id);
    const page = Math.max(1, Math.floor((this.viewportHeight || this.rowHeight) / this.rowHeight) - 1);
    const mod = e.ctrlKey || e.metaKey;
    let to: number | null = null;
    switch (e.key) {
      case 'ArrowDown':
        to = index + 1;
        break;
      case 'ArrowUp':
        to = index - 1;
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        e.preventDefault();
        void this.focusEnd();
        return;
      case 'PageDown':
        to = index + page;
        break;
      case 'PageUp':
        to = index - page;
        break;
      case 'Enter':
        e.preventDefault();
        this.open(id);
        return;
      case ' ':
        e.preventDefault();
        this.toggle(id, e.shiftKey);
        return;
      case 'Escape':
        if (this.selection.length) {
          e.preventDefault();
          this.setSelection([]);
        }
        return;
      case 'Delete':
        e.preventDefault();
        this.requestDelete(this.selection.length ? [...this.selection] : [id], row);
        return;
      case 'a':
      case 'A':
        if (mod) {
          e.preventDefault();
          this.selectAll(true);
          return;
        }
        this.typeahead(e, index);
        return;
      default:
        this.typeahead(e, index);
        return;
    }
    e.preventDefault();
    const target = Math.max(0, Math.min(this.displayed.length - 1, to));
    if (e.shiftKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      const tid = this.displayed.at(target)?.id;
      if (tid && !this.selectedSet.has(tid)) this.setSelection([...this.selection, tid]);
    }
    void this.focusRow(target);
  };

  /**
   * End: the last row. Rows not loaded yet are loaded first, up to {@link END_LOAD_LIMIT} (past
   * that, the last loaded row: the window is a prefix, docs/lists-at-scale.md).
   */
  private async focusEnd(): Promise<void> {
    const c = this.client;
    const st = c?.$listState.get();
    if (c && st && !st.complete) {
      // Asked for by the operator: the list takes its current order (and keeps it while loading).
      this.keyboardInside = false;
      this.pointerInside = false;
      this.release();
      await c.loadDialogsUntil(Math.min(st.total ?? st.loaded, END_LOAD_LIMIT) - 1).catch(() => undefined);
      await this.updateComplete;
    }
    await this.focusRow(this.displayed.length - 1);
  }

  /**
   * Type-ahead (WAI-ARIA listbox): a printable key goes to the next row whose client's name starts
   * with what was typed in the last moment; the same letter again goes on to the next such row.
   */
  private typeahead(e: KeyboardEvent, index: number): void {
    const c = this.client;
    if (!c || e.key.length !== 1 || e.key === ' ' || e.ctrlKey || e.metaKey || e.altKey) return;
    if (this.keys.matches(e, 'help') && !this.typed) return;
    e.preventDefault();
    clearTimeout(this.typedTimer);
    this.typed += e.key;
    this.typedTimer = setTimeout(() => (this.typed = ''), TYPEAHEAD_MS);
    const wanted = foldText(this.typed);
    // "aaa" cycles through the names starting with "a".
    const repeated = [...wanted].every((ch) => ch === wanted[0]);
    const prefix = repeated ? wanted.slice(0, 1) : wanted;
    const list = this.displayed;
    const ctx = this.rowContext(c, c.now());
    const start = repeated || this.typed.length === 1 ? index + 1 : index;
    for (let k = 0; k < list.length; k++) {
      const i = (start + k) % list.length;
      if (foldText(clientName(ctx, list.at(i)!)).startsWith(prefix)) {
        void this.focusRow(i);
        return;
      }
    }
  }

  private onSearchInput = (e: Event): void => {
    const value = (e.target as HTMLInputElement).value;
    this.searchText = value;
    clearTimeout(this.searchTimer);
    const apply = () => {
      this.lastSearch = value;
      void this.client?.setQuery({ search: value });
    };
    if (this.totalRows > SEARCH_DEBOUNCE_OVER) this.searchTimer = setTimeout(apply, 150);
    else apply();
  };

  private onSearchKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown' && this.displayed.length) {
      e.preventDefault();
      void this.focusRow(0);
    }
  };

  private togglePanel = (): void => {
    this.panelOpen = !this.panelOpen;
    if (this.panelOpen) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#filter-panel input:not([disabled])')?.focus());
    }
  };

  private closePanel(): void {
    if (!this.panelOpen) return;
    this.panelOpen = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.filter-button')?.focus());
  }

  private onPanelKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.panelOpen) {
      e.stopPropagation();
      this.closePanel();
    }
  };

  private toggleMenu = (): void => {
    this.menuOpen = !this.menuOpen;
    if (this.menuOpen) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[role="menuitem"]')?.focus());
  };

  private closeMenu(focusButton = true): void {
    this.menuOpen = false;
    if (focusButton) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.actions-button')?.focus());
  }

  private onActionsKeydown = (e: KeyboardEvent): void => {
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !this.menuOpen) {
      e.preventDefault();
      this.toggleMenu();
    }
  };

  private onMenuKeydown = (e: KeyboardEvent): void => {
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const i = items.indexOf(e.target as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.closeMenu();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
      next?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (e.key === 'Tab') {
      this.closeMenu(false);
    }
  };

  /** Focus moved elsewhere (Tab, a click on something focusable): the menu closes. */
  private onMenuFocusOut = (e: FocusEvent): void => {
    const to = e.relatedTarget as Node | null;
    const wrap = e.currentTarget as HTMLElement;
    if (to && !wrap.contains(to)) queueMicrotask(() => (this.menuOpen = false));
  };

  /** A press outside the menu closes it (buttons do not take focus on click everywhere). */
  private onDocumentPointerDown = (e: PointerEvent): void => {
    const wrap = this.renderRoot.querySelector('.menu-wrap');
    if (wrap && !e.composedPath().includes(wrap)) this.menuOpen = false;
  };

  /** D1-D4: asks to delete `ids`; without the right, says why instead. */
  private requestDelete(ids: Id[], trigger: HTMLElement | null): void {
    const c = this.client;
    const me = c?.$me.get();
    if (!c || !me || ids.length === 0) return;
    if (!canDelete(me)) {
      this.showNotice(this.tr(messages, 'noDeleteRight'));
      return;
    }
    const names = new Map<Id, string>();
    const ctx = this.rowContext(c, c.now());
    const all = c.$dialogs.get();
    for (const id of ids) {
      const d = all.get(id);
      names.set(id, d ? clientName(ctx, d) : id);
    }
    this.returnFocus = trigger;
    void this.showConfirm({ phase: 'confirm', ids, names });
  }

  private async confirmDelete(): Promise<void> {
    const c = this.client;
    const st = this.confirm;
    if (!c || !st || st.phase !== 'confirm') return;
    this.confirm = { ...st, phase: 'deleting', error: undefined };
    try {
      const results = await c.deleteDialogs(st.ids);
      this.emit<DialogsDeleteDetail>('dialogs-delete', { results });
      const failed = results.filter((r) => !r.ok);
      const ok = results.length - failed.length;
      this.setSelection(failed.map((r) => r.dialogId).filter((id) => c.$dialogs.get().has(id)));
      // D1-D3: the result, in the list's status region (announced); the failures, one by one, in the window below.
      const said = [ok ? this.tr(messages, 'deleted', { count: ok }) : '', failed.length ? this.tr(messages, 'notDeleted', { count: failed.length }) : ''];
      this.showNotice(said.filter(Boolean).join(' '));
      await this.showConfirm(failed.length === 0 ? null : { phase: 'result', ids: st.ids, names: st.names, ok, failed });
    } catch (e) {
      this.confirm = { ...st, phase: 'confirm', error: `${this.tr(messages, 'deleteFailed')} ${this.errorText(e)}` };
    }
  }

  private closeConfirm = (): void => {
    if (this.confirm?.phase === 'deleting') return;
    void this.showConfirm(null);
  };

  private onDialogClose = (): void => {
    this.confirm = null;
    const back = this.returnFocus;
    this.returnFocus = null;
    void this.updateComplete.then(() => {
      if (back?.isConnected && !back.closest('[inert]')) back.focus();
      else if (this.selection.length) this.renderRoot.querySelector<HTMLElement>('.actions-button')?.focus();
      else void this.focusRow(Math.max(0, this.focusId ? this.displayed.indexOf(this.focusId) : 0));
    });
  };

  private onDialogCancel = (e: Event): void => {
    if (this.confirm?.phase === 'deleting') e.preventDefault();
  };

  private reasonText(code: string | undefined): string {
    const key = `error.${code ?? 'internal'}` as keyof typeof common.en;
    return key in common.en ? this.tc(key) : this.tc('error.internal');
  }

  // ---------------------------------------------------------------- render

  /** Translations with numbers, kept: `translate` builds an `Intl.NumberFormat` per number. */
  private trCache = new Map<string, string>();
  private trLocale: string | undefined;

  private t = (key: ListKey, params?: Record<string, string | number>): string => {
    if (!params) return this.tr(messages, key);
    const locale = this.stringsKey;
    if (locale !== this.trLocale || this.trCache.size > 5000) {
      this.trCache.clear();
      this.trLocale = locale;
    }
    let k = key as string;
    for (const v of Object.values(params)) k += `\u0001${v}`;
    let text = this.trCache.get(k);
    if (text === undefined) {
      text = this.tr(messages, key, params);
      this.trCache.set(k, text);
    }
    return text;
  };

  private rowContext(c: ChatClient, now: number): RowContext {
    const ops = c.$operators.get();
    if (this.opsCache?.src !== ops) this.opsCache = { src: ops, map: new Map(ops.map((o) => [o.id, o])) };
    const bots = c.$bots.get();
    if (this.botsCache?.src !== bots) this.botsCache = { src: bots, map: new Map(bots.map((b) => [b.id, b])) };
    const settings = c.$settings.get();
    return {
      locale: this.currentLocale,
      tr: this.t,
      me: c.$me.get(),
      operators: this.opsCache.map,
      bots: this.botsCache.map,
      channels: c.$channelsById.get(),
      clients: c.$clients.get(),
      tags: c.$tagsById.get(),
      reads: c.$readStates.get(),
      drafts: c.$drafts.get(),
      hit: (id) => c.listHit(id),
      settings,
      processing: effectiveSort(c.$query.get().sort, settings) === 'processing',
      now,
      activeId: c.$activeDialogId.get(),
      selected: this.selectedSet,
      tabStopId: null,
      setSize: this.totalRows,
      rowHeight: this.rowHeight,
    };
  }

  protected override render(): TemplateResult {
    const c = this.client;
    if (!c) {
      return html`<div class="state" part="empty" role="status">${this.t('notConnected')}</div>`;
    }
    const ready = this.use(c.$ready);
    const q = this.use(c.$query);
    const settings = this.use(c.$settings);
    const me = this.use(c.$me);
    const operators = this.use(c.$operators);
    const bots = this.use(c.$bots);
    const channels = this.use(c.$channels);
    const tagsById = this.use(c.$tagsById);
    // Read for their subscriptions: rows derive from them.
    this.use(c.$clients);
    this.use(c.$readStates);
    this.use(c.$drafts);
    this.use(c.$channelsById);
    this.use(c.$activeDialogId);

    const host: FilterPanelHost = {
      tr: this.t,
      locale: this.currentLocale,
      client: c,
      query: q,
      settings,
      me,
      operators,
      channels,
      bots,
      tagsById,
      resultCount: this.totalRows,
      setQuery: (p) => {
        void c.setQuery(p); // a failed answer shows in $listState.error, never as a rejection
      },
      close: () => this.closePanel(),
    };
    const selecting = this.selection.length > 0;
    return html`
      ${guard(
        [this.toolbarEpoch],
        () => html`<div class="toolbar" part="toolbar">${selecting ? this.renderSelectionBar(me) : this.renderSearchBar(q, host)}</div>
          ${renderActiveFilters(host)}
          <div class="notice-area" role="status" part="notice">
            ${this.notice
              ? html`<p class="notice"><span>${this.notice}</span
                  ><button type="button" class="icon-button small" aria-label=${this.tc('close')} @click=${() => (this.notice = '')}>${icons.x}</button></p>`
              : nothing}
          </div>`,
      )}
      <div class="body" @pointerenter=${this.onPointerEnter} @pointerleave=${this.onPointerLeave}>
        ${ready ? this.renderList(c, q) : this.renderLoading()}
        ${this.panelOpen ? html`<div class="panel-wrap" @keydown=${this.onPanelKeydown}>${renderFilterPanel(host)}</div>` : nothing}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      ${this.renderConfirm()} ${this.keys.managed ? nothing : this.help.render(['list', 'help'], this.keys.all, this.currentLocale)}
    `;
  }

  private renderSearchBar(q: DialogQuery, host: FilterPanelHost): TemplateResult {
    const active = activeFilterChips(host).length;
    return html`<div class="search search-field" part="search">
        ${icons.search}
        <input
          type="search"
          class="search-input"
          aria-label=${this.t('searchLabel')}
          placeholder=${this.t('searchPlaceholder')}
          autocomplete="off"
          spellcheck="false"
          .value=${live(this.searchText)}
          @input=${this.onSearchInput}
          @keydown=${this.onSearchKeydown}
        />
      </div>
      <button
        type="button"
        class="icon-button filter-button ${active || q.sort !== 'processing' ? 'on' : ''}"
        part="filter-button"
        aria-label=${active ? this.t('filtersActive', { count: active }) : this.t('filters')}
        title=${this.t('filters')}
        aria-expanded=${this.panelOpen ? 'true' : 'false'}
        aria-controls=${this.panelOpen ? 'filter-panel' : nothing}
        @click=${this.togglePanel}
      >
        ${icons.filter}${active ? html`<span class="filter-count" part="filter-count" aria-hidden="true">${active}</span>` : nothing}
      </button>`;
  }

  private renderSelectionBar(me: Operator | null): TemplateResult {
    const n = this.selection.length;
    const total = this.displayed.length;
    const all = n > 0 && n >= total;
    const allowed = me ? canDelete(me) : false;
    return html`<div class="selection-bar" part="selection-bar">
      <input
        type="checkbox"
        class="select-all"
        part="select-all"
        aria-label=${this.t('selectAll')}
        .checked=${all}
        .indeterminate=${!all && n > 0}
        @change=${(e: Event) => this.selectAll((e.target as HTMLInputElement).checked)}
      />
      <span class="selected-count" part="selected-count">${this.t('selected', { count: n })}</span>
      <div class="menu-wrap" @focusout=${this.onMenuFocusOut}>
        <button
          type="button"
          class="button actions-button"
          part="actions-button"
          aria-haspopup="menu"
          aria-expanded=${this.menuOpen ? 'true' : 'false'}
          aria-controls=${this.menuOpen ? 'actions-menu' : nothing}
          @click=${this.toggleMenu}
          @keydown=${this.onActionsKeydown}
        >
          ${this.t('actions')}${icons.down}
        </button>
        ${this.menuOpen
          ? html`<div class="menu" id="actions-menu" role="menu" part="actions-menu" aria-label=${this.t('actions')} @keydown=${this.onMenuKeydown}>
              <button
                type="button"
                role="menuitem"
                tabindex="-1"
                class="menu-item danger"
                data-action="delete"
                aria-disabled=${ifDefined(allowed ? undefined : 'true')}
                @click=${(e: Event) => {
                  this.closeMenu(false);
                  const button = this.renderRoot.querySelector<HTMLElement>('.actions-button');
                  if (!allowed) {
                    this.showNotice(this.t('noDeleteRight'));
                    button?.focus();
                    return;
                  }
                  e.stopPropagation();
                  this.requestDelete([...this.selection], button);
                }}
              >
                <span>${this.t('deleteAction')}</span>
                ${allowed ? nothing : html`<span class="menu-hint">${this.t('noDeleteRight')}</span>`}
              </button>
            </div>`
          : nothing}
      </div>
      <span class="spacer"></span>
      <button type="button" class="icon-button" aria-label=${this.t('cancelSelection')} title=${this.t('cancelSelection')} @click=${() => this.cancelSelection()}>${icons.x}</button>
    </div>`;
  }

  private cancelSelection(): void {
    this.setSelection([]);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.search-input')?.focus());
  }

  private renderLoading(): TemplateResult {
    return html`<div class="viewport loading" part="list" aria-busy="true">
      <div class="state" part="empty" role="status">${this.t('loading')}</div>
      ${Array.from({ length: 6 }, () => html`<div class="skeleton" aria-hidden="true"><span class="avatar"></span><span class="bars"><span></span><span></span><span></span></span></div>`)}
    </div>`;
  }

  private renderEmpty(q: DialogQuery): TemplateResult {
    const filtered = hasActiveFilters(q) || q.search.trim() !== '';
    return html`<div class="state" part="empty">
      <p>${filtered ? this.t('emptyFiltered') : this.t('empty')}</p>
      ${hasActiveFilters(q) ? html`<button type="button" class="button" data-action="empty-clear-filters" @click=${() => this.client?.setQuery(CLEARED_FILTERS)}>${this.t('clearFilters')}</button>` : nothing}
      ${q.search.trim() ? html`<button type="button" class="button" data-action="empty-clear-search" @click=${() => this.client?.setQuery({ search: '' })}>${this.t('clearSearch')}</button>` : nothing}
    </div>`;
  }

  private renderList(c: ChatClient, q: DialogQuery): TemplateResult {
    const list = this.displayed;
    const n = this.totalRows;
    const now = c.now();
    const ctx = this.rowContext(c, now);
    const tabStop = this.tabStopId(ctx.activeId);
    ctx.tabStopId = tabStop;
    const h = this.rowHeight;
    const vh = this.viewportHeight || h * 8;
    let first = Math.max(0, Math.floor(this.scrollPos / h) - OVERSCAN);
    let last = Math.min(n - 1, Math.ceil((this.scrollPos + vh) / h) + OVERSCAN - 1);
    if (last - first + 1 > MAX_ROWS) last = first + MAX_ROWS - 1;
    if (first > last) first = last = -1;
    const items: Array<{ d: Dialog; i: number }> = [];
    const waiting: number[] = [];
    for (let i = first; i >= 0 && i <= last; i++) {
      const d = list.at(i);
      if (d) items.push({ d, i });
      else waiting.push(i);
    }
    // The row holding the tab stop is always in the DOM, so focus is never lost while scrolling.
    if (tabStop) {
      const ti = list.indexOf(tabStop);
      const d = ti >= 0 && (ti < first || ti > last) ? list.at(ti) : undefined;
      if (d) items.push({ d, i: ti });
    }
    // A row renders again only when something it shows changed (or the minute turned: times, waits).
    const minute = Math.floor(now / 60_000);
    const row = (d: Dialog, i: number) => {
      const client = d.clientId ? ctx.clients.get(d.clientId) : undefined;
      return guard(
        [d, client, ctx.reads.get(d.id), ctx.drafts[d.id], ctx.hit(d.id), ctx.selected.has(d.id), ctx.activeId === d.id, tabStop === d.id, i, h, n, minute, ctx.locale, ctx.operators, ctx.bots, ctx.channels, ctx.tags, ctx.settings, ctx.processing, ctx.me],
        () => renderRow(ctx, d, i),
      );
    };
    return html`
      ${this.held > 0 || this.updatedHeld > 0 ? this.renderNewItems() : nothing}
      <div
        class="viewport"
        part="list"
        .inert=${this.panelOpen}
        @scroll=${this.onScroll}
      >
        ${n === 0
          ? this.lastFresh?.loading && !this.lastFresh.complete
            ? this.renderLoading()
            : this.renderEmpty(q)
          : html`<div
              class="canvas"
              role="listbox"
              aria-label=${this.t('listLabel')}
              aria-multiselectable="true"
              aria-describedby="list-hint"
              aria-busy=${this.lastFresh?.loading ? 'true' : 'false'}
              style="height: ${n * h}px"
              @click=${this.onListClick}
              @keydown=${this.onListKeydown}
              @focusin=${this.onFocusIn}
              @focusout=${this.onFocusOut}
            >
              ${repeat(
                items,
                (it) => it.d.id,
                (it) => row(it.d, it.i),
              )}
              ${waiting.map((i) => html`<div class="row placeholder" part="row-placeholder" aria-hidden="true" style="transform: translateY(${i * h}px)"></div>`)}
            </div>`}
      </div>
      <p id="list-hint" class="visually-hidden">${this.t('listHint')}</p>
    `;
  }

  /**
   * While the list holds still: "N new" (dialogs that came in), "N updated" (held dialogs whose
   * place changed with new activity), or both; pressing it shows the list in its current order.
   */
  private renderNewItems(): TemplateResult {
    const visible: string[] = [];
    const spoken: string[] = [];
    if (this.held > 0) {
      visible.push(this.t('newItems', { count: this.held }));
      spoken.push(this.t('showNew', { count: this.held }));
    }
    if (this.updatedHeld > 0) {
      visible.push(this.t('updatedItems', { count: this.updatedHeld }));
      spoken.push(this.t('showUpdated', { count: this.updatedHeld }));
    }
    const part = this.updatedHeld > 0 ? (this.held > 0 ? 'new-items updated-items' : 'updated-items') : 'new-items';
    return html`<button type="button" class="new-items" part=${part} @click=${this.showNew}>${icons.up}<span aria-hidden="true">${visible.join(' · ')}</span
      ><span class="visually-hidden">${spoken.join('; ')}</span></button>`;
  }

  private showNew = (): void => {
    this.pointerInside = false;
    this.keyboardInside = false;
    this.release();
    const vp = this.viewport;
    if (vp) vp.scrollTop = 0;
    this.scrollPos = 0;
    void this.focusRow(0);
  };

  private renderConfirm(): TemplateResult {
    const st = this.confirm;
    let body: TemplateResult | typeof nothing = nothing;
    if (st && st.phase === 'result') {
      body = html`<h2 id="confirm-title">${this.t('partialTitle')}</h2>
        <p>${this.t('partialText', { ok: st.ok, total: st.ids.length })}</p>
        <ul class="failures" part="delete-failures">
          ${st.failed.map((r) => html`<li><strong>${st.names.get(r.dialogId) ?? r.dialogId}</strong>: ${this.reasonText(r.reason)}</li>`)}
        </ul>
        <div class="dialog-actions">
          <button type="button" class="button primary" autofocus @click=${this.closeConfirm}>${this.tc('close')}</button>
        </div>`;
    } else if (st) {
      const busy = st.phase === 'deleting';
      const names = st.ids.slice(0, 5).map((id) => st.names.get(id) ?? id);
      body = html`<h2 id="confirm-title">${this.t('confirmTitle', { count: st.ids.length })}</h2>
        <p>${this.t('confirmText')}</p>
        <ul class="names">
          ${names.map((nm) => html`<li>${nm}</li>`)}${st.ids.length > 5 ? html`<li>…</li>` : nothing}
        </ul>
        ${st.error ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
        <div class="dialog-actions">
          <button type="button" class="button" autofocus ?disabled=${busy} @click=${this.closeConfirm}>${this.tc('cancel')}</button>
          <button type="button" class="button danger" data-action="confirm-delete" ?disabled=${busy} @click=${() => void this.confirmDelete()}>
            ${busy ? this.t('deleting') : this.t('confirmDelete')}
          </button>
        </div>`;
    }
    return html`<dialog class="confirm" part="confirm" aria-labelledby="confirm-title" @close=${this.onDialogClose} @cancel=${this.onDialogCancel}>${body}</dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dialog-list': DialogList;
  }
  interface GlobalEventHandlersEventMap {
    /** `<dialog-list>`/`<chat-alerts>`: a dialog was opened. Cancelable. */
    'dialog-select': CustomEvent<DialogSelectDetail>;
    /** `<dialog-list>`: the selection changed (D1-D3). */
    'dialog-selection-change': CustomEvent<DialogSelectionChangeDetail>;
    /** `<dialog-list>`: a confirmed delete finished (D1-D4). */
    'dialogs-delete': CustomEvent<DialogsDeleteDetail>;
  }
}
