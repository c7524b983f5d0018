import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatClient, DialogFeed } from '../../sdk/client.js';
import type { Assignee, Attachment, Author, ClientRecord, Dialog, Id, Message } from '../../sdk/model.js';
import type { DialogSession } from '../../sdk/session/dialog-session.js';
import { displayName } from '../../sdk/session/names.js';
import type { Offered } from '../../sdk/session/offered.js';
import { ChatdeskElement } from '../base.js';
import { icons } from '../icons.js';
import { tabbables } from '../internal/focus.js';
import { ShortcutHelp, shortcutHelpStyles } from '../internal/shortcut-help.js';
import { isTyping, shortcutsAttribute, ShortcutsController, type ShortcutAction, type ShortcutConfig } from '../internal/shortcuts.js';
import { shortcutStrings } from '../internal/shortcuts.messages.js';
import { translate } from '../i18n.js';
import { baseStyles } from '../styles.js';
import { chatWindowStrings, type ChatWindowKey } from './chat-window.messages.js';
import { chatWindowStyles } from './chat-window.styles.js';
import { Composer, type ComposerHost, type SendKey } from './composer.js';
import { eventText, type MessageOffers } from './message-bubble.js';
import { FeedController, type FeedChange, type TopState } from './message-feed.js';
import type { ComposerEscapeDetail, MessageSendDetail } from './chat-window.events.js';
import { HeaderActions } from './header-actions.js';
import { failureText } from './status-icon.js';
import { nameText, type ChatView, type CommonKey } from './view.js';

export type { ChatWindowAction, ComposerEscapeDetail, DialogActionDetail, MessageSendDetail, QuickReplyCreateDetail, ShowAttachmentsDetail } from './chat-window.events.js';

const EMPTY_FEED: DialogFeed = { messages: [], cursor: null, loading: false, loaded: false };

const versions = new WeakMap<object, number>();
let nextVersion = 1;
/** A number that changes when an object's identity changes (for render guards). */
function versionOf(o: object | null | undefined): number {
  if (!o) return 0;
  let v = versions.get(o);
  if (v === undefined) versions.set(o, (v = nextVersion++));
  return v;
}

