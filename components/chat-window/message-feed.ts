/**
 * The message feed of `<chat-window>`: a virtualized, end-anchored list (the DOM holds what is
 * on screen, not the whole history). Older pages are prepended without moving what the operator
 * reads (the shared {@link WindowController} anchors the row at the top of the viewport); new
 * messages follow the bottom only when the operator is there, otherwise they are counted for a
 * "new messages" marker.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Message } from '../../sdk/model.js';
import { icons } from '../icons.js';
import { WindowController } from '../internal/windowing.js';
import { renderMessage, type MessageOffers } from './message-bubble.js';
import { buildRows, dayLabel, estimateRow, lastIndexOf, type FeedChange, type FeedRow, type TopState } from './feed-rows.js';
import type { ChatView } from './view.js';

export { buildRows, dayLabel, estimateRow, TOP_ROW_HEIGHT, type FeedChange, type FeedRow, type TopState } from './feed-rows.js';

const templates = new WeakMap<Message, { key: string; result: TemplateResult }>();

/** What {@link FeedController.render} needs beyond the rows. */
export interface FeedRenderContext {
  view: ChatView;
  top: TopState;
  /** Whether the first page is still loading (nothing to show yet). */
  loadingFirst: boolean;
  /** Total messages of the dialog (aria-setsize). */
  total: number;
  offers(m: Message): MessageOffers;
  broken: ReadonlySet<string>;
  /** Changes whenever something the rows show changes beyond the rows themselves. */
  version: unknown;
  onTop(): void;
  onClick(e: Event): void;
  onKeydown(e: KeyboardEvent): void;
  onFocusin(e: FocusEvent): void;
  onMediaError(e: Event): void;
}

/** What the feed needs from its host element. */
export interface FeedHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** Callbacks of the feed. */
export interface FeedCallbacks {
  /** The operator neared the top: load an older page if there is one. */
  nearTop(): void;
  /** The operator reached or left the bottom. */
  atEndChanged(atEnd: boolean): void;
}

/** Messages of the store given to the window when a dialog opens (the newest). */
const INITIAL_WINDOW = 150;
/** How many more the window takes each time the operator nears its top. */
const WINDOW_STEP = 150;
/** While following the bottom, a window longer than this is trimmed to {@link TRIM_TO}. */
const TRIM_AT = 600;
const TRIM_TO = 300;

/** Distance from the top, in px, at which the next older page is requested. */
const LOAD_AHEAD_PX = 800;
/** Distance from the bottom, in px, that still counts as "at the bottom". */
const END_THRESHOLD_PX = 64;

/**
 * Keeps the window in step with a dialog's feed and tracks the operator's position:
 * at the bottom or not, new messages unseen, which article holds the roving tab stop.
 */
export class FeedController implements ReactiveController {
  readonly window: WindowController;
  /** The current rows (top row first). */
  rows: FeedRow[] = [buildRows([])[0]!];
  /** The dialog the rows belong to. */
  dialogId: string | null = null;
  /**
   * Whether the feed follows the bottom: true at the bottom, false once the operator scrolled up
   * (new messages then wait below, counted in `unseen`).
   */
  atEnd = true;
  /** New messages from others that arrived while the operator was not at the bottom. */
  unseen = 0;
  /** The key of the article that holds the feed's tab stop. */
  focusKey: string | null = null;
  /** A message briefly highlighted (reached from a quote). */
  highlightKey: string | null = null;
  /** Width used for estimates (px). */
  bubbleWidth = 420;
  /** The scroll container, set by the template. */
  scroller: HTMLElement | null = null;

