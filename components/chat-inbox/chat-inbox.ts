/**
 * `<chat-inbox>`: the inbox as operators expect it on any screen. It holds the dialog list, the
 * chat window and the client block and lays them out by its own width, and it owns the keyboard
 * model that moves between them.
 */
import { ContextProvider } from '@lit/context';
import { html, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { Id } from '../../sdk/model.js';
import type { DialogSelectDetail } from '../dialog-list/dialog-list.js';
// The default panes (classes only: `src/define/chat-inbox.ts` registers them, and lit-analyzer
// checks the templates' bindings against them).
import '../dialog-list/dialog-list.js';
import '../chat-window/chat-window.js';
import '../client-widget/client-widget.js';
import { isUnread } from '../../sdk/rules/unread.js';
import { ChatdeskElement } from '../base.js';
import { chatClientContext, localeContext } from '../context.js';
import { LiveAnnouncer } from '../internal/announcer.js';
import { deepActiveElement, deepContains } from '../internal/focus.js';
import { unreadBadgeStyles } from '../internal/badge.styles.js';
import { searchFieldStyles } from '../internal/search-field.styles.js';
import { ShortcutHelp, shortcutHelpStyles } from '../internal/shortcut-help.js';
import { isTyping, shortcutScopeContext, shortcutsAttribute, ShortcutsController, type ShortcutConfig } from '../internal/shortcuts.js';
import { baseStyles } from '../styles.js';
import { inboxStrings, type InboxKey } from './chat-inbox.messages.js';
import { fromModal, PANES, renderPaneBar, type ChatLike, type ClientLike, type ListLike } from './panes.js';
import { inboxStyles } from './chat-inbox.styles.js';
import { JumpDialog, type JumpHost } from './jump-dialog.js';

/** How many panes the inbox shows side by side: decided by its width. */
export type InboxLayout = 'three' | 'two' | 'one';

/** A pane of the inbox. */
export type InboxPane = 'list' | 'chat' | 'client';

/** Detail of `inbox-pane-change`. */
export interface InboxPaneChangeDetail {
  layout: InboxLayout;
  /** The pane on show (one pane), or `client` while the client drawer is open (two panes). */
  pane: InboxPane;
}

/**
 * The operator inbox: dialog list, chat window and client block, laid out by the inbox's own
 * width (not the window's, so it fits a CRM's side panel as well as a phone):
 *
 * - **three panes** from `three-pane-min-width` (1024 px): list | chat | client;
 * - **two panes** from `two-pane-min-width` (640 px): list | chat, the client block as a drawer
 *   over the chat ("Client details", Escape closes it);
 * - **one pane** below that: the list, the chat or the client block, with a Back control; picking
 *   a dialog shows the chat. Focus moves to the heading of the pane that appears.
 *
 * The panes hold `<dialog-list>`, `<chat-window>` and `<client-widget>` unless the host slots its
 * own (`slot="list"`, `slot="chat"`, `slot="client"`). The inbox passes its `client` and `locale`
 * (or those of an enclosing `<chat-provider>`) to everything inside.
 *
 * **Keyboard** (see the README's "Keyboard shortcuts"): a skip link to the message input; F6 /
 * Shift+F6 cycle list, chat and client block; Alt+↑ / Alt+↓ open the previous / next dialog of the
 * list from anywhere in the inbox, Alt+Shift+↑ / Alt+Shift+↓ the previous / next unread one;
 * Mod+K (Ctrl+K, ⌘K on a Mac) finds a dialog by name; `?` lists every shortcut; Escape in the
 * message input removes a quote, then returns to the list. A CRM with keys of its own remaps or
 * turns these off with the `shortcuts` property (or `setShortcuts` for the whole page). The keys
 * work while focus is in the inbox (or nowhere on the page), never while the operator types, except
 * F6, the Alt combinations and Mod+K.
 *
 * @summary The inbox: list, chat and client block on any screen, with the keyboard model.
 *
 * @fires {CustomEvent<DialogSelectDetail>} dialog-select - Alt+↑/↓, Alt+Shift+↑/↓ or "Go to a dialog" opened a dialog. Cancelable (then nothing opens). Detail: `{ dialogId }`.
 * @fires {CustomEvent<InboxPaneChangeDetail>} inbox-pane-change - The layout or the pane on show changed. Detail: `{ layout, pane }`.
 *
 * @slot list - The dialog list (default: a `<dialog-list>`).
 * @slot chat - The chat window (default: a `<chat-window>`).
 * @slot client - The client block (default: a `<client-widget>`).
 *
 * @csspart panes - The grid of panes.
 * @csspart list-pane - The list's pane.
 * @csspart chat-pane - The chat's pane.
 * @csspart client-pane - The client block's pane (a drawer in two-pane layout).
 * @csspart pane-heading - The list pane's heading (shown in one-pane layout).
 * @csspart pane-bar - The bar with Back and "Client details" (one and two panes).
 * @csspart back-button - A Back button.
 * @csspart client-button - "Client details".
 * @csspart close-drawer - The drawer's close button.
 * @csspart skip-link - "Skip to the message input".
 * @csspart jump-dialog - The "Go to a dialog" window.
 * @csspart shortcut-help - The "Keyboard shortcuts" window.
 *
 * @cssprop [--chat-inbox-list-width=clamp(260px, 28%, 360px)] - Width of the list (two and three panes).
 * @cssprop [--chat-inbox-client-width=clamp(240px, 24%, 320px)] - Width of the client block (three panes).
 * @cssprop [--chat-inbox-drawer-width=340px] - Width of the client drawer (two panes; at most 90% of the inbox).
 * @cssprop [--chat-inbox-divider=var(--chatdesk-color-border)] - Colour of the lines between panes.
 */
export class ChatInbox extends ChatdeskElement implements JumpHost {
  static override styles = [baseStyles, searchFieldStyles, unreadBadgeStyles, inboxStyles, shortcutHelpStyles];
  static override get properties(): PropertyDeclarations {
    return {
      twoPaneMinWidth: { type: Number, attribute: 'two-pane-min-width' },
      threePaneMinWidth: { type: Number, attribute: 'three-pane-min-width' },
      pane: { reflect: true },
      shortcuts: { converter: shortcutsAttribute },
      width: { state: true, attribute: false },
    };
  }

  /** Narrowest width (px) with two panes side by side; below it one pane shows at a time. */
  twoPaneMinWidth = 640;

  /** Narrowest width (px) with all three panes side by side. */
  threePaneMinWidth = 1024;

  /**
   * The pane on show in one-pane layout (`list`, `chat` or `client`); in two-pane layout `client`
   * means the client drawer is open. Follows the operator; set it to show a pane.
   */
  pane: InboxPane = 'list';

  /**
   * Keyboard shortcuts of the inbox and everything in it: `"none"` (attribute) or `false` turns
   * them all off; an object remaps some, e.g. `{ jumpToDialog: 'Mod+J', nextPane: null }`
   * (actions: `nextPane`, `previousPane`, `previousDialog`, `nextDialog`, `previousUnread`,
   * `nextUnread`, `jumpToDialog`, `help`, `quote`, `quickReply`; keys such as `Alt+ArrowDown`,
   * `Shift+F6`, `Mod+K`, `?`). Unset, the page's (`setShortcuts`) or the defaults apply.
   */
  declare shortcuts?: ShortcutConfig;

  private width = 0;

  private readonly keys = new ShortcutsController(this);
  private readonly help = new ShortcutHelp(this, () => this.focusAfterJumpCancelled());
  private readonly jump = new JumpDialog(this);
  private readonly live = new LiveAnnouncer(this);
  private readonly clientProvider = new ContextProvider(this, { context: chatClientContext });
  private readonly localeProvider = new ContextProvider(this, { context: localeContext });
  private readonly scopeProvider = new ContextProvider(this, { context: shortcutScopeContext, initialValue: { config: undefined, managed: true } });
  private resizer: ResizeObserver | undefined;
  private lastFocus = new Map<InboxPane, Element>();
  private lastFocusedPane: InboxPane | null = null;
  private shownLayout: InboxLayout | null = null;
  private shownPane: InboxPane | null = null;

  constructor() {
    super();
    this.addEventListener('keydown', this.onKeydown);
    this.addEventListener('focusin', this.onFocusIn);
    this.addEventListener('composer-escape', this.onComposerEscape);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.onDocumentKeydown);
    document.addEventListener('dialog-select', this.onDialogSelect);
    this.resizer ??= new ResizeObserver((entries) => {
      const w = entries[entries.length - 1]?.contentRect.width ?? 0;
      if (w > 0 && Math.round(w) !== this.width) this.width = Math.round(w);
    });
    this.resizer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onDocumentKeydown);
    document.removeEventListener('dialog-select', this.onDialogSelect);
    this.resizer?.disconnect();
  }

  /** The layout in use, from the inbox's width. */
  get layout(): InboxLayout {
    const w = this.width || (this.isConnected ? Math.round(this.getBoundingClientRect().width) : 0);
    if (!w || w >= this.threePaneMinWidth) return 'three';
    return w >= this.twoPaneMinWidth ? 'two' : 'one';
  }

  /**
   * Shows a pane (one-pane layout), or opens / closes the client drawer (two panes), and moves
   * focus to the pane's heading.
   */
  async showPane(pane: InboxPane): Promise<void> {
    this.pane = pane;
    await this.updateComplete;
    await this.focusPane(pane, 'heading');
  }

  /** Moves focus to the message input (the skip link's target): the chat pane shows first. */
  async focusComposer(): Promise<boolean> {
    const chat = this.paneElement<ChatLike>('chat');
    if (this.layout === 'one' && this.pane !== 'chat' && this.client?.$activeDialogId.get()) {
      this.pane = 'chat';
      await this.updateComplete;
    }
    await (chat as unknown as { updateComplete?: Promise<unknown> } | null)?.updateComplete;
    if (chat?.focusComposer?.()) return true;
    if (chat?.focusHeading?.()) return true;
    await this.focusPane('list', 'content');
    return false;
  }

  /** Opens the "Keyboard shortcuts" window (what `?` does). */
  showShortcutHelp(): void {
    this.help.show();
  }

  /** Opens "Go to a dialog" (what Mod+K does). */
  showJumpToDialog(): void {
    this.jump.show();
  }

  /** @internal The dialog chosen in "Go to a dialog": open it and go to its message input. */
  jumpTo(id: Id): void {
    void this.openDialog(id, 'composer');
  }

  /** @internal A window closed and what had focus is gone: the pane last used (the chat by default). */
  focusAfterJumpCancelled(): void {
    const pane = this.lastFocusedPane ?? 'chat';
    void this.focusPane(this.paneVisible(pane) ? pane : 'list', 'content');
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('client')) this.clientProvider.setValue(this.client);
    this.localeProvider.setValue(this.currentLocale);
    if (changed.has('shortcuts')) this.scopeProvider.setValue({ config: this.shortcuts, managed: true });
    const layout = this.layout;
    if (layout !== this.shownLayout && this.shownLayout !== null && layout === 'one') {
      // Going to one pane: the pane holding focus stays on screen (else the chat, when a dialog is open).
      const holding = this.paneOf(deepActiveElement());
      if (holding) this.pane = holding;
      else if (this.pane === 'list' && this.shownLayout !== null && this.client?.$activeDialogId.get()) this.pane = 'chat';
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const layout = this.layout;
    if (this.getAttribute('layout') !== layout) this.setAttribute('layout', layout);
    if (layout !== this.shownLayout || this.pane !== this.shownPane) {
      const first = this.shownLayout === null;
      this.shownLayout = layout;
      this.shownPane = this.pane;
      if (!first) this.emit<InboxPaneChangeDetail>('inbox-pane-change', { layout, pane: this.pane });
    }
  }

  private section(pane: InboxPane): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`#${pane}-pane`);
  }

  /** The element in a pane (slotted, or the default one): the first that can do what the inbox needs. */
  private paneElement<T extends HTMLElement>(pane: InboxPane): T | null {
    const slot = this.renderRoot.querySelector<HTMLSlotElement>(`slot[name="${pane}"]`);
    const top = slot?.assignedElements({ flatten: true }) ?? [];
    const can = (el: Element) => (pane === 'list' ? 'focusList' in el : pane === 'chat' ? 'focusComposer' in el : 'focusHeading' in el);
    for (const el of top) {
      if (can(el)) return el as T;
      const inner = [...el.querySelectorAll('*')].find(can);
      if (inner) return inner as T;
    }
    return (top[0] as T | undefined) ?? null;
  }

  /** The pane an element is in. */
  private paneOf(el: Element | null): InboxPane | null {
    if (!el) return null;
    for (const p of PANES) {
      const s = this.section(p);
      if (s && deepContains(s, el)) return p;
    }
    return null;
  }

  private paneVisible(pane: InboxPane): boolean {
    const layout = this.layout;
    if (layout === 'three') return true;
    if (layout === 'two') return pane !== 'client' || this.pane === 'client';
    return this.pane === pane;
  }

  private readonly onFocusIn = (e: FocusEvent): void => {
    const target = e.composedPath()[0];
    if (!(target instanceof Element)) return;
    const pane = this.paneOf(target);
    if (pane) {
      this.lastFocus.set(pane, target);
      this.lastFocusedPane = pane;
    }
  };

  /**
   * Focus into a pane: `heading` (a pane that just appeared) or `content` (F6: where the operator
   * was in it, else its natural place: the list's row, the message input, the client's title).
   */
  private async focusPane(pane: InboxPane, where: 'heading' | 'content'): Promise<void> {
    await this.updateComplete;
    if (where === 'content') {
      const last = this.lastFocus.get(pane);
      if (last instanceof HTMLElement && last.isConnected && last.getClientRects().length > 0 && !last.closest('[inert]')) {
        last.focus();
        if (deepActiveElement() === last) return;
      }
    }
    const el = this.paneElement<HTMLElement>(pane);
    await (el as unknown as { updateComplete?: Promise<unknown> } | null)?.updateComplete;
    let done = false;
    if (pane === 'list') {
      if (where === 'heading' && this.layout === 'one') {
        this.renderRoot.querySelector<HTMLElement>('#list-heading')?.focus();
        done = true;
      } else done = (await (el as ListLike | null)?.focusList?.()) ?? false;
    } else if (pane === 'chat') {
      const chat = el as ChatLike | null;
      done = where === 'content' ? !!(chat?.focusComposer?.() || chat?.focusHeading?.()) : !!(chat?.focusHeading?.() || chat?.focusComposer?.());
    } else {
      done = !!(el as ClientLike | null)?.focusHeading?.();
    }
    if (!done) this.section(pane)?.focus();
  }

  /** F6 / Shift+F6: the next / previous pane (showing it when it is hidden). */
  private async cycle(step: 1 | -1): Promise<void> {
    const current = this.paneOf(deepActiveElement());
    const layout = this.layout;
    const start = current ? PANES.indexOf(current) : step === 1 ? -1 : PANES.length;
    const next = PANES[(start + step + PANES.length) % PANES.length]!;
    if (layout === 'one') {
      this.pane = next;
      await this.focusPane(next, 'heading');
      return;
    }
    if (layout === 'two' && next === 'client') this.pane = 'client';
    await this.focusPane(next, 'content');
  }

  private readonly onBack = (to: InboxPane) => () => void this.showPane(to);

  private readonly toggleDrawer = (): void => {
    if (this.pane === 'client') {
      this.pane = 'chat';
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.client-toggle')?.focus());
    } else void this.showPane('client');
  };

  /** Opens a dialog from the inbox's own keys: `dialog-select` (cancelable), then `client.openDialog`. */
  private async openDialog(id: Id, focus: 'keep' | 'composer'): Promise<void> {
    const c = this.client;
    if (!c) return;
    const before = deepActiveElement();
    const fromList = this.paneOf(before) === 'list';
    if (!this.emit('dialog-select', { dialogId: id }, true)) return;
    void c.openDialog(id).catch(() => undefined);
    const d = c.$dialogs.get().get(id);
    const name = (d?.clientId ? c.$clients.get().get(d.clientId)?.name : undefined) || d?.title || id;
    this.live.say(this.t('announce.opened', { name }));
    if (this.layout === 'one' && this.pane !== 'chat') {
      this.pane = 'chat';
      await this.updateComplete;
      if (focus === 'keep') {
        await this.focusPane('chat', 'heading');
        return;
      }
    }
    const chat = this.paneElement<ChatLike>('chat');
    await (chat as unknown as { updateComplete?: Promise<unknown> } | null)?.updateComplete;
    if (focus === 'composer') {
      if (!chat?.focusComposer?.()) chat?.focusHeading?.();
    } else if (fromList) {
      // Focus was on the list: it follows to the opened dialog's row.
      await this.paneElement<ListLike>('list')?.focusDialog?.(id);
    }
  }

  /** Alt+↑/↓ (and with Shift, unread only): the previous / next dialog in the list's order. */
  private adjacent(step: 1 | -1, unreadOnly: boolean): void {
    const c = this.client;
    if (!c) return;
    const list = this.paneElement<ListLike>('list');
    const ids = list?.dialogIds ?? c.$list.get().map((d) => d.id);
    const active = c.$activeDialogId.get();
    const at = active ? ids.indexOf(active) : -1;
    const dialogs = c.$dialogs.get();
    const reads = c.$readStates.get();
    let i = at < 0 ? (step === 1 ? 0 : ids.length - 1) : at + step;
    for (; i >= 0 && i < ids.length; i += step) {
      const id = ids[i]!;
      const d = dialogs.get(id);
      if (!d || (unreadOnly && !isUnread(d, reads.get(id)))) continue;
      void this.openDialog(id, 'keep');
      return;
    }
    this.live.say(this.t(unreadOnly ? (step === 1 ? 'announce.noNextUnread' : 'announce.noPreviousUnread') : step === 1 ? 'announce.noNext' : 'announce.noPrevious'));
  }

  /** A dialog was picked in the list (or an alert): in one-pane layout the chat comes up. */
  private readonly onDialogSelect = (e: Event): void => {
    // Not the inbox's own (Alt+arrows, "Go to a dialog" handle their panes themselves).
    if (e.composedPath()[0] === this) return;
    queueMicrotask(() => {
      if (e.defaultPrevented) return;
      // L6: a search result opens at the message it matched.
      const detail = (e as CustomEvent<Partial<DialogSelectDetail> | null>).detail;
      if (detail?.dialogId && detail.messageId) this.paneElement<ChatLike>('chat')?.revealMessage?.(detail.dialogId, detail.messageId);
      if (this.layout !== 'one' || this.pane === 'chat') return;
      void this.showPane('chat');
    });
  };

  /** Escape in the message input (no quote left): back to the list, on the open dialog's row. */
  private readonly onComposerEscape = (e: Event): void => {
    if (e.defaultPrevented) return;
    e.preventDefault();
    void (async () => {
      if (this.layout === 'one') {
        this.pane = 'list';
        await this.updateComplete;
      }
      const list = this.paneElement<ListLike>('list');
      const active = this.client?.$activeDialogId.get();
      if (!(active && (await list?.focusDialog?.(active)))) await this.focusPane('list', 'content');
    })();
  };

  private readonly onDocumentKeydown = (e: KeyboardEvent): void => {
    // Keys pressed with nothing focused (focus on <body>) reach the inbox too.
    const t = e.composedPath()[0];
    if (t === document.body || t === document.documentElement) this.onKeydown(e);
  };

  private readonly onKeydown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || fromModal(e)) return;
    const k = this.keys;
    const target = e.composedPath()[0];
    const inSelect = target instanceof HTMLSelectElement;
    let handled = true;
    if (k.matches(e, 'nextPane')) void this.cycle(1);
    else if (k.matches(e, 'previousPane')) void this.cycle(-1);
    else if (!inSelect && k.matches(e, 'nextDialog')) this.adjacent(1, false);
    else if (!inSelect && k.matches(e, 'previousDialog')) this.adjacent(-1, false);
    else if (!inSelect && k.matches(e, 'nextUnread')) this.adjacent(1, true);
    else if (!inSelect && k.matches(e, 'previousUnread')) this.adjacent(-1, true);
    else if (k.matches(e, 'jumpToDialog')) this.jump.show();
    else if (!isTyping(e) && k.matches(e, 'help')) this.help.show();
    else if (e.key === 'Escape' && !inSelect && this.paneOf(target instanceof Element ? target : null) === 'client' && this.layout !== 'three') {
      // Escape in the client block (drawer or pane): back to the chat.
      if (this.layout === 'two') this.toggleDrawer();
      else void this.showPane('chat');
    } else handled = false;
    if (handled) e.preventDefault();
  };

  private t(key: InboxKey, params?: Record<string, string | number>): string {
    return this.tr(inboxStrings, key, params);
  }

  protected override render(): TemplateResult {
    const layout = this.layout;
    const hidden = (p: InboxPane) => !this.paneVisible(p);
    const barView = { t: (key: InboxKey) => this.t(key), pane: this.pane, back: this.onBack, toggleDrawer: this.toggleDrawer };
    return html`
      <button type="button" class="skip-link" part="skip-link" @click=${() => void this.focusComposer()}>${this.t('skip')}</button>
      <div class="panes" part="panes">
        <section class="pane list-pane" id="list-pane" part="list-pane" aria-labelledby="list-heading" tabindex="-1" ?hidden=${hidden('list')}>
          <h2 id="list-heading" class="pane-heading ${layout === 'one' ? '' : 'visually-hidden'}" part="pane-heading" tabindex="-1">${this.t('pane.list')}</h2>
          <slot name="list"><dialog-list></dialog-list></slot>
        </section>
        <section class="pane chat-pane" id="chat-pane" part="chat-pane" aria-label=${this.t('pane.chat')} tabindex="-1" ?hidden=${hidden('chat')}>
          ${renderPaneBar(barView, 'chat', layout)}
          <slot name="chat"><chat-window></chat-window></slot>
        </section>
        <aside class="pane client-pane ${layout === 'two' ? 'drawer' : ''}" id="client-pane" part="client-pane" aria-label=${this.t('pane.client')} tabindex="-1" ?hidden=${hidden('client')}>
          ${renderPaneBar(barView, 'client', layout)}
          <slot name="client"><client-widget></client-widget></slot>
        </aside>
      </div>
      ${this.live.render(false)}
      ${this.jump.render((key, params) => this.t(key, params), { why: this.tc('error.unavailable'), retry: this.tc('retry') })}
      ${this.help.render(['panes', 'dialogs', 'list', 'messages', 'composer', 'help'], this.keys.all, this.currentLocale, {
        sendOn: (this.paneElement<HTMLElement & { sendOn?: 'enter' | 'mod-enter' }>('chat') as { sendOn?: 'enter' | 'mod-enter' } | null)?.sendOn,
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-inbox': ChatInbox;
  }
  interface GlobalEventHandlersEventMap {
    /** `<chat-inbox>`: the layout or the pane on show changed. */
    'inbox-pane-change': CustomEvent<InboxPaneChangeDetail>;
  }
}
