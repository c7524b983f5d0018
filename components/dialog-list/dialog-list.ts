/**
 * `<dialog-list>`: the left column of the inbox (L1-L6, D1-D4, F1-F6). It draws the client's
 * list window (`client.$listState`, rows by index through `client.listRow`: filtered and sorted by
 * `client.$query` with the same pure rules the server uses) with fixed row heights, so the
 * scrollbar shows the whole answer (`total`) from the start and pages load as the operator
 * scrolls; the DOM holds only the rows on screen. It keeps still under the operator's pointer or
 * focus. Costs (issue 13, docs/lists-at-scale.md): an update costs what is on screen, never a pass
 * over every loaded row; scrolling within a row re-renders nothing, and across rows only the rows
 * that changed (the toolbar is not rendered again); nothing reads layout after a render.
 *
 * Pieces: `hold-still.ts` (the held order), `../internal/fixed-rows.ts` (windowing),
 * `list-keyboard.ts` (listbox keys, type-ahead), `list-toolbar.ts` and `filter-panel.ts`
 * (templates), `dialog-row.ts` (a row). Loaded on first use (chunks of their own):
 * `bulk-actions.ts` (the Actions menu and the D1-D4 windows of `delete-confirm.ts`) and
 * `filter-panel-content.ts` (the panel's groups).
 */
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { ChatClient } from '../../sdk/client.js';
import type { Id } from '../../sdk/model.js';
import type { DialogQuery } from '../../sdk/rules/query.js';
import { ChatdeskElement } from '../base.js';
import { LiveAnnouncer } from '../internal/announcer.js';
import { unreadBadgeStyles } from '../internal/badge.styles.js';
import { FixedRowWindow } from '../internal/fixed-rows.js';
import { OnDemand, retryingImport } from '../internal/on-demand.js';
import { searchFieldStyles } from '../internal/search-field.styles.js';
import { SelectionModel } from '../internal/selection.js';
import { ShortcutHelp, shortcutHelpStyles } from '../internal/shortcut-help.js';
import { isTyping, shortcutsAttribute, ShortcutsController, type ShortcutConfig } from '../internal/shortcuts.js';
import { stringPart } from '../i18n.js';
import { baseStyles } from '../styles.js';
import type { BulkActions, BulkActionsDeps } from './bulk-actions.js';
import type { DialogSelectDetail, DialogSelectionChangeDetail, DialogsDeleteDetail } from './dialog-list.events.js';
import { styles } from './dialog-list.styles.js';
import { messages } from './dialog-list.messages.js';
import { clientName } from './dialog-row.js';
import { HoldStill } from './hold-still.js';
import { listClick, listKeydown, Typeahead, type ListKeysHost } from './list-keyboard.js';
import { renderListbox, RowContexts } from './list-view.js';
import { ListToolbar, renderEmpty, renderLoading, renderNewItems, type ToolbarView } from './list-toolbar.js';

export type { DialogSelectDetail, DialogSelectionChangeDetail, DialogsDeleteDetail } from './dialog-list.events.js';

// The bulk actions (the Actions menu, the delete windows), loaded when a list first uses them (one loader for the page).
const loadBulkActions = retryingImport(() => import('./bulk-actions.js'));
// It adds strings to the `dialog-list` bundle: `loadAllStrings()` loads it.
stringPart(loadBulkActions);