/**
 * The chat window: a dialog's header with its actions (H1-H6), the message feed (virtualized,
 * end-anchored, with statuses S1-S6, quotes and attachments) and the compose area (P1-P4, L4).
 * Shows the dialog given by `dialog-id`, or else the client's active dialog (`$activeDialogId`,
 * set when the operator picks a row in `<dialog-list>`). Works inside `<chat-provider>` or with
 * `.client` set directly, e.g. alone in an order card: `<chat-window dialog-id="...">`.
 *
 * @summary One dialog: header actions, message feed and composer.
 *
 * @fires {CustomEvent<MessageSendDetail>} message-send - `{ dialogId, messageId }`: the operator sent a message (it is queued; follow its status in `client.$feeds`).
 * @fires {CustomEvent<ShowAttachmentsDetail>} show-attachments - `{ dialogId }`, cancelable: "Show attachments" (H6) was pressed. Unless prevented, a modal with `<attachment-viewer>` opens when that element is defined.
 * @fires {CustomEvent<DialogActionDetail>} dialog-action - `{ dialogId, action }` after a header action succeeded: `close`, `reopen`, `reassign`, `mark-unread`, `block`, `unblock`, `detach`.
 * @fires {CustomEvent<QuickReplyCreateDetail>} quick-reply-create - `{ dialogId, quickReplyId, messageId }`: a quick reply was created from a message (M1).
 * @fires {CustomEvent<ComposerEscapeDetail>} composer-escape - `{ dialogId }`, cancelable: Escape was pressed in the message input with no quote to remove. `<chat-inbox>` moves focus back to the dialog list.
 *
 * Keyboard (feed pattern): the messages are one tab stop; ↑ / ↓ (and Page Up / Page Down) move
 * between them, Home / End go to the first / last loaded message, Ctrl+Home / Ctrl+End leave the
 * feed for the header or the reply. On a focused message R quotes it and Q creates a quick reply
 * (shown in the buttons' tooltips); `?` opens the list of shortcuts. Escape in the input removes a
 * quote, then fires `composer-escape`. Keys follow the `shortcuts` property (see `setShortcuts`).
 *
 * @csspart window - The whole window (a labelled region).
 * @csspart header - The header with the client, channel, responsible operator and actions.
 * @csspart title - The client's name.
 * @csspart actions - The header's action buttons.
 * @csspart explanation - Why some actions are not offered.
 * @csspart feed - The scrolling message feed (`role="feed"`).
 * @csspart message - A message (also `message-in` / `message-out`).
 * @csspart message-in - A message from the client (or a bot), besides `message`.
 * @csspart message-out - A message from an operator, besides `message`.
 * @csspart bubble - A message's bubble.
 * @csspart text - A message's text.
 * @csspart link - A link in a message's text.
 * @csspart quote - A quoted message inside a reply.
 * @csspart attachment - An attachment (also `attachment-image`, `attachment-file`, `attachment-unavailable`).
 * @csspart attachment-image - An image attachment with its preview (P2), besides `attachment`.
 * @csspart attachment-file - A file attachment, besides `attachment`.
 * @csspart attachment-unavailable - An attachment that can no longer be shown, besides `attachment`.
 * @csspart status - A message's delivery status icon (also `status-queued`, `status-sent`, `status-delivered`, `status-read`, `status-failed`).
 * @csspart status-queued - The clock of a queued message (S2), besides `status`.
 * @csspart status-sent - A sent message's status, besides `status`.
 * @csspart status-delivered - One check: delivered (S3), besides `status`.
 * @csspart status-read - Two checks: read (S4), besides `status`.
 * @csspart status-failed - The red cross of a failed message (S5), besides `status`.
 * @csspart failure - The failure reason and retry under a failed message.
 * @csspart retry-later - Why Retry is not offered yet (S5: the client left; it comes back when they write again).
 * @csspart message-actions - The Quote / Create quick reply buttons of a message.
 * @csspart event - A system event in the feed (closed, reopened, reassigned...).
 * @csspart day-separator - A day separator.
 * @csspart history-start - The row above the oldest loaded message.
 * @csspart new-messages - The "new messages" marker.
 * @csspart composer - The compose area.
 * @csspart composer-note - The note above the input (closed dialog).
 * @csspart composer-notice - The notice replacing the composer (blocked client, reassigned away).
 * @csspart composer-quote - The quoted message in the composer.
 * @csspart input - The message input.
 * @csspart counter - The character counter (P4).
 * @csspart upload - A file being attached.
 * @csspart attach-button - The "Attach files" button.
 * @csspart send-button - The "Send" button.
 * @csspart empty - The empty state.
 * @csspart shortcut-help - The "Keyboard shortcuts" window (when used outside `<chat-inbox>`).
 *
 * @cssprop --chat-window-bubble-radius - Corner radius of message bubbles (default `--chatdesk-radius`, 8px).
 * @cssprop --chat-window-bubble-max-width - Largest width of a bubble (default 72%).
 * @cssprop --chat-window-header-padding - Padding of the header (default 10px 14px).
 * @cssprop --chat-window-feed-padding - Inline padding of the feed (default 14px).
 * @cssprop --chat-window-input-max-height - Tallest the input grows before it scrolls (default 200px).
 * @cssprop --chat-window-min-height - Smallest height of the window (default 320px).
 */
export class ChatWindow extends ChatdeskElement implements ComposerHost {
  static override styles = [baseStyles, ...chatWindowStyles, shortcutHelpStyles];

  /**
   * The dialog to show. When empty, the window follows the client's active dialog
   * (`client.$activeDialogId`). Showing a dialog makes it active (loads it, marks it read).
   */
  @property({ attribute: 'dialog-id' })
  dialogId: string | null = null;

  /**
   * Which key sends: `enter` (Shift+Enter breaks the line, the default) or `mod-enter`
   * (Ctrl/Cmd+Enter sends, Enter breaks the line).
   */
  @property({ attribute: 'send-on' })
  sendOn: SendKey = 'enter';

  /**
   * Keyboard shortcuts of this window: `"none"` (attribute) or `false` turns them off, an object
   * remaps some (`{ quote: 'Alt+R', quickReply: null }`). Unset, it follows an enclosing
   * `<chat-inbox>`, then the page (`setShortcuts`), then the defaults (R quote, Q quick reply, ? help).
   */
  @property({ converter: shortcutsAttribute })
  shortcuts?: ShortcutConfig;

