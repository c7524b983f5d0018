/**
 * The rows part of `<dialog-list>`: the row context (lookups kept between renders), cached
 * translations with numbers, and the listbox template (the rows on screen, placeholders for rows
 * still loading, and the row holding the tab stop).
 */
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatClient } from '../../sdk/client.js';
import type { Bot, Dialog, Id, Operator } from '../../sdk/model.js';
import { effectiveSort } from '../../sdk/rules/query.js';
import type { Locale } from '../i18n.js';
import type { FixedRowWindow } from '../internal/fixed-rows.js';
import { renderRow, warmTimes, type ListKey, type RowContext } from './dialog-row.js';
import type { Rows } from './hold-still.js';

type Params = Record<string, string | number>;

/** The list's translations and row context, kept between renders. */
export class RowContexts {
  /** Translations with numbers, kept: `translate` builds an `Intl.NumberFormat` per number. */
  private trCache = new Map<string, string>();
  private trLocale: string | undefined;
  private opsCache: { src: readonly Operator[]; map: Map<Id, Operator> } | undefined;
  private botsCache: { src: readonly Bot[]; map: Map<Id, Bot> } | undefined;
  /** The row elements' slots. */
  readonly slots = new RowSlots();
  /** The locale whose time formats are built (or asked for, when the page is idle). */
  private warmed: Locale | undefined;

  constructor(
    private readonly translate: (key: ListKey, params?: Params) => string,
    private readonly stringsKey: () => string,
  ) {}

  readonly t = (key: ListKey, params?: Params): string => {
    if (!params) return this.translate(key);
    const locale = this.stringsKey();
    if (locale !== this.trLocale || this.trCache.size > 5000) {
      this.trCache.clear();
      this.trLocale = locale;
    }
    let k = key as string;
    for (const v of Object.values(params)) k += `\u0001${v}`;
    let text = this.trCache.get(k);
    if (text === undefined) {
      text = this.translate(key, params);
      this.trCache.set(k, text);
    }
    return text;
  };

  /** What a row reads, at `now`. */
  context(c: ChatClient, now: number, locale: Locale, selected: ReadonlySet<Id>, setSize: number, rowHeight: number): RowContext {
    const ops = c.$operators.get();
    if (this.opsCache?.src !== ops) this.opsCache = { src: ops, map: new Map(ops.map((o) => [o.id, o])) };
    const bots = c.$bots.get();
    if (this.botsCache?.src !== bots) this.botsCache = { src: bots, map: new Map(bots.map((b) => [b.id, b])) };
    const settings = c.$settings.get();
    if (this.warmed !== locale) {
      this.warmed = locale;
      const warm = () => warmTimes(locale, c.now());
      if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 2000 });
      else setTimeout(warm, 200);
    }
    return {
      locale,
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
      selected,
      tabStopId: null,
      setSize,
      rowHeight,
    };
  }
}

/**
 * Slots of the row elements: a dialog keeps its slot (its element) while its row is drawn. A row
 * that comes in takes the slot of a row that left only where that moves no element: rows that
 * come in between the same two staying rows (or before the first, after the last) as rows that
 * left take their slots in order, so DOM order stays row order and lit fills the elements where
 * they stand. A jump (no row stays: a scrollbar drag, a far scroll back, a new answer) fills every
 * element in place; a scroll by a few rows adds rows at one edge and removes them at the other
 * (handing them over would move them across the list, and a move costs more than a new row).
 * When the staying rows changed order (a live reorder), a row that comes in at the position where
 * a row left takes its slot. (Issue 13, scroll profile.) A new answer (another query: a filter or
 * sort change) takes the slots by position: the n-th row drawn takes the n-th element, whether its
 * dialog was drawn before or not, so no element is made, removed or moved (making the rows that
 * came in between rows that stayed was most of a local filter change's DOM work).
 */
