import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatClient, DialogFeed } from '../../sdk/client.js';
import type { Dialog, Id } from '../../sdk/model.js';
import type { DialogSession } from '../../sdk/session/dialog-session.js';
import { ChatdeskElement } from '../base.js';
import { icons } from '../icons.js';
import { isTyping, shortcutsAttribute, ShortcutsController, type ShortcutConfig } from '../internal/shortcuts.js';
import { baseStyles } from '../styles.js';
import { chatWindowStrings, type ChatWindowKey } from './chat-window.messages.js';
import { chatWindowStyles } from './chat-window.styles.js';
import { Composer, type ComposerHost, type SendKey } from './composer.js';
import { FeedController, type FeedChange, type TopState } from './message-feed.js';
import type { ComposerEscapeDetail, MessageSendDetail } from './chat-window.events.js';
import { announcementsOf, FeedEvents } from './feed-events.js';
import { HeaderActions } from './header-actions.js';
import { makeView, renderConnectionNote, renderEmpty, versionOf, type ChatView } from './view.js';
export type { ChatWindowAction, ComposerEscapeDetail, DialogActionDetail, MessageSendDetail, QuickReplyCreateDetail, ShowAttachmentsDetail } from './chat-window.events.js';

const EMPTY_FEED: DialogFeed = { messages: [], cursor: null, loading: false, loaded: false };

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
 * @csspart on-demand - Why the attached files could not be shown (their part, loaded on first use, did not load), with "Retry".
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
  static override styles = [baseStyles, ...chatWindowStyles];
  static override get properties(): PropertyDeclarations {
    return { dialogId: { attribute: 'dialog-id' }, sendOn: { attribute: 'send-on' }, shortcuts: { converter: shortcutsAttribute }, announcements: { state: true, attribute: false } };
  }

  /**
   * The dialog to show. When empty, the window follows the client's active dialog
   * (`client.$activeDialogId`). Showing a dialog makes it active (loads it, marks it read).
   */
  dialogId: string | null = null;

  /**
   * Which key sends: `enter` (Shift+Enter breaks the line, the default) or `mod-enter`
   * (Ctrl/Cmd+Enter sends, Enter breaks the line).
   */
  sendOn: SendKey = 'enter';

  /**
   * Keyboard shortcuts of this window: `"none"` (attribute) or `false` turns them off, an object
   * remaps some (`{ quote: 'Alt+R', quickReply: null }`). Unset, it follows an enclosing
   * `<chat-inbox>`, then the page (`setShortcuts`), then the defaults (R quote, Q quick reply, ? help).
   */
  declare shortcuts?: ShortcutConfig;

  private announcements: Array<{ id: number; text: string }> = [];

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
    helpFallback: () => void this.feed.revealEdge('last'),
    composer: this.composer,
  });
  private readonly keys = new ShortcutsController(this);
  private readonly feedEvents: FeedEvents = new FeedEvents(this, {
    t: (key, params) => this.t(key, params),
    scrollToMessage: (id) => this.scrollToMessage(id),
    feed: this.feed,
    composer: this.composer,
    actions: this.actions,
    keys: this.keys,
  });
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
    this.actions.showHelp();
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
  composerSession(): DialogSession | null {
    return this.session;
  }

  /** @internal */
  composerView(): ChatView | null {
    return this.lastView;
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
      () => this.isConnected && this.client === client && this.shownId === session.dialogId && this.feed.atEnd && (typeof document === 'undefined' || document.visibilityState !== 'hidden'),
    );
  }

  private afterFeedChange(change: FeedChange, view: ChatView): void {
    if (change.initial) return;
    const texts = announcementsOf(change, view);
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
    const clients = this.use(client.$clients);
    return (this.lastView = makeView({
      locale: this.currentLocale,
      t: (key, params) => this.t(key, params),
      tc: (key, params) => this.tc(key, params),
      me: this.use(client.$me),
      dialog,
      client: dialog.clientId ? (clients.get(dialog.clientId) ?? null) : null,
      channel: this.use(client.$channelsById).get(dialog.channelId),
      names: this.use(client.session(dialog.id).$names),
      keys: this.keys,
    }));
  }

  private t(key: ChatWindowKey, params?: Record<string, string | number>): string {
    return this.tr(chatWindowStrings, key, params);
  }

  /** Keys of the whole window: `?` opens the shortcut list when no `<chat-inbox>` does. */
  private readonly onKeydown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || this.keys.managed || isTyping(e)) return;
    if (this.keys.matches(e, 'help')) {
      e.preventDefault();
      this.showShortcutHelp();
    }
  };

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    const client = this.client;
    if (!client) return renderEmpty(this.tc('notConnected'));
    if (!this.use(client.$ready)) return renderEmpty(this.tc('loading'), true);
    const id = this.shownId;
    const away = this.actions.handedAway;
    if (!id) return renderEmpty(away ? this.t('empty.handedAway', { name: away.name }) : this.t('empty.none'));
    const dialog = this.use(client.$dialogs).get(id);
    if (!dialog) {
      return renderEmpty(away?.dialogId === id ? this.t('empty.handedAway', { name: away.name }) : this.t('empty.missing'));
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
      @dragover=${this.composer.onDragOver}
      @dragenter=${this.composer.onDragOver}
      @dragleave=${this.composer.onDragLeave}
      @drop=${this.composer.onDrop}
    >
      ${this.actions.renderHeader(view, offers)}
      <div class="feed-area">
        ${this.feed.render({
          view,
          top,
          loadingFirst: !feed.loaded && !feed.error,
          total: dialog.lastN,
          offers: this.feedEvents.offersFor(offered),
          broken: this.feedEvents.broken,
          version,
          onTop: () => this.retryFeed(),
          onClick: this.feedEvents.onFeedClick,
          onKeydown: this.feedEvents.onFeedKeydown,
          onFocusin: this.feedEvents.onFeedFocusin,
          onMediaError: this.feedEvents.onMediaError,
        })}
        ${this.feed.renderOverlay({ view, top, loadingFirst: !feed.loaded && !feed.error, onTop: () => this.retryFeed() })} ${this.feed.renderMarker(view)}
      </div>
      ${renderConnectionNote(client, this.use(client.$connection), (key) => this.tc(key))}
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
        ${repeat(
          this.announcements,
          (a) => a.id,
          (a) => html`<p>${a.text}</p>`,
        )}
      </div>
      ${this.actions.renderModals(view, offers)}
      ${this.keys.managed || !this.actions.help ? nothing : this.actions.help.render(['messages', 'composer', 'help'], this.keys.all, this.currentLocale, { sendOn: this.sendOn })}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-window': ChatWindow;
  }
}
