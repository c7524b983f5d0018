/**
 * Hold-still of `<dialog-list>`: while the operator's pointer or keyboard focus is in the list,
 * rows keep their order (content stays fresh, rows that left go, new ones are counted); when the
 * operator leaves, or asks for it, the list takes the current order. Each update while holding
 * costs the held rows, never a pass over the whole answer.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
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

export class HoldStill implements ReactiveController {
  /** The pointer is over the list. */
  pointerInside = false;
  /** Keyboard focus (visible focus) is in the list. */
  keyboardInside = false;
  /** What is drawn: the client's window, or, while held, the previous order with fresh content. */
  displayed: Rows = NO_ROWS;
  /** Rows of the whole answer (the scrollbar); the held rows while holding. */
  totalRows = 0;
  /** Dialogs that came in while holding. */
  held = 0;
  /** Held rows whose place in the current order is not the one shown (new activity while holding). */
  updatedHeld = 0;
  /** Rows of the answer not loaded when the list started holding still. */
  private heldUnloaded = 0;
  /** The sort key of each held row when holding started: a row whose key moved has changed places. */
  private frozenKeys = new Map<Id, SortKey>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
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
  freeze(c: ChatClient | undefined, end: number): void {
    if (!c || this.frozen) return;
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
  release(c: ChatClient | undefined): void {
    if (!c || !this.frozen) return;
    const state = c.$listState.get();
    this.live(c, state.loaded, state.total ?? state.loaded);
    this.frozenKeys.clear();
    this.host.requestUpdate();
  }
}