  @state() private announcements: Array<{ id: number; text: string }> = [];

  private readonly broken = new Set<string>();
  private readonly feed = new FeedController(this, {
    nearTop: () => this.loadOlder(),
    atEndChanged: (atEnd) => {
      this.requestUpdate();
      if (atEnd) this.markReadIfSeen();
    },
  });
  private readonly composer = new Composer(this);
  private readonly actions = new HeaderActions(this, {
    t: (key, params) => this.t(key, params),
    tc: (key, params) => this.tc(key, params),
    errorText: (e) => this.errorText(e),
    emit: (type, detail, cancelable) => this.emit(type, detail, cancelable),
    use: (store) => this.use(store),
    locale: () => this.currentLocale,
    view: () => this.lastView,
    composer: this.composer,
  });
  private readonly keys = new ShortcutsController(this);
  private readonly help = new ShortcutHelp(this, () => void this.feed.revealEdge('last'));
  private refocus: 'composer' | 'heading' | null = null;

  constructor() {
    super();
    this.addEventListener('keydown', this.onKeydown);
  }
  private shownId: string | null = null;
  private shownClient: ChatClient | undefined;
  private openedFor: string | null = null;
  private announceSeq = 0;
  private lastView: ChatView | null = null;

  // ------------------------------------------------------------------ public API

  /** The dialog on display (the `dialog-id`, else the active dialog), or `null`. */
  get shownDialogId(): string | null {
    return this.shownId;
  }

  /**
   * Moves focus to the message input, when the operator may write. Returns whether it did
   * (`false` while no dialog is shown or writing is not allowed).
   */
  focusComposer(): boolean {
    this.composer.focus();
    return this.hasFocusWithin(this.composer.textarea);
  }

  /** Moves focus to the dialog's heading (the client's name). Returns whether there is one. */
  focusHeading(): boolean {
    const h = this.renderRoot.querySelector<HTMLElement>('#chat-title');
    h?.focus();
    return this.hasFocusWithin(h);
  }

  /** Opens the "Keyboard shortcuts" window (what `?` does). */
  showShortcutHelp(): void {
    this.help.show();
  }

  private hasFocusWithin(el: Element | null): boolean {
    return !!el && this.shadowRoot?.activeElement === el;
  }

  /** Scrolls to the newest message. */
  scrollToLatest(): void {
    this.feed.scrollToEnd();
  }

  /** A message to scroll to once its dialog is shown and its feed loaded ({@link revealMessage}). */
  private pendingReveal: { dialogId: Id; messageId: Id } | null = null;

  /**
   * Scrolls to a message of `dialogId` and highlights it as soon as this window shows that dialog
   * with its history loaded (now, or once the dialog being opened arrives): for a host that opens
   * a dialog and a message together, e.g. a search result (L6, `dialog-select`'s `messageId`).
   * Another dialog shown first cancels it.
   */
  revealMessage(dialogId: Id, messageId: Id): void {
    this.pendingReveal = { dialogId, messageId };
    this.requestUpdate();
  }

  /** Runs a pending {@link revealMessage} when its dialog is shown and loaded. */
  private runPendingReveal(): void {
    const want = this.pendingReveal;
    const client = this.client;
    if (!want || !client || this.shownId !== want.dialogId || !client.feed(want.dialogId).loaded) return;
    this.pendingReveal = null;
    void this.scrollToMessage(want.messageId);
  }

  /**
   * Scrolls to a message and highlights it, loading older pages until it is found (at most
   * `maxPages`). Resolves with whether it was found.
   */
  async scrollToMessage(messageId: Id, maxPages = 40): Promise<boolean> {
    const client = this.client;
    const id = this.shownId;
    if (!client || !id) return false;
    for (let i = 0; !this.feed.include(messageId) && i < maxPages; i++) {
      const f = client.feed(id);
      if (f.cursor === null) break;
      await client.loadOlder(id);
      await this.updateComplete;
    }
    await this.updateComplete;
    if (this.feed.indexOf(messageId) < 0) return false;
    return (await this.feed.reveal(messageId)) !== null;
  }

  // ------------------------------------------------------------------ ComposerHost

  /** @internal */
  composerSent(dialogId: Id, messageId: Id): void {
    this.emit<MessageSendDetail>('message-send', { dialogId, messageId });
  }