  private messagesRef: readonly Message[] | null = null;
  /**
   * The rows cover a window of the store's messages, from `windowStart` to the newest, so that
   * opening a dialog, and every new message, costs the window and not the whole history.
   */
  private windowStart = 0;
  private windowFirst: string | null = null;
  private windowAtStart = false;
  private failed = new Set<string>();
  private pendingEnd = false;
  private initialDone = false;
  private settling = false;
  private generation = 0;
  private highlightTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: FeedHost,
    private readonly callbacks: FeedCallbacks,
  ) {
    // Registered before this controller, so its hostUpdated (sizes, pending scroll) runs first.
    this.window = new WindowController(host, { overscan: 6, endThreshold: END_THRESHOLD_PX, onChange: () => this.onChange() });
    host.addController(this);
  }

  /** Whether the first page is shown and scrolled to the end. */
  get ready(): boolean {
    return this.initialDone;
  }

  /**
   * Brings the rows in step with a dialog's messages. Call before rendering. Returns what
   * changed at the end of the feed (for announcements and the "new messages" marker).
   */
  sync(dialogId: string | null, messages: readonly Message[], loaded: boolean, meId: string | null): FeedChange {
    const change: FeedChange = { appended: [], newlyFailed: [], initial: false };
    if (dialogId !== this.dialogId) {
      this.dialogId = dialogId;
      this.messagesRef = null;
      this.failed.clear();
      this.unseen = 0;
      this.atEnd = true;
      this.focusKey = null;
      this.highlightKey = null;
      this.initialDone = false;
      this.settling = false;
      this.generation++;
      this.windowFirst = null;
      this.windowStart = 0;
      this.windowAtStart = false;
      this.window.reset();
      this.setRows(buildRows([]));
    }
    if (messages === this.messagesRef) return change;
    const prev = this.messagesRef;
    this.messagesRef = messages;
    if (!loaded && messages.length === 0) {
      this.setRows(buildRows([]));
      return change;
    }
    const prevLast = prev && prev.length > 0 ? prev[prev.length - 1]! : null;
    if (!this.initialDone || !prev || prev.length === 0) {
      change.initial = !this.initialDone;
      for (let i = Math.max(0, messages.length - 500); i < messages.length; i++) if (messages[i]!.status?.state === 'failed') this.failed.add(messages[i]!.id);
      this.pendingEnd = true;
    } else {
      // Messages after the previous last one are new at the end; earlier ones are history.
      let start = messages.length;
      if (prevLast) {
        for (let i = messages.length - 1; i >= Math.max(0, messages.length - 500); i--) {
          if (messages[i]!.id === prevLast.id) {
            start = i + 1;
            break;
          }
        }
        if (start === messages.length && messages[messages.length - 1]!.id !== prevLast.id) start = messages.length;
      }
      change.appended = messages.slice(start);
      // Failures show up near the end; look at the recent tail only.
      for (let i = Math.max(0, messages.length - 200); i < messages.length; i++) {
        const m = messages[i]!;
        if (m.status?.state === 'failed' && !this.failed.has(m.id)) {
          this.failed.add(m.id);
          change.newlyFailed.push(m);
        }
      }
      const mine = change.appended.some((m) => m.author.kind === 'operator' && m.author.id === meId);
      if (mine && !this.atEnd) this.setFollowing(true);
      if (change.appended.length && this.atEnd) this.pendingEnd = true;
      else this.unseen += change.appended.filter((m) => !(m.author.kind === 'operator' && m.author.id === meId)).length;
    }
    this.applyWindow(messages);
    return change;
  }

  /** Whether older messages of the store are outside the rows (the window can grow upwards). */
  get hasHidden(): boolean {
    return this.windowStart > 0;
  }

  private applyWindow(messages: readonly Message[]): void {
    let start = -1;
    if (this.windowFirst !== null) {
      if (this.windowAtStart) start = 0;
      else start = lastIndexOf(messages, this.windowFirst);
    }
    if (start < 0) start = Math.max(0, messages.length - INITIAL_WINDOW);
    if (this.atEnd && messages.length - start > TRIM_AT) start = messages.length - TRIM_TO;
    this.setWindow(messages, start);
  }

  private setWindow(messages: readonly Message[], start: number): void {
    this.windowStart = start;
    this.windowFirst = messages[start]?.id ?? null;
    this.windowAtStart = start === 0;
    this.setRows(buildRows(start === 0 ? messages : messages.slice(start)));
  }

  /** Grows the window upwards by a step; false when it already starts at the oldest loaded message. */
  extendWindow(): boolean {
    const messages = this.messagesRef;
    if (!messages || this.windowStart === 0) return false;
    this.setWindow(messages, Math.max(0, this.windowStart - WINDOW_STEP));
    this.host.requestUpdate();
    return true;
  }

  /** Makes a loaded message part of the rows (growing the window); false when it is not in the store. */
  include(messageId: string): boolean {
    if (this.indexOf(messageId) >= 0) return true;
    const messages = this.messagesRef;
    const i = messages ? lastIndexOf(messages, messageId) : -1;
    if (!messages || i < 0) return false;
    this.setWindow(messages, Math.max(0, i - 20));
    this.host.requestUpdate();
    return true;
  }

  private setRows(rows: FeedRow[]): void {
    this.rows = rows;
    const width = this.scroller?.clientWidth;
    if (width) this.bubbleWidth = Math.min(560, Math.max(200, width * 0.72));
    const bubble = this.bubbleWidth;
    this.window.setRows({ count: rows.length, keyOf: (i) => rows[i]?.key ?? String(i), estimate: (i) => estimateRow(rows[i], bubble) });
  }

  /** Scrolls to the newest message and clears the "new messages" marker. */
  scrollToEnd(): void {
    if (!this.atEnd) this.setFollowing(true);
    this.unseen = 0;
    this.window.scrollToEnd();
  }

  /** The row index of a message, or -1 when it is not loaded. */
  indexOf(messageId: string): number {
    return this.rows.findIndex((r) => r.key === messageId);
  }

  /** Scrolls a loaded message into view, highlights it and moves the tab stop to it. Resolves with its article. */
  async reveal(messageId: string, { highlight = true, focus = true } = {}): Promise<HTMLElement | null> {
    const index = this.indexOf(messageId);
    if (index < 0) return null;
    this.focusKey = messageId;
    // Asked for before the first scroll to the end settled (L6: a search result): the message wins over the settling.
    if (!this.initialDone) {
      this.initialDone = true;
      this.settling = false;
      this.pendingEnd = false;
    }
    // Going to an earlier message: new ones must not pull the operator back down.
    if (index < this.rows.length - 1 && this.atEnd) this.setFollowing(false);
    if (highlight) {
      this.highlightKey = messageId;
      clearTimeout(this.highlightTimer);
      this.highlightTimer = setTimeout(() => {
        this.highlightKey = null;
        this.host.requestUpdate();
      }, 1600);
    }
    this.window.scrollToIndex(index, { align: 'center' });
    this.host.requestUpdate();
    for (let i = 0; i < 10; i++) {
      await this.host.updateComplete;
      await new Promise((r) => requestAnimationFrame(r));
      const el = this.articleFor(messageId);
      if (el) {
        if (focus) el.focus({ preventScroll: true });
        return el;
      }
    }
    return null;
  }

  /** The article of a rendered message. */
  articleFor(messageId: string): HTMLElement | null {
    const root = this.scroller;
    if (!root) return null;
    for (const el of root.querySelectorAll<HTMLElement>('article[data-key]')) if (el.dataset['key'] === messageId) return el;
    return null;
  }

  /** Moves the tab stop by `delta` articles (feed keyboard pattern). */
  async move(fromKey: string, delta: number): Promise<void> {
    if (this.indexOf(fromKey) + delta < 1 && this.extendWindow()) await this.host.updateComplete;
    let index = this.indexOf(fromKey);
    if (index < 0) return;
    index = Math.min(this.rows.length - 1, Math.max(1, index + delta));
    const row = this.rows[index];
    if (!row || row.kind !== 'message') return;
    await this.reveal(row.key, { highlight: false });
  }

  /**
   * Home / End on a message: focus the oldest loaded message (the whole loaded history joins the
   * rows) or the newest one (following the bottom again).
   */
  async revealEdge(which: 'first' | 'last'): Promise<void> {
    if (which === 'first') {
      const messages = this.messagesRef;
      if (messages && this.windowStart > 0) {
        this.setWindow(messages, 0);
        this.host.requestUpdate();
        await this.host.updateComplete;
      }
      const row = this.rows[1];
      if (row?.kind === 'message') await this.reveal(row.key, { highlight: false });
      return;
    }
    const row = this.rows[this.rows.length - 1];
    if (row?.kind !== 'message') return;
    if (!this.atEnd) this.setFollowing(true);
    this.unseen = 0;
    await this.reveal(row.key, { highlight: false });
  }

  private onChange(): void {
    const w = this.window;
    if (!this.scroller || !this.initialDone) return;
    let follow = this.atEnd;
    if (w.isAtEnd(END_THRESHOLD_PX)) follow = true;
    else if (w.scrolling && w.direction === 'backward') follow = false; // the operator scrolled up
    if (follow !== this.atEnd) this.setFollowing(follow);
    if (w.offset < LOAD_AHEAD_PX) {
      queueMicrotask(() => {
        if (!this.extendWindow()) this.callbacks.nearTop();
      });
    }
  }

  private setFollowing(follow: boolean): void {
    this.atEnd = follow;
    if (follow) this.unseen = 0;
    // Not during the host's update cycle (onChange may run inside hostUpdated).
    queueMicrotask(() => this.callbacks.atEndChanged(follow));
  }

  /** Waits until the first scroll to the end has settled (positions stable for a few frames), then starts watching. */
  private settleInitial(): void {
    let last = -1;
    let stable = 0;
    let frames = 0;
    const generation = this.generation;
    const tick = () => {
      const s = this.scroller;
      if (!s || this.initialDone || generation !== this.generation) return;
      const top = s.scrollTop;
      stable = Math.abs(top - last) < 1 ? stable + 1 : 0;
      last = top;
      if ((stable >= 2 && this.window.isAtEnd(END_THRESHOLD_PX)) || ++frames > 60) {
        this.initialDone = true;
        this.settling = false;
        this.atEnd = this.window.isAtEnd(END_THRESHOLD_PX);
        this.host.requestUpdate();
        this.onChange();
        return;
      }
      if (stable >= 2) this.window.scrollToEnd();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  /** The article keys in the DOM, in order. */
  private tabStop(keys: readonly string[]): string | null {
    if (this.focusKey && keys.includes(this.focusKey)) return this.focusKey;
    return keys[keys.length - 1] ?? null;
  }

  /**
   * The row above the oldest loaded message: where the history starts or that more is loading,
   * and the day of the first message. Text only: a feed may hold nothing but articles, so the
   * retry after a failed load sits outside it (see {@link renderOverlay}).
   */
  private renderTop(ctx: FeedRenderContext, row: Extract<FeedRow, { kind: 'top' }>): TemplateResult {
    const { view } = ctx;
    const status =
      ctx.top === 'loading'
        ? html`<span class="top-status loading"><span class="spinner" aria-hidden="true"></span>${view.t('feed.loadingOlder')}</span>`
        : ctx.top === 'start'
          ? html`<span class="top-status">${this.rows.length > 1 ? view.t('feed.start') : view.t('feed.empty')}</span>`
          : nothing;
    return html`<div class="top-row" part="history-start">
      ${status}
      ${
        row.firstAt !== null
          ? html`<div class="day" part="day-separator"><span>${dayLabel(view.locale, row.firstAt, { today: view.t('feed.today'), yesterday: view.t('feed.yesterday') })}</span></div>`
          : nothing
      }
    </div>`;
  }

  /** What sits over the feed, outside it: the first load, or a failed load with its retry. */
  renderOverlay(ctx: Pick<FeedRenderContext, 'view' | 'top' | 'onTop' | 'loadingFirst'>): TemplateResult | typeof nothing {
    if (ctx.loadingFirst) return html`<p class="feed-loading" role="status"><span class="spinner" aria-hidden="true"></span>${ctx.view.t('feed.loading')}</p>`;
    if (ctx.top !== 'error') return nothing;
    return html`<div class="feed-error" role="alert">
      <span>${ctx.view.t('feed.error')}</span>
      <button type="button" class="button small" @click=${ctx.onTop}>${ctx.view.tc('retry')}</button>
    </div>`;
  }

  /** Renders the feed: the scroll container and the rows in view. */
  render(ctx: FeedRenderContext): TemplateResult {
    const w = this.window;
    const items = w.items();
    const rows = this.rows;
    const keys: string[] = [];
    for (const it of items) {
      const r = rows[it.index];
      if (r?.kind === 'message') keys.push(r.key);
    }
    const stop = this.tabStop(keys);
    const { view } = ctx;
    const words = { today: view.t('feed.today'), yesterday: view.t('feed.yesterday') };
    const body = guard([items, rows, stop, this.highlightKey, ctx.version, ctx.top, ctx.broken.size], () =>
      repeat(
        items,
        (it) => it.key,
        (it) => {
          const row = rows[it.index];
          if (!row) return nothing;
          if (row.kind === 'top') return html`<div class="row top" data-index=${it.index} ${ref(w.measure)}>${this.renderTop(ctx, row)}</div>`;
          const m = row.message;
          const pos = m.n > 0 ? m.n : ctx.total + 1;
          const tabbable = row.key === stop;
          const highlighted = row.key === this.highlightKey;
          const offers = ctx.offers(m);
          // A message's template is made again only when something it shows changed.
          const memoKey = `${tabbable}|${highlighted}|${pos}|${ctx.total}|${offers.quote}|${offers.quickReply}|${offers.retry}|${ctx.broken.size}|${String(ctx.version)}`;
          let memo = templates.get(m);
          if (!memo || memo.key !== memoKey) {
            memo = { key: memoKey, result: renderMessage(view, m, offers, { tabbable, highlighted, pos, size: Math.max(ctx.total, pos), broken: ctx.broken }) };
            templates.set(m, memo);
          }
          return html`<div class="row ${m.kind === 'event' ? 'row-event' : m.author.kind === 'client' ? 'row-in' : 'row-out'}" data-index=${it.index} ${ref(w.measure)}>
            ${memo.result}
            ${row.dayAfter !== null ? html`<div class="day" part="day-separator"><span>${dayLabel(view.locale, row.dayAfter, words)}</span></div>` : nothing}
          </div>`;
        },
      ),
    );
    return html`<div
      class="feed-scroller"
      part="feed"
      role="feed"
      aria-label=${view.t('feed.label')}
      aria-busy=${ctx.top === 'loading' || ctx.loadingFirst || (rows.length > 1 && keys.length === 0) ? 'true' : 'false'}
      ${ref((el) => {
        this.scroller = w.scroller = (el as HTMLElement | undefined) ?? null;
      })}
      @click=${ctx.onClick}
      @keydown=${ctx.onKeydown}
      @focusin=${ctx.onFocusin}
      @error=${{ handleEvent: ctx.onMediaError, capture: true }}
    >
      <div class="feed-sizer" ${ref(w.sizer)}>
        <div class="feed-window" ${ref(w.shift)}>${body}</div>
      </div>
    </div>`;
  }

  /** The "new messages" marker, shown when messages arrived below while the operator reads history. */
  renderMarker(view: ChatView): TemplateResult | typeof nothing {
    if (this.atEnd || !this.initialDone) return nothing;
    const label = this.unseen > 0 ? view.t('feed.newMessages', { count: this.unseen }) : view.t('feed.toLatest');
    // The marker goes away once at the bottom: focus moves on to the newest message, not to the page.
    return html`<button type="button" class="new-marker ${this.unseen > 0 ? 'has-new' : ''}" part="new-messages" @click=${() => void this.revealEdge('last')}>
      ${icons.down}<span>${label}</span>
    </button>`;
  }

  hostUpdated(): void {
    if (this.pendingEnd && this.scroller && this.rows.length > 1) {
      this.pendingEnd = false;
      this.unseen = 0;
      this.window.scrollToEnd();
      // Let the first scroll to the end settle before near-top checks start loading history.
      if (!this.initialDone && !this.settling) {
        this.settling = true;
        this.settleInitial();
      }
    }
  }

  hostDisconnected(): void {
    clearTimeout(this.highlightTimer);
  }
}
