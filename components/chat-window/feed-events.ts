/**
 * What happens in `<chat-window>`'s feed: clicks on message actions (M1 quote and quick reply, S5
 * retry, quotes, images), the feed pattern's keys, focus within the feed and broken media (P2).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { Attachment, Id, Message } from '../../sdk/model.js';
import type { Offered } from '../../sdk/session/offered.js';
import { tabbables } from '../internal/focus.js';
import { isTyping, type ShortcutsController } from '../internal/shortcuts.js';
import type { ChatWindowKey } from './chat-window.messages.js';
import type { Composer } from './composer.js';
import type { HeaderActions } from './header-actions.js';
import { eventText, type MessageOffers } from './message-bubble.js';
import type { FeedChange, FeedController } from './message-feed.js';
import { failureText } from './status-icon.js';
import type { ChatView } from './view.js';

/** The element the feed belongs to. */
export interface FeedEventsHost extends ReactiveControllerHost {
  readonly client?: ChatClient | undefined;
  readonly shownDialogId: string | null;
  readonly shadowRoot: ShadowRoot | null;
}

/** The parts of the window the feed's events drive. */
export interface FeedEventsBridge {
  t(key: ChatWindowKey, params?: Record<string, string | number>): string;
  scrollToMessage(messageId: Id): Promise<boolean>;
  readonly feed: FeedController;
  readonly composer: Composer;
  readonly actions: HeaderActions;
  readonly keys: ShortcutsController;
}

/** The live-region sentences for what arrived in the feed (others' messages and events, new failures). */
export function announcementsOf(change: FeedChange, view: ChatView): string[] {
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
  return texts;
}

/** The feed's event handlers (bound: pass them to templates as they are). */
export class FeedEvents implements ReactiveController {
  /** Attachments that failed to load in this session. */
  readonly broken = new Set<string>();

  constructor(
    private readonly host: FeedEventsHost,
    private readonly b: FeedEventsBridge,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** M1, M2, S5: a message's actions as the session offers them; Retry says when it comes back. */
  offersFor(offered: Offered): (m: Message) => MessageOffers {
    return (m) => {
      const o = offered.message(m);
      return {
        quote: o.quote.ok,
        quickReply: o.quickReply.ok,
        retry: o.retry.ok,
        retryLater: o.retry.reason === 'client_away' ? this.b.t('msg.retryWhenBack') : undefined,
      };
    };
  }

  private findMessage(id: Id): Message | undefined {
    const client = this.host.client;
    return client && this.host.shownDialogId ? client.feed(this.host.shownDialogId).messages.find((m) => m.id === id) : undefined;
  }

  readonly onFeedClick = (e: Event): void => {
    const target = (e.target as Element).closest<HTMLElement>('[data-action]');
    const client = this.host.client;
    const dialogId = this.host.shownDialogId;
    if (!target || !client || !dialogId) return;
    const id = target.dataset['id'] ?? '';
    switch (target.dataset['action']) {
      case 'quote':
        client.setQuote(dialogId, id);
        this.b.composer.focus();
        break;
      case 'quick-reply': {
        const m = this.findMessage(id);
        if (!m) return;
        this.b.actions.quickReplyFor = m;
        this.b.actions.openModal('quick-reply', target);
        break;
      }
      case 'retry':
        void client.retry(dialogId, id).catch(() => undefined);
        break;
      case 'goto-quote':
        void this.b.scrollToMessage(id).then((found) => {
          if (!found) {
            this.b.actions.actionError = '';
            this.b.actions.actionMessage = this.b.t('msg.quoteMissing');
          }
        });
        break;
      case 'open-image': {
        const a = this.findAttachment(target.dataset['attachment'] ?? '');
        if (!a) return;
        this.b.actions.imageFor = a;
        this.b.actions.openModal('image', target);
        break;
      }
    }
  };

  private findAttachment(id: Id): Attachment | undefined {
    const client = this.host.client;
    if (!client || !this.host.shownDialogId) return undefined;
    for (const m of client.feed(this.host.shownDialogId).messages) for (const a of m.attachments) if (a.id === id) return a;
    return undefined;
  }

  readonly onFeedKeydown = (e: KeyboardEvent): void => {
    const article = (e.target as Element).closest<HTMLElement>('article[data-key]');
    if (!article || e.defaultPrevented) return;
    const key = article.dataset['key'] ?? '';
    const onArticle = e.target === article;
    if (onArticle && (e.key === 'Home' || e.key === 'End') && !e.altKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      // Feed pattern: Ctrl+Home / Ctrl+End leave the feed; Home / End go to its first / last message.
      if (e.ctrlKey) this.leaveFeed(e.key === 'Home' ? 'before' : 'after');
      else void this.b.feed.revealEdge(e.key === 'Home' ? 'first' : 'last');
      return;
    }
    if (onArticle && !isTyping(e)) {
      const action = this.b.keys.matches(e, 'quote') ? 'quote' : this.b.keys.matches(e, 'quickReply') ? 'quick-reply' : null;
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
    void this.b.feed.move(key, delta);
  };

  /** Ctrl+Home / Ctrl+End: focus goes to what comes before the feed (the header), or after it (the message input). */
  private leaveFeed(where: 'before' | 'after'): void {
    const root = this.host.shadowRoot;
    const scroller = this.b.feed.scroller;
    if (!root || !scroller) return;
    const all = tabbables(root).filter((el) => !scroller.contains(el));
    const follows = (el: Element) => (scroller.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    const target = where === 'before' ? ([...all].reverse().find((el) => !follows(el)) ?? root.querySelector<HTMLElement>('#chat-title')) : (this.b.composer.textarea ?? all.find(follows));
    target?.focus();
  }

  readonly onFeedFocusin = (e: FocusEvent): void => {
    const article = (e.target as Element).closest<HTMLElement>('article[data-key]');
    const key = article?.dataset['key'];
    if (key && key !== this.b.feed.focusKey) {
      this.b.feed.focusKey = key;
      this.host.requestUpdate();
    }
  };

  readonly onMediaError = (e: Event): void => {
    const img = e.target as HTMLElement;
    const id = img.dataset?.['attachment'];
    if (id && img.tagName === 'IMG' && !this.broken.has(id)) {
      this.broken.add(id);
      this.host.requestUpdate();
    }
  };
}