  /** @internal */
  composerErrorText(error: unknown): string {
    return this.errorText(error);
  }

  /** @internal */
  composerEscape(dialogId: Id): void {
    this.emit<ComposerEscapeDetail>('composer-escape', { dialogId }, true);
  }

  // ------------------------------------------------------------------ lifecycle

  private effectiveId(): string | null {
    if (this.dialogId) return this.dialogId;
    return this.client ? this.use(this.client.$activeDialogId) : null;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const client = this.client;
    const id = client ? this.effectiveId() : null;
    if (id !== this.shownId || client !== this.shownClient) this.onDialogChange(id, client);
    if (!client || !id || !this.use(client.$ready)) {
      this.feed.sync(null, [], false, null);
      return;
    }
    const dialog = this.use(client.$dialogs).get(id);
    if (dialog && this.openedFor !== id) {
      this.openedFor = id;
      queueMicrotask(() => this.ensureOpen(id));
    }
    const feed = this.use(client.$feeds)[id] ?? EMPTY_FEED;
    const me = this.use(client.$me);
    const change = this.feed.sync(id, feed.messages, feed.loaded, me?.id ?? null);
    if (dialog) this.afterFeedChange(change, this.view(client, dialog));
  }

  private onDialogChange(id: string | null, client: ChatClient | undefined): void {
    // Another dialog replaces what had focus (the input may become a notice): focus is kept inside.
    const focused = this.shadowRoot?.activeElement;
    if (focused && this.shownId !== null) this.refocus = focused.matches('textarea.input') ? 'composer' : 'heading';
    if (client !== this.shownClient) this.feed.sync(null, [], false, null);
    const away = this.actions.handedAway;
    if (this.shownId && away && away.dialogId !== id) this.actions.handedAway = id ? null : away;
    this.shownId = id;
    this.shownClient = client;
    this.openedFor = null;
    this.actions.reset();
    this.announcements = [];
    this.composer.reset();
  }

  /** Makes the shown dialog the active one (loads it, marks it read), or loads its feed. */
  private ensureOpen(id: string): void {
    const client = this.client;
    if (!client || this.shownId !== id) return;
    if (client.$activeDialogId.get() !== id) {
      void client.openDialog(id).catch(() => undefined);
      return;
    }
    const f = client.feed(id);
    if (!f.loaded && !f.loading) void client.loadOlder(id).catch(() => undefined);
    this.markReadIfSeen();
  }

  /** Loads the feed again after a failed load (first page or an older one). */
  private retryFeed(): void {
    const client = this.client;
    const id = this.shownId;
    if (!client || !id) return;
    const f = client.feed(id);
    if (!f.loaded) void client.loadOlder(id);
    else this.loadOlder();
  }

  private loadOlder(): void {
    const client = this.client;
    const id = this.shownId;
    if (!client || !id) return;
    const f = client.feed(id);
    if (!f.loaded || f.loading || f.cursor === null) return;
    void client.loadOlder(id);
  }

  /** The session of the dialog on display. */
  private get session(): DialogSession | null {
    return this.client && this.shownId ? this.client.session(this.shownId) : null;
  }

  /**
   * Tells the session the operator sees the newest messages; its policy decides whether to mark
   * the dialog read (L1, H3), asking again whether they are still in sight when it would.
   */
  private markReadIfSeen(): void {
    const session = this.session;
    const client = this.client;
    session?.bottomSeen(
      () =>
        this.isConnected &&
        this.client === client &&
        this.shownId === session.dialogId &&
        this.feed.atEnd &&
        (typeof document === 'undefined' || document.visibilityState !== 'hidden'),
    );
  }