export class RowSlots {
  /** The slot of each drawn dialog, its row index and its place in the drawn order. */
  private slotOf = new Map<Id, { slot: number; i: number; at: number }>();
  private next = 0;
  /** The answer drawn last (its query): another one is filled by position. */
  private answer: unknown;

  /** From a new answer's first render to the next frame: the rows past the screen are not rendered yet. */
  deferring = false;

  /** Whether `answer` is not the one drawn last (a new query's rows; the first rows drawn). */
  isNew(answer: unknown): boolean {
    return answer !== this.answer;
  }

  /**
   * Gives every row of this render a slot (those drawn before keep theirs). The slot of `focused`,
   * when its row leaves, is not reused: its element goes, so the list sees focus leave with it.
   */
  assign(rows: ReadonlyArray<{ d: Dialog; i: number }>, focused: Id | null, answer?: unknown): ReadonlyMap<Id, { slot: number; i: number }> {
    const prev = this.slotOf;
    const fresh = answer !== this.answer && prev.size > 0;
    this.answer = answer;
    if (fresh) return (this.slotOf = this.byPosition(rows, focused));
    // The drawn order before: staying rows' places, and the freed slots between them.
    const stay: number[] = [];
    for (const r of rows) {
      const p = prev.get(r.d.id);
      if (p) stay.push(p.at);
    }
    let ordered = true;
    for (let k = 1; k < stay.length; k++) if (stay[k]! < stay[k - 1]!) ordered = false;
    const drawn = new Set<Id>();
    for (const r of rows) drawn.add(r.d.id);
    const freed: Array<{ slot: number; i: number; at: number }> = [];
    for (const [id, p] of prev) if (!drawn.has(id) && id !== focused) freed.push(p);
    freed.sort((a, b) => a.at - b.at);
    const next = new Map<Id, { slot: number; i: number; at: number }>();
    if (ordered) {
      // Walk both orders at once: rows coming in before the next staying row take the slots freed before it.
      let f = 0;
      let s = 0;
      for (let at = 0; at < rows.length; at++) {
        const { d, i } = rows[at]!;
        const p = prev.get(d.id);
        if (p) {
          // Slots freed before this staying row are of no use after it.
          while (f < freed.length && freed[f]!.at < p.at) f++;
          s++;
          next.set(d.id, { slot: p.slot, i, at });
          continue;
        }
        const bound = s < stay.length ? stay[s]! : Infinity;
        const take = f < freed.length && freed[f]!.at < bound ? freed[f++]!.slot : this.next++;
        next.set(d.id, { slot: take, i, at });
      }
    } else {
      const byIndex = new Map<number, number>();
      for (const p of freed) byIndex.set(p.i, p.slot);
      rows.forEach(({ d, i }, at) => next.set(d.id, { slot: prev.get(d.id)?.slot ?? byIndex.get(i) ?? this.next++, i, at }));
    }
    this.slotOf = next;
    return next;
  }

  /** A new answer: the n-th row takes the n-th slot drawn before (a focused dialog keeps its own; its slot goes to no other). */
  private byPosition(rows: ReadonlyArray<{ d: Dialog; i: number }>, focused: Id | null): Map<Id, { slot: number; i: number; at: number }> {
    const prev = this.slotOf;
    const kept = focused !== null ? prev.get(focused) : undefined;
    const pool = [...prev.values()].filter((p) => p !== kept).sort((a, b) => a.at - b.at);
    const next = new Map<Id, { slot: number; i: number; at: number }>();
    let f = 0;
    rows.forEach(({ d, i }, at) => next.set(d.id, { slot: kept && d.id === focused ? kept.slot : f < pool.length ? pool[f++]!.slot : this.next++, i, at }));
    return next;
  }
}

