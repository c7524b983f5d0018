/**
 * Hold-still of `<dialog-list>`: while the operator's pointer or keyboard focus is in the list,
 * rows keep their order (content stays fresh, rows that left go, new ones are counted); when the
 * operator leaves, or asks for it, the list takes the current order. Each update while holding
 * costs the held rows, never a pass over the whole answer.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { ListState } from '../../sdk/list/list-model.js';
import type { ChatSettings, Dialog, Id } from '../../sdk/model.js';
import { compareKeys, sortKey, type DialogQuery, type SortKey } from '../../sdk/rules/query.js';

/** The rows the list draws, by index: the client's window, or the held order. */
export interface Rows {
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

/** What a refresh of the held rows found. */
export interface HeldChange {
  /** Held rows above `anchor` that left the list (the scroll position moves up by them). */
  removedAbove: number;
  /** Dialogs that came in since the last refresh. */
  added: number;
  /** Held dialogs that changed places since the last refresh. */
  moved: number;
}

/** What the list does for hold-still. */
export interface HoldListHost {
  client(): ChatClient | undefined;
  /** Where holding still stops: a screen below the last row shown. */
  freezeEnd(): number;
  /** The last row on screen. */
  lastOnScreen(): number;
  /** The first row on screen. */
  anchor(): number;
  /** Rows above the screen left: the scroll position moves up by this many rows. */
  shift(rows: number): void;
  /** The row with keyboard focus (the tab stop), and setting it. */
  focusId(): Id | null;
  setFocusId(id: Id): void;
  focusRow(index: number): Promise<void>;
  /** Dialogs came in (`added`) or changed places (`moved`): said politely. */
  announce(added: number, moved: number): void;
  /** The operator's own change was answered with `count` dialogs (`atLeast`: a search's capped count, L6). */
  announceCount(count: number, atLeast: boolean): void;
}

export class HoldStill implements ReactiveController {
  /** The pointer is over the list. */
  pointerInside = false;
  /** Keyboard focus (visible focus) is in the list. */
  keyboardInside = false;
  /** What is drawn: the client's window, or, while held, the previous order with fresh content. */
  displayed: Rows = NO_ROWS;
  /** Rows of the whole answer (the scrollbar); the held rows while holding. */
  totalRows = 0;
  /** `totalRows` is a lower bound (a search's capped count, L6): the set size is unknown. */
  atLeast = false;
  /** Dialogs that came in while holding. */
  held = 0;
  /** Held rows whose place in the current order is not the one shown (new activity while holding). */
  updatedHeld = 0;
  /** Rows of the answer not loaded when the list started holding still. */
  private heldUnloaded = 0;
  /** The sort key of each held row when holding started: a row whose key moved has changed places. */
  private frozenKeys = new Map<Id, SortKey>();

  private lastFresh: ListState | undefined;
  private lastQuery: DialogQuery | undefined;
  private lastSettings: ChatSettings | undefined;
  private wasReady = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly list: HoldListHost,
  ) {
    host.addController(this);
  }

  /** The list state last taken. */
  get state(): ListState | undefined {
    return this.lastFresh;
  }

  /** Whether `fresh` is the state taken already. */
  isCurrent(fresh: ListState): boolean {
    return fresh === this.lastFresh;
  }

  /** Takes the client's list state: live, or (holding) the held order refreshed. */
  reconcile(c: ChatClient, fresh: ListState, q: DialogQuery, settings: ChatSettings): void {
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
    this.atLeast = fresh.totalAtLeast;
    const total = fresh.total ?? fresh.loaded;
    if (first || userChange || !this.holding || !this.canHold(fresh.loaded)) {
      // Dialogs that came in (announced politely): what the total grew by, no pass over the rows.
      // A capped total (L6) grows as pages load: that is not dialogs coming in.
      if (!first && !userChange && prev && prev.query === fresh.query && prev.total !== null && !prev.totalAtLeast && !fresh.totalAtLeast && total > prev.total)
        this.list.announce(total - prev.total, 0);
      if (!first && userChange && fresh.query === q && !fresh.loading) this.list.announceCount(total, fresh.totalAtLeast);
      this.live(c, fresh.loaded, total);
    } else {
      // Hold still: keep the order (taken when holding started: rows up to a screen below the
      // last one shown), refresh content, drop what left, count what is new.
      // Not held yet (the rows on screen were loading): hold the rows as they are now.
      if (!this.frozen) this.live(c, fresh.loaded, total);
      const change = this.refresh(c, total, q, settings, this.list.anchor(), this.list.freezeEnd());
      if (change.removedAbove) this.list.shift(change.removedAbove);
      if (change.added > 0 || change.moved > 0) this.list.announce(change.added, change.moved);
    }
  }

  /** Taken out of the page: no pointer or focus is in it any more (no leave event follows). */
  hostDisconnected(): void {
    this.pointerInside = false;
    this.keyboardInside = false;
  }

  /** Whether the list holds still (pointer over it, or keyboard focus in it). */
  get holding(): boolean {
    return this.pointerInside || this.keyboardInside;
  }

  /**
   * Whether there is an order to hold: the rows on screen are loaded. Scrolled past them (a wheel
   * or the scrollbar under the pointer), the list stays live, so their pages load and draw; it
   * holds again once they are in.
   */
  private canHold(loaded: number): boolean {
    return this.frozen || this.list.lastOnScreen() < loaded || this.totalRows <= loaded;
  }