  private afterFeedChange(change: FeedChange, view: ChatView): void {
    if (change.initial) return;
    const me = view.me?.id;
    const texts: string[] = [];
    for (const m of change.appended) {
      if (m.author.kind === 'operator' && m.author.id === me) continue;
      if (m.kind === 'event') {
        if (m.event && !(m.event.by?.kind === 'operator' && m.event.by.id === me)) texts.push(view.t('announce.event', { text: eventText(view, m.event) }));
        continue;
      }
      const name = view.authorName(m.author);
      texts.push(m.text ? view.t('announce.message', { name, text: m.text.slice(0, 300) }) : view.t('announce.file', { name, text: m.attachments.map((a) => a.name).join(', ') }));
    }
    for (const m of change.newlyFailed) if (m.status) texts.push(view.t('announce.failed', { reason: failureText(view, m.status) }));
    if (texts.length) {
      this.announcements = [...this.announcements, ...texts.map((text) => ({ id: ++this.announceSeq, text }))].slice(-4);
    }
    if (change.appended.some((m) => m.author.kind === 'client')) queueMicrotask(() => this.markReadIfSeen());
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.runPendingReveal();
    if (this.refocus) {
      const want = this.refocus;
      this.refocus = null;
      const lost = !this.shadowRoot?.activeElement && (document.activeElement === document.body || document.activeElement === this || document.activeElement === null);
      if (lost && !(want === 'composer' && this.focusComposer())) this.focusHeading();
    }
  }

  // ------------------------------------------------------------------ view

  private view(client: ChatClient, dialog: Dialog): ChatView {
    const names = this.use(client.session(dialog.id).$names);
    const me = this.use(client.$me);
    const clients = this.use(client.$clients);
    const channel = this.use(client.$channelsById).get(dialog.channelId);
    const customer: ClientRecord | null = dialog.clientId ? (clients.get(dialog.clientId) ?? null) : null;
    const locale = this.currentLocale;
    const t = (key: ChatWindowKey, params?: Record<string, string | number>) => this.tr(chatWindowStrings, key, params);
    const tc = (key: CommonKey, params?: Record<string, string | number>) => this.tc(key, params);
    const name = (who: Author | Assignee | null | undefined) => nameText({ t, tc }, displayName(who, names, { dialog, client: customer }));
    const view: ChatView = {
      locale,
      t,
      tc,
      me,
      dialog,
      client: customer,
      channel,
      authorName: name,
      assigneeName: name,
      tooltip: (label: string, action: ShortcutAction) => {
        const keys = this.keys.label(action);
        return keys ? translate(shortcutStrings, locale, 'tooltip', { label, keys }) : label;
      },
      ariaKeys: (action: ShortcutAction) => this.keys.aria(action),
    };
    this.lastView = view;
    return view;
  }

  private t(key: ChatWindowKey, params?: Record<string, string | number>): string {
    return this.tr(chatWindowStrings, key, params);
  }

  // ------------------------------------------------------------------ feed events

  /** M1, M2, S5: a message's actions as the session offers them; Retry says when it comes back. */
  private offersFor(offered: Offered): (m: Message) => MessageOffers {
    return (m) => {
      const o = offered.message(m);
      return {
        quote: o.quote.ok,
        quickReply: o.quickReply.ok,
        retry: o.retry.ok,
        retryLater: o.retry.reason === 'client_away' ? this.t('msg.retryWhenBack') : undefined,
      };
    };
  }

  private findMessage(id: Id): Message | undefined {
    const client = this.client;
    return client && this.shownId ? client.feed(this.shownId).messages.find((m) => m.id === id) : undefined;
  }

  private readonly onFeedClick = (e: Event): void => {
    const target = (e.target as Element).closest<HTMLElement>('[data-action]');
    const client = this.client;
    const dialogId = this.shownId;
    if (!target || !client || !dialogId) return;
    const id = target.dataset['id'] ?? '';
    switch (target.dataset['action']) {
      case 'quote':
        client.setQuote(dialogId, id);
        this.composer.focus();
        break;
      case 'quick-reply': {
        const m = this.findMessage(id);
        if (!m) return;
        this.actions.quickReplyFor = m;
        this.actions.openModal('quick-reply', target);
        break;
      }
      case 'retry':
        void client.retry(dialogId, id).catch(() => undefined);
        break;
      case 'goto-quote':
        void this.scrollToMessage(id).then((found) => {
          if (!found) {
            this.actions.actionError = '';
            this.actions.actionMessage = this.t('msg.quoteMissing');
          }
        });
        break;
      case 'open-image': {
        const a = this.findAttachment(target.dataset['attachment'] ?? '');
        if (!a) return;
        this.actions.imageFor = a;
        this.actions.openModal('image', target);
        break;
      }
    }
  };