/** What the listbox template needs. */
export interface ListboxView {
  ctx: RowContext;
  rows: Rows;
  /** Rows of the whole answer (the canvas height). */
  total: number;
  /** The rows on screen and past its edges (which to draw), the row height. */
  win: Pick<FixedRowWindow, 'range' | 'rowHeight' | 'scrollPos' | 'lastOnScreen'>;
  /** The list: renders again for the rows past the screen, a frame after a new answer's first. */
  host: ReactiveControllerHost;
  /** The dialog whose row has focus now, if any (its row element must not be reused for another dialog). */
  focusedId: Id | null;
  /** The row elements' slots, kept between renders. */
  slots: RowSlots;
  /** The answer the rows are of (its query): when it changes, the row elements are filled by position. */
  answer: unknown;
  busy: boolean;
  label: string;
  onClick(e: MouseEvent): void;
  onKeydown(e: KeyboardEvent): void;
  onFocusIn(e: FocusEvent): void;
  onFocusOut(e: FocusEvent): void;
}

/**
 * Rows past the screen's edges are drawn too (a scroll by a few rows then finds them there), but
 * in the frame of a new answer (a sort or filter change, the first rows) their content is not
 * rendered (`later`: `content-visibility: hidden`, no style, layout or paint inside them, and no
 * element added or removed), and the next frame renders it: every row drawn in that frame is
 * filled anew, and these are ones nobody sees before a scroll (issue 13: a local sort or filter
 * change in one frame). Answers the rows on screen while that lasts, otherwise null.
 */
function onScreen(v: ListboxView, first: number): { first: number; last: number } | null {
  const slots = v.slots;
  if (first >= 0 && slots.isNew(v.answer) && !slots.deferring) {
    // Until that frame, every render of the list (another may follow in the same one) defers the rows past the screen.
    slots.deferring = true;
    requestAnimationFrame(() => {
      slots.deferring = false;
      v.host.requestUpdate();
    });
  }
  return slots.deferring ? { first: Math.floor(v.win.scrollPos / v.win.rowHeight), last: v.win.lastOnScreen - 1 } : null;
}

export function renderListbox(v: ListboxView): TemplateResult {
  const { ctx, rows: list, total: n } = v;
  const h = v.win.rowHeight;
  const { first, last } = v.win.range(n);
  const screen = onScreen(v, first);
  const tabStop = ctx.tabStopId;
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
  const minute = Math.floor(ctx.now / 60_000);
  const row = (d: Dialog, i: number) => {
    const client = d.clientId ? ctx.clients.get(d.clientId) : undefined;
    const later = screen !== null && (i < screen.first || i > screen.last) && d.id !== tabStop;
    return guard(
      [
        d,
        client,
        ctx.reads.get(d.id),
        ctx.drafts[d.id],
        ctx.hit(d.id),
        ctx.selected.has(d.id),
        ctx.activeId === d.id,
        tabStop === d.id,
        i,
        h,
        n,
        minute,
        ctx.locale,
        ctx.operators,
        ctx.bots,
        ctx.channels,
        ctx.tags,
        ctx.settings,
        ctx.processing,
        ctx.me,
        later,
      ],
      () => renderRow(ctx, d, i, later),
    );
  };
  // Row elements are reused: a row is keyed by its slot, kept while the row is drawn; a row that
  // comes in where one left (a new answer) takes its slot, so lit updates the values that differ in
  // an element that exists, and none moves (a scroll adds rows at one edge and removes them at the other).
  const slotOf = v.slots.assign(items, v.focusedId, v.answer);
  return html`<div
    class="canvas"
    role="listbox"
    aria-label=${v.label}
    aria-multiselectable="true"
    aria-describedby="list-hint"
    aria-busy=${v.busy ? 'true' : 'false'}
    style="height: ${n * h}px"
    @click=${v.onClick}
    @keydown=${v.onKeydown}
    @focusin=${v.onFocusIn}
    @focusout=${v.onFocusOut}
  >
    ${repeat(
      items,
      (it) => slotOf.get(it.d.id)!.slot,
      (it) => row(it.d, it.i),
    )}
    ${waiting.map((i) => html`<div class="row placeholder" part="row-placeholder" aria-hidden="true" style="transform: translateY(${i * h}px)"></div>`)}
  </div>`;
}