  /** Whether the drawn rows are the held order. */
  get frozen(): boolean {
    return this.displayed instanceof HeldRows;
  }

  /** Whether scrolling past the held rows should take the current order (rows below were not loaded). */
  pastHeld(first: number, maxRows: number): boolean {
    return this.frozen && first + maxRows > this.displayed.length && this.heldUnloaded > 0;
  }

  /** Nothing drawn (another client). */
  reset(): void {
    this.displayed = NO_ROWS;
    this.totalRows = 0;
    this.held = 0;
    this.lastFresh = undefined;
    this.lastQuery = undefined;
    this.wasReady = false;
  }

  /** Draws the client's window as it is. */
  live(c: ChatClient, loaded: number, total: number): void {
    this.displayed = windowRows(c, loaded);
    this.totalRows = total;
    this.held = 0;
    this.updatedHeld = 0;
  }

  /**
   * Holding: keeps the order, refreshes content, drops what left, counts what is new. `anchor` is
   * the first row on screen.
   */
  refresh(c: ChatClient, total: number, q: DialogQuery, settings: ChatSettings, anchor: number, end: number): HeldChange {
    if (!this.frozen) this.freeze(c, end);
    if (!this.frozen) return { removedAbove: 0, added: 0, moved: 0 };
    const was = (this.displayed as HeldRows).rows;
    const dialogs = c.$dialogs.get();
    const next: Dialog[] = [];
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
    return { removedAbove, added: Math.max(0, this.held - before), moved: Math.max(0, this.updatedHeld - updatedBefore) };
  }

  /** Starts holding still: takes the order of the rows down to `end` (a screen below the last one shown). */
  freeze(c: ChatClient | undefined = this.list.client(), end = this.list.freezeEnd()): void {
    if (!c || this.frozen || !this.canHold(this.displayed.length)) return;
    const last = Math.min(this.displayed.length, end);
    this.heldUnloaded = Math.max(0, this.totalRows - last);
    const rows = c.listRows(0, last);
    this.displayed = new HeldRows(rows);
    const sort = c.$query.get().sort;
    const settings = c.$settings.get();
    this.frozenKeys = new Map(rows.map((d) => [d.id, sortKey(d, sort, settings)]));
    this.updatedHeld = 0;
  }

  /** Shows held rows: the list takes the current order. */
  release(c: ChatClient | undefined = this.list.client()): void {
    if (!c || !this.frozen) return;
    const state = c.$listState.get();
    this.live(c, state.loaded, state.total ?? state.loaded);
    this.frozenKeys.clear();
    this.host.requestUpdate();
  }

  /** Asks for the pages up to row `until` when they are not loaded (not while holding). */
  loadAhead(until: number): void {
    const c = this.list.client();
    const state = this.lastFresh;
    if (!c || !state || state.complete || state.loading || state.error || this.frozen) return;
    if (until > state.loaded) void c.loadDialogsUntil(until).catch(() => undefined);
  }

  /** End: the list takes its current order and loads the rows down to the last one (at most `limit`). */
  async loadToEnd(limit: number): Promise<void> {
    const c = this.list.client();
    const st = c?.$listState.get();
    if (!c || !st || st.complete) return;
    this.letGo();
    await c.loadDialogsUntil(Math.min(st.total ?? st.loaded, limit) - 1).catch(() => undefined);
    await this.host.updateComplete;
  }

  /** The row holding the tab stop: the focused one, else the open dialog's, else the first. */
  tabStop(activeId: Id | null): Id | null {
    const list = this.displayed;
    const focusId = this.list.focusId();
    if (focusId && list.indexOf(focusId) >= 0) return focusId;
    if (activeId && list.indexOf(activeId) >= 0) return activeId;
    return list.at(0)?.id ?? null;
  }

  /** The operator asked for the current order (End, "N new"): not holding any more. */
  letGo(): void {
    this.pointerInside = false;
    this.keyboardInside = false;
    this.release();
  }

  readonly onPointerEnter = (): void => {
    this.pointerInside = true;
    this.freeze();
  };

  readonly onPointerLeave = (): void => {
    this.pointerInside = false;
    if (!this.keyboardInside) this.release();
  };

  // Focus events also fire while the list commits (a focused row removed): their state changes
  // wait for a microtask, so they never land inside an update.
  readonly onFocusIn = (e: FocusEvent): void => {
    const row = (e.target as Element).closest<HTMLElement>('[role="option"]');
    if (!row) return;
    const id = row.dataset['id'];
    const visible = row.matches(':focus-visible');
    queueMicrotask(() => {
      if (id && id !== this.list.focusId()) this.list.setFocusId(id);
      this.keyboardInside = visible;
      if (visible) this.freeze();
    });
  };

  readonly onFocusOut = (e: FocusEvent): void => {
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
      const rows = this.displayed;
      const left = !!row && !row.isConnected && id === this.list.focusId() && rows.indexOf(id ?? '') < 0;
      if (!to && left && keyboard && rows.length > 0) {
        void this.list.focusRow(Math.min(index, rows.length - 1));
        return;
      }
      this.keyboardInside = false;
      if (!this.pointerInside) this.release();
    });
  };
}