  private findAttachment(id: Id): Attachment | undefined {
    const client = this.client;
    if (!client || !this.shownId) return undefined;
    for (const m of client.feed(this.shownId).messages) for (const a of m.attachments) if (a.id === id) return a;
    return undefined;
  }

  private readonly onFeedKeydown = (e: KeyboardEvent): void => {
    const article = (e.target as Element).closest<HTMLElement>('article[data-key]');
    if (!article || e.defaultPrevented) return;
    const key = article.dataset['key'] ?? '';
    const onArticle = e.target === article;
    if (onArticle && (e.key === 'Home' || e.key === 'End') && !e.altKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      // Feed pattern: Ctrl+Home / Ctrl+End leave the feed; Home / End go to its first / last message.
      if (e.ctrlKey) this.leaveFeed(e.key === 'Home' ? 'before' : 'after');
      else void this.feed.revealEdge(e.key === 'Home' ? 'first' : 'last');
      return;
    }
    if (onArticle && !isTyping(e)) {
      const action = this.keys.matches(e, 'quote') ? 'quote' : this.keys.matches(e, 'quickReply') ? 'quick-reply' : null;
      if (action) {
        const button = article.querySelector<HTMLElement>(`.message-actions [data-action="${action}"]`);
        if (button) {
          e.preventDefault();
          button.click();
        }
        return;
      }
    }
    let delta = 0;
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    if (e.key === 'PageDown' || (onArticle && e.key === 'ArrowDown')) delta = 1;
    else if (e.key === 'PageUp' || (onArticle && e.key === 'ArrowUp')) delta = -1;
    if (delta === 0) return;
    e.preventDefault();
    void this.feed.move(key, delta);
  };