/** Never more rows than this in the DOM, however tall the list is. */
const MAX_ROWS = 40;
/** How often waits (F2) are refreshed. */
const TICK_MS = 15_000;
/** New dialogs are announced at most this often (no flood). */
const ANNOUNCE_MS = 2_500;
/** End loads the rows down to the last one when there are at most this many. */
const END_LOAD_LIMIT = 10_000;
/** Rows loaded ahead of the last one drawn. */
const LOAD_AHEAD = 50;

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
 * @csspart on-demand - The line shown while the filter panel's content or the selection's "Actions" load on first use ("Loading…"), or why they did not, with "Retry".
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
  static override get properties(): PropertyDeclarations {
    return { selection: { attribute: false }, shortcuts: { converter: shortcutsAttribute }, firstVisible: { state: true, attribute: false }, focusId: { state: true, attribute: false } };
  }

  /**
   * The selected dialogs (D1-D3), in selection order. Set it to select programmatically; the list
   * drops ids that leave it.
   */
  selection: readonly Id[] = [];

  /**
   * Keyboard shortcuts of the list (`?` for help): `"none"` (attribute) or `false` turns them off,
   * an object remaps them. Unset, it follows an enclosing `<chat-inbox>`, then `setShortcuts`.
   * The listbox keys themselves (arrows, Enter, Space, type-ahead) always work.
   */
  declare shortcuts?: ShortcutConfig;

  /** The first row on screen: a scroll renders only when it changes. */
  private firstVisible = 0;
  private focusId: Id | null = null;

  /** Bumped by every update that is not only a scroll: the toolbar renders again only then. */
  private toolbarEpoch = 0;
  private lastActiveId: Id | null = null;
  private tick: ReturnType<typeof setInterval> | undefined;
  private readonly keys = new ShortcutsController(this);
  private readonly help = new ShortcutHelp(this, () => void this.focusList());
  private readonly hold: HoldStill = new HoldStill(this, {
    client: () => this.client,
    freezeEnd: () => this.win.lastOnScreen + MAX_ROWS,
    lastOnScreen: () => this.win.lastOnScreen,
    anchor: () => Math.floor(this.win.scrollPos / this.win.rowHeight),
    shift: (rows) => (this.win.scrollAdjust -= rows * this.win.rowHeight),
    focusId: () => this.focusId,
    setFocusId: (id) => (this.focusId = id),
    focusRow: (i) => this.focusRow(i),
    // Politely and at most once per ANNOUNCE_MS: how many dialogs came in and how many changed places.
    announce: (added, moved) =>
      this.live.tally({ added, moved }, ANNOUNCE_MS, (n) =>
        [n['added'] ? this.tr(messages, 'announceNew', { count: n['added'] }) : '', n['moved'] ? this.tr(messages, 'announceUpdated', { count: n['moved'] }) : ''].filter(Boolean).join('. '),
      ),
    announceCount: (n, atLeast) => this.live.later(700, () => this.tr(messages, atLeast ? 'announceCountAtLeast' : 'announceCount', { count: n })),
  });
  private readonly win = new FixedRowWindow(this, {
    viewport: () => this.renderRoot?.querySelector<HTMLElement>('.viewport'),
    sampleRow: (vp) => vp.querySelector<HTMLElement>('[role="option"]'),
    defaultRowHeight: 88,
    overscan: 3,
    maxRows: MAX_ROWS,
  });
  private readonly typeahead = new Typeahead();
  private readonly listKeys: ListKeysHost = {
    rows: () => this.hold.displayed,
    page: () => this.win.page,
    selection: () => this.selection,
    isSelected: (id) => this.picked.has(id),
    setFocusId: (id) => (this.focusId = id),
    open: (id) => this.open(id),
    toggle: (id, range) => this.toggle(id, range),
    setSelection: (ids) => this.setSelection(ids),
    selectAll: (on) => this.selectAll(on),
    requestDelete: (ids, trigger) => void this.bulk.use((b) => b.deletion.request(ids, trigger)),
    focusRow: (i) => this.focusRow(i),
    focusEnd: () => this.focusEnd(),
    typeahead: (ev, index) => this.onTypeahead(ev, index),
    endTypeahead: () => this.typeahead.reset(),
  };
  private readonly bulkDeps: BulkActionsDeps = {
    selection: () => this.selection,
    t: (key, params) => this.t(key, params),
    tc: (key) => this.tc(key),
    errorText: (e) => this.errorText(e),
    nameOf: (id) => {
      const d = this.client?.$dialogs.get().get(id);
      return d ? clientName(this.rowContext(this.client!, this.client!.now()), d) : id;
    },
    notice: (text) => this.bar.showNotice(text),
    deleted: (results, kept) => {
      this.emit<DialogsDeleteDetail>('dialogs-delete', { results });
      this.setSelection(kept);
    },
    refocus: () => {
      if (this.selection.length) this.renderRoot.querySelector<HTMLElement>('.actions-button')?.focus();
      else void this.focusRow(Math.max(0, this.focusId ? this.hold.displayed.indexOf(this.focusId) : 0));
    },
  };
  private readonly bulk: OnDemand<BulkActions> = new OnDemand(this, async () => new (await loadBulkActions()).BulkActions(this, this.bulkDeps));

  private readonly bar: ListToolbar = new ListToolbar(this, {
    t: (key, params) => this.t(key, params),
    tc: (key) => this.tc(key),
    selection: () => this.selection,
    selectable: () => this.hold.displayed.length,
    totalRows: () => this.hold.totalRows,
    selectAll: (on) => this.selectAll(on),
    setSelection: (ids) => this.setSelection(ids),
    focusRow: (i) => this.focusRow(i),
    bulk: this.bulk,
  });
  private readonly live = new LiveAnnouncer(this);
  private readonly picked = new SelectionModel((ids) => this.setSelection(ids));
  private readonly rows = new RowContexts(
    (key, params) => this.tr(messages, key, params),
    () => this.stringsKey,
  );
  private readonly t = this.rows.t;

  constructor() {
    super();
    this.addEventListener('keydown', this.onHostKeydown);
  }

  /** The dialogs in the order the list shows them (while it holds still, the held order). */
  get dialogIds(): Id[] {
    const rows = this.hold.displayed;
    return Array.from({ length: rows.length }, (_, i) => rows.at(i)!.id);
  }

  /**
   * Moves focus into the list: to the row holding its tab stop (the last one focused, else the
   * open dialog's, else the first), or to the search field when no row is shown. Resolves with
   * whether focus moved.
   */
  async focusList(): Promise<boolean> {
    await this.updateComplete;
    const id = this.hold.tabStop(this.client?.$activeDialogId.get() ?? null);
    const index = id ? this.hold.displayed.indexOf(id) : -1;
    if (index >= 0) await this.focusRow(index);
    else this.renderRoot.querySelector<HTMLElement>('.search-input, .actions-button')?.focus();
    return !!this.shadowRoot?.activeElement;
  }

  /** Moves focus to the row of a dialog (scrolling it into view). Resolves with whether it is listed. */
  async focusDialog(id: Id): Promise<boolean> {
    await this.updateComplete;
    const index = this.hold.displayed.indexOf(id);
    if (index < 0) return false;
    await this.focusRow(index);
    return true;
  }

  /** Opens the "Keyboard shortcuts" window (what `?` does when no `<chat-inbox>` does it). */
  showShortcutHelp(): void {
    this.help.show();
  }

  private readonly onHostKeydown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || this.keys.managed || isTyping(e) || !this.keys.matches(e, 'help')) return;
    e.preventDefault();
    this.help.show();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.tick = setInterval(() => this.requestUpdate(), TICK_MS);
    // Moved in the DOM: measure again (the resize observer is made again after the update).
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.tick);
    this.typeahead.dispose();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.size === 0 || [...changed.keys()].some((k) => k !== 'firstVisible')) this.toolbarEpoch++;
    if (changed.has('client')) {
      this.hold.reset();
      this.focusId = null;
      // Another client (not the first one): the old selection means nothing there.
      if (changed.get('client') !== undefined && this.selection.length) this.selection = [];
    }
    if (changed.has('selection')) this.picked.sync(this.selection);
    const c = this.client;
    if (!c) return;
    const q = this.use(c.$query);
    this.bar.syncSearch(q.search);
    const fresh = this.use(c.$listState);
    if (changed.has('selection') && this.hold.isCurrent(fresh)) this.pruneSelection();
    if (!this.hold.isCurrent(fresh)) {
      this.hold.reconcile(c, fresh, q, this.use(c.$settings));
      this.pruneSelection();
    }
    const activeId = this.use(c.$activeDialogId);
    if (activeId !== this.lastActiveId) {
      this.lastActiveId = activeId;
      const i = activeId ? this.hold.displayed.indexOf(activeId) : -1;
      // Brought into view when opened from elsewhere (an alert, the host), unless the list holds still.
      if (i >= 0 && !this.hold.holding) this.scrollIntoRange(i);
    }
  }

  private pruneSelection(): void {
    // Before the first snapshot the list is empty: a selection given early is kept.
    const c = this.client;
    if (this.selection.length === 0 || !c?.$ready.get()) return;
    // What the selection holds, looked up (a binary search each), not a set of every row.
    const kept = this.selection.filter((id) => c.listIndexOf(id) >= 0);
    if (kept.length !== this.selection.length) this.setSelection(kept);
  }

  private setSelection(ids: readonly Id[]): void {
    this.selection = ids;
    this.picked.sync(ids);
    if (ids.length === 0) this.bulk.value?.close();
    this.emit<DialogSelectionChangeDetail>('dialog-selection-change', { selection: [...ids] });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.toggleAttribute('selecting', this.selection.length > 0);
    // After this update (a page asked for changes the list state, which renders again).
    queueMicrotask(() => this.hold.loadAhead(this.win.lastOnScreen + LOAD_AHEAD));
  }

  private onScroll = (e: Event): void => {
    const first = this.win.scrolled((e.currentTarget as HTMLElement).scrollTop);
    if (first !== this.firstVisible) this.firstVisible = first;
    // Past the held rows: take the list as it is now (and load what is below).
    if (this.hold.pastHeld(first, MAX_ROWS)) {
      this.hold.release();
      if (this.hold.holding) this.hold.freeze();
    }
  };

  private scrollIntoRange(index: number): void {
    const first = this.win.scrollIntoRange(index);
    if (first !== null) this.firstVisible = first;
  }

  private async focusRow(index: number): Promise<void> {
    const rows = this.hold.displayed;
    const i = Math.max(0, Math.min(index, rows.length - 1));
    const d = rows.at(i);
    if (!d) return;
    this.focusId = d.id;
    this.scrollIntoRange(i);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[role="option"][data-id="${CSS.escape(d.id)}"]`)?.focus({ preventScroll: true });
  }

  /** Opens a dialog: `dialog-select` (cancelable), then `client.openDialog`. */
  private open(id: Id): void {
    const messageId = this.client?.listHit(id)?.messageId;
    if (!this.emit<DialogSelectDetail>('dialog-select', messageId ? { dialogId: id, messageId } : { dialogId: id }, true)) return;
    void this.client?.openDialog(id).catch(() => undefined);
  }

  private toggle(id: Id, range = false): void {
    this.picked.toggle(this.selection, this.hold.displayed, id, range);
  }

  private selectAll(on: boolean): void {
    // The loaded rows (what the operator has seen), not rows still on the server.
    this.setSelection(on ? this.dialogIds : []);
  }

  private onListClick = (e: MouseEvent): void => listClick(this.listKeys, e);
  private onListKeydown = (e: KeyboardEvent): void => listKeydown(this.listKeys, e);

  /**
   * End: the last row. Rows not loaded yet are loaded first, up to {@link END_LOAD_LIMIT} (past
   * that, the last loaded row: the window is a prefix, docs/lists-at-scale.md).
   */
  private async focusEnd(): Promise<void> {
    await this.hold.loadToEnd(END_LOAD_LIMIT);
    await this.focusRow(this.hold.displayed.length - 1);
  }

  /** Type-ahead: to the next row whose client's name starts with the letters typed. */
  private onTypeahead(e: KeyboardEvent, index: number): void {
    const c = this.client;
    if (!c || (this.keys.matches(e, 'help') && !this.typeahead.active)) return;
    const rows = this.hold.displayed;
    const ctx = this.rowContext(c, c.now());
    const to = this.typeahead.find(e, index, rows, (i) => clientName(ctx, rows.at(i)!));
    if (to !== null) void this.focusRow(to);
  }

  private rowContext(c: ChatClient, now: number) {
    return this.rows.context(c, now, this.currentLocale, this.picked.ids, this.hold.atLeast ? -1 : this.hold.totalRows, this.win.rowHeight);
  }

  protected override render(): TemplateResult {
    const c = this.client;
    if (!c) {
      return html`<div class="state" part="empty" role="status">${this.tc('notConnected')}</div>`;
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

    const host = this.bar.panelHost(c, { query: q, settings, me, operators, channels, bots, tagsById });
    const view = this.bar.view(c);
    return html`
      ${guard([this.toolbarEpoch], () => this.bar.render(view, host))}
      <div class="body" @pointerenter=${this.hold.onPointerEnter} @pointerleave=${this.hold.onPointerLeave}>
        ${ready ? this.renderList(c, q, view) : renderLoading(view)}
        ${this.bar.renderPanel(host)}
      </div>
      ${this.live.render()}
      ${this.bulk.value?.render() ?? nothing} ${this.keys.managed ? nothing : this.help.render(['list', 'help'], this.keys.all, this.currentLocale)}
    `;
  }

  private renderList(c: ChatClient, q: DialogQuery, view: ToolbarView): TemplateResult {
    const n = this.hold.totalRows;
    const ctx = this.rowContext(c, c.now());
    ctx.tabStopId = this.hold.tabStop(ctx.activeId);
    const { held, updatedHeld } = this.hold;
    return html`
      ${held > 0 || updatedHeld > 0 ? renderNewItems(this.t, held, updatedHeld, this.showNew) : nothing}
      <div class="viewport" part="list" .inert=${this.bar.panelOpen} @scroll=${this.onScroll}>
        ${
          n === 0
            ? this.hold.state?.loading && !this.hold.state.complete
              ? renderLoading(view)
              : renderEmpty(view, q)
            : renderListbox({
                ctx,
                rows: this.hold.displayed,
                total: n,
                win: this.win,
                host: this,
                focusedId: (this.shadowRoot?.activeElement as HTMLElement | null)?.dataset['id'] ?? null,
                slots: this.rows.slots,
                answer: this.hold.state?.query,
                busy: !!this.hold.state?.loading,
                label: this.t('listLabel'),
                onClick: this.onListClick,
                onKeydown: this.onListKeydown,
                onFocusIn: this.hold.onFocusIn,
                onFocusOut: this.hold.onFocusOut,
              })
        }
      </div>
      <p id="list-hint" class="visually-hidden">${this.t('listHint')}</p>
    `;
  }

  private showNew = (): void => {
    this.hold.letGo();
    this.win.scrollToTop();
    void this.focusRow(0);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'dialog-list': DialogList;
  }
}