  /** Ctrl+Home / Ctrl+End: focus goes to what comes before the feed (the header), or after it (the message input). */
  private leaveFeed(where: 'before' | 'after'): void {
    const root = this.shadowRoot;
    const scroller = this.feed.scroller;
    if (!root || !scroller) return;
    const all = tabbables(root).filter((el) => !scroller.contains(el));
    const follows = (el: Element) => (scroller.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    const target =
      where === 'before'
        ? ([...all].reverse().find((el) => !follows(el)) ?? root.querySelector<HTMLElement>('#chat-title'))
        : (this.composer.textarea ?? all.find(follows));
    target?.focus();
  }

  /** Keys of the whole window: `?` opens the shortcut list when no `<chat-inbox>` does. */
  private readonly onKeydown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || this.keys.managed || isTyping(e)) return;
    if (this.keys.matches(e, 'help')) {
      e.preventDefault();
      this.help.show();
    }
  };

  private readonly onFeedFocusin = (e: FocusEvent): void => {
    const article = (e.target as Element).closest<HTMLElement>('article[data-key]');
    const key = article?.dataset['key'];
    if (key && key !== this.feed.focusKey) {
      this.feed.focusKey = key;
      this.requestUpdate();
    }
  };

  private readonly onMediaError = (e: Event): void => {
    const img = e.target as HTMLElement;
    const id = img.dataset?.['attachment'];
    if (id && img.tagName === 'IMG' && !this.broken.has(id)) {
      this.broken.add(id);
      this.requestUpdate();
    }
  };

  // ------------------------------------------------------------------ drag and drop (P1)

  private canAttach(): boolean {
    return !!this.session?.$offered.get().header.write.ok;
  }

  private readonly onDragOver = (e: DragEvent): void => {
    if (!e.dataTransfer || !Array.from(e.dataTransfer.types).includes('Files')) return;
    e.preventDefault();
    const ok = this.canAttach();
    e.dataTransfer.dropEffect = ok ? 'copy' : 'none';
    if (ok && !this.composer.dragging) {
      this.composer.dragging = true;
      this.requestUpdate();
    }
  };

  private readonly onDragLeave = (e: DragEvent): void => {
    const to = e.relatedTarget as Node | null;
    const section = e.currentTarget as HTMLElement;
    if (to && section.contains(to)) return;
    if (this.composer.dragging) {
      this.composer.dragging = false;
      this.requestUpdate();
    }
  };

  private readonly onDrop = (e: DragEvent): void => {
    if (!e.dataTransfer || !Array.from(e.dataTransfer.types).includes('Files')) return;
    e.preventDefault();
    this.composer.dragging = false;
    const view = this.lastView;
    const session = this.session;
    if (!view || !session || !this.canAttach()) {
      this.requestUpdate();
      return;
    }
    this.composer.addFiles(view, session, [...e.dataTransfer.files]);
  };

  // ------------------------------------------------------------------ render

  private renderEmpty(text: string, busy = false): TemplateResult {
    return html`<div class="empty" part="empty" role="status" aria-busy=${busy ? 'true' : 'false'}>
      <span class="empty-icon" aria-hidden="true">${busy ? html`<span class="spinner"></span>` : icons.send}</span>
      <p>${text}</p>
    </div>`;
  }

  protected override render(): TemplateResult {
    const client = this.client;
    if (!client) return this.renderEmpty(this.tc('notConnected'));
    if (!this.use(client.$ready)) return this.renderEmpty(this.tc('loading'), true);
    const id = this.shownId;
    const away = this.actions.handedAway;
    if (!id) return this.renderEmpty(away ? this.t('empty.handedAway', { name: away.name }) : this.t('empty.none'));
    const dialog = this.use(client.$dialogs).get(id);
    if (!dialog) {
      return this.renderEmpty(away?.dialogId === id ? this.t('empty.handedAway', { name: away.name }) : this.t('empty.missing'));
    }
    const view = this.view(client, dialog);
    this.use(client.$readStates);
    const session = client.session(id);
    const offered = this.use(session.$offered);
    const offers = offered.header;
    const composer = this.use(session.$composer);
    const feed = this.use(client.$feeds)[id] ?? EMPTY_FEED;
    const top: TopState = this.feed.hasHidden ? 'more' : feed.error && !feed.loading ? 'error' : feed.loading && feed.loaded ? 'loading' : feed.cursor === null && feed.loaded ? 'start' : 'more';
    const name = view.authorName({ kind: 'client', id: dialog.clientId ?? '' });
    const write = offers.write.ok;
    const version = [
      this.stringsKey,
      name,
      write,
      view.channel?.id,
      view.me?.id,
      versionOf(this.use(session.$names)),
      versionOf(offered),
      dialog.lastN,
      this.keys.label('quote'),
      this.keys.label('quickReply'),
    ].join('|');
    return html`<section
      class="window"
      part="window"
      aria-label=${this.t('window.label', { name })}
      @dragover=${this.onDragOver}
      @dragenter=${this.onDragOver}
      @dragleave=${this.onDragLeave}
      @drop=${this.onDrop}
    >
      ${this.actions.renderHeader(view, offers)}
      <div class="feed-area">
        ${this.feed.render({
          view,
          top,
          loadingFirst: !feed.loaded && !feed.error,
          total: dialog.lastN,
          offers: this.offersFor(offered),
          broken: this.broken,
          version,
          onTop: () => this.retryFeed(),
          onClick: this.onFeedClick,
          onKeydown: this.onFeedKeydown,
          onFocusin: this.onFeedFocusin,
          onMediaError: this.onMediaError,
        })}
        ${this.feed.renderOverlay({ view, top, loadingFirst: !feed.loaded && !feed.error, onTop: () => this.retryFeed() })} ${this.feed.renderMarker(view)}
      </div>
      ${this.use(client.$connection) === 'offline' ? html`<p class="offline" role="status">${this.tc('offline')}</p>` : nothing}
      ${this.composer.render(
        {
          view,
          session,
          state: composer,
          write: offers.write,
          canUnblock: offers.block.ok && offers.block.action === 'unblock',
          sendOn: this.sendOn === 'mod-enter' ? 'mod-enter' : 'enter',
        },
        () => view.client && this.actions.onToggleBlock(view.client),
      )}
      ${this.composer.dragging ? html`<div class="drop-overlay" aria-hidden="true"><span>${icons.paperclip}${this.t('composer.drop')}</span></div>` : nothing}
      <div class="visually-hidden" role="log" aria-live="polite" aria-relevant="additions">
        ${repeat(this.announcements, (a) => a.id, (a) => html`<p>${a.text}</p>`)}
      </div>
      ${this.actions.renderModals(view, offers)}
      ${this.keys.managed ? nothing : this.help.render(['messages', 'composer', 'help'], this.keys.all, this.currentLocale, { sendOn: this.sendOn })}
    </section>`;
  }
}
