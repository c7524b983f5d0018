/**
 * The header actions of `<chat-window>` (H1-H6) as a reactive controller: the buttons the
 * dialog's session offers, the explanation of what it does not, the action running (busy), its
 * outcome, focus after it, and the modals (reassign, detach, quick reply, image, attachments).
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ReadableAtom } from 'nanostores';
import type { ChatClient } from '../../sdk/client.js';
import type { Attachment, ClientRecord, Dialog, Id, Message } from '../../sdk/model.js';
import type { HeaderOffers } from '../../sdk/session/offered.js';
import { namedChannelIcon } from '../channel-icons.js';
import type { Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { adoptChunkStyles } from '../internal/on-demand.js';
import type { ShortcutHelp } from '../internal/shortcut-help.js';
import type { ChatWindowAction, DialogActionDetail, ShowAttachmentsDetail } from './chat-window.events.js';
import type { ChatWindowKey } from './chat-window.messages.js';
import type { Composer } from './composer.js';
import { later as modals } from './later.js';
import type { ChatView, CommonKey } from './view.js';

/**
 * A modal of the window. `help`: the "Keyboard shortcuts" window asked for before the part loaded
 * on first use (later.ts) arrived: it opens once that is there, or says why with "Retry".
 */
export type Modal = 'reassign' | 'detach' | 'quick-reply' | 'image' | 'attachments' | 'help';

/** The element the actions belong to. */
export interface ActionsHost extends ReactiveControllerHost, HTMLElement {
  readonly client?: ChatClient | undefined;
  readonly shownDialogId: string | null;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** What the actions need from the element's protected helpers. */
export interface ActionsBridge {
  t(key: ChatWindowKey, params?: Record<string, string | number>): string;
  tc(key: CommonKey, params?: Record<string, string | number>): string;
  errorText(error: unknown): string;
  emit<T>(type: string, detail: T, cancelable?: boolean): boolean;
  use<T>(store: ReadableAtom<T>): T;
  locale(): Locale;
  /** The last view rendered. */
  view(): ChatView | null;
  /** Puts focus somewhere sensible when the "Keyboard shortcuts" window closed and what had focus before is gone. */
  helpFallback(): void;
  readonly composer: Composer;
}

/** The button that takes over from the one pressed: Close becomes Reopen, Block becomes Unblock. */
const FOLLOWS: Partial<Record<ChatWindowAction, string>> = {
  close: 'reopen',
  reopen: 'close',
  block: 'unblock',
  unblock: 'block',
};

/** The actions' state (every change re-renders the host). */
export interface ActionsState {
  /** The modal open, if any. */
  modal: Modal | null;
  /** The outcome of the last action (a status line). */
  actionMessage: string;
  /** Why the last action failed (an alert). */
  actionError: string;
  /** Why the last try in a modal window failed. */
  modalError: string;
  /** The action running. */
  busy: ChatWindowAction | null;
  reassignQuery: string;
  /** `operator:<id>` or `bot:<id>`, or empty. */
  reassignPick: string;
  /** The message a quick reply is being created from. */
  quickReplyFor: Message | null;
  /** The image shown full size. */
  imageFor: Attachment | null;
  /** The dialog this operator just handed to someone else (it left their list). */
  handedAway: { dialogId: Id; name: string } | null;
}

// The state's fields, read and written as properties of the controller (each write re-renders).
const FIELDS = ['modal', 'actionMessage', 'actionError', 'modalError', 'busy', 'reassignQuery', 'reassignPick', 'quickReplyFor', 'imageFor', 'handedAway'] as const;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the state's fields are accessors of the class (its static block)
export interface HeaderActions extends ActionsState {}

/** Header actions, their outcome and the modals; every change re-renders the host. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class HeaderActions implements ReactiveController {
  private readonly s: ActionsState = {
    modal: null,
    actionMessage: '',
    actionError: '',
    modalError: '',
    busy: null,
    reassignQuery: '',
    reassignPick: '',
    quickReplyFor: null,
    imageFor: null,
    handedAway: null,
  };
  private returnFocus: HTMLElement | null = null;
  /** The "Keyboard shortcuts" window's controller, made when the part loaded on first use is there. */
  help: ShortcutHelp | null = null;
  private viewer: HTMLElement | null = null;

  constructor(
    readonly host: ActionsHost,
    readonly b: ActionsBridge,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** @internal The accessors of {@link FIELDS}. */
  static {
    for (const key of FIELDS) {
      Object.defineProperty(this.prototype, key, {
        get(this: HeaderActions) {
          return this.s[key];
        },
        set(this: HeaderActions, value: unknown) {
          if (this.s[key] === value) return;
          (this.s as unknown as Record<string, unknown>)[key] = value;
          this.host.requestUpdate();
        },
      });
    }
  }

  /** Another dialog is shown: modals and outcomes go. */
  reset(): void {
    this.modal = null;
    this.actionMessage = '';
    this.actionError = '';
  }

  /** Opens the modal that should be open (after the host rendered it). */
  hostUpdated(): void {
    if (!this.modal) return;
    const dlg = this.host.renderRoot.querySelector<HTMLDialogElement>(`dialog[data-modal="${this.modal}"]`);
    // isConnected: a window whose content arrived after the element left the page stays shut.
    if (dlg && !dlg.open && dlg.isConnected) dlg.showModal();
  }

  async act(action: ChatWindowAction, run: () => Promise<unknown>, done?: string): Promise<boolean> {
    const id = this.host.shownDialogId;
    if (!id || this.busy) return false;
    const focused = this.host.shadowRoot?.activeElement;
    const fromHeader = focused instanceof HTMLElement && !!focused.closest('.actions, .composer-notice') ? focused : null;
    this.busy = action;
    this.actionError = '';
    this.actionMessage = '';
    let ok = false;
    try {
      await run();
      this.actionMessage = done ?? this.b.t(`done.${action}`);
      this.b.emit<DialogActionDetail>('dialog-action', { dialogId: id, action });
      ok = true;
    } catch (e) {
      this.actionError = this.b.errorText(e);
    } finally {
      this.busy = null;
    }
    if (fromHeader) void this.keepFocus(fromHeader, action, ok);
    return ok;
  }

  /**
   * After a header action: if the button pressed went away (or turned into another one), focus
   * goes deliberately to its successor, else to the first action, else the input, else the title.
   */
  private async keepFocus(pressed: HTMLElement, action: ChatWindowAction, ok: boolean): Promise<void> {
    await this.host.updateComplete;
    const root = this.host.shadowRoot;
    if (!root) return;
    const now = root.activeElement;
    // Focus moved on meanwhile (inside the window, or elsewhere on the page): leave it there.
    if (now && now !== pressed) return;
    if (!now && document.activeElement !== document.body && document.activeElement !== null && document.activeElement !== this.host) return;
    const follow = ok ? (FOLLOWS[action] ?? action) : action;
    if (now === pressed && pressed.dataset['action'] === follow) return;
    const inNotice = !!pressed.closest('.composer-notice');
    const target =
      (inNotice ? this.b.composer.textarea : null) ??
      root.querySelector<HTMLElement>(`.actions [data-action="${follow}"]`) ??
      root.querySelector<HTMLElement>('.actions button') ??
      this.b.composer.textarea ??
      root.querySelector<HTMLElement>('#chat-title');
    target?.focus();
  }

  openModal(modal: Modal, trigger?: EventTarget | null): void {
    const active = this.host.shadowRoot?.activeElement;
    this.returnFocus = (trigger instanceof HTMLElement ? trigger : null) ?? (active instanceof HTMLElement ? active : null);
    this.modalError = '';
    this.modal = modal;
    if (modal !== 'attachments' && !modals.value) void this.load();
  }

  /** Loads the part with the windows' content; then a "Keyboard shortcuts" window asked for opens. */
  private async load(): Promise<void> {
    await modals.request(this.host);
    // After the render that took a failure window away (it held focus).
    await this.host.updateComplete;
    if (this.modal !== 'help' || !modals.value) return;
    // It returns focus where it was asked for.
    const back = this.returnFocus;
    this.returnFocus = null;
    this.modal = null;
    back?.focus();
    this.showHelp();
  }

  /** Opens the "Keyboard shortcuts" window (what `?` does), loading its part first when needed. */
  showHelp(): void {
    const part = modals.value;
    if (!part) return this.openModal('help');
    if (!this.help) {
      adoptChunkStyles(this.host, part.laterStyles);
      this.help = new part.ShortcutHelp(this.host, this.b.helpFallback);
    }
    this.help.show();
  }

  closeModal(): void {
    const dlg = this.modal ? this.host.renderRoot.querySelector<HTMLDialogElement>(`dialog[data-modal="${this.modal}"]`) : null;
    if (dlg?.open) dlg.close();
    else this.onModalClosed();
  }

  readonly onModalClosed = (): void => {
    this.modal = null;
    this.quickReplyFor = null;
    this.imageFor = null;
    const back = this.returnFocus;
    this.returnFocus = null;
    void this.host.updateComplete.then(() => {
      if (back?.isConnected) back.focus();
      else this.b.composer.focus();
    });
  };

  private onToggleClosed(dialog: Dialog): void {
    const client = this.host.client;
    if (!client) return;
    if (dialog.status === 'closed') void this.act('reopen', () => client.reopen(dialog.id));
    else void this.act('close', () => client.close(dialog.id));
  }

  onToggleBlock(customer: ClientRecord): void {
    const client = this.host.client;
    if (!client) return;
    if (customer.blocked) void this.act('unblock', () => client.unblock(customer.id));
    else void this.act('block', () => client.block(customer.id));
  }

  private onShowAttachments(dialog: Dialog, trigger: EventTarget | null): void {
    const go = this.b.emit<ShowAttachmentsDetail>('show-attachments', { dialogId: dialog.id }, true);
    if (go && typeof customElements !== 'undefined' && customElements.get('attachment-viewer')) this.openModal('attachments', trigger);
  }

  renderHeader(view: ChatView, offers: HeaderOffers): TemplateResult {
    const { dialog, client: customer, channel } = view;
    const name = view.authorName({ kind: 'client', id: dialog.clientId ?? '' });
    const a = dialog.assignee;
    const assignee = !a ? this.b.t('assignee.none') : a.kind === 'operator' ? this.b.t('assignee.operator', { name: view.assigneeName(a) }) : this.b.t('assignee.bot', { name: view.assigneeName(a) });
    const reads = this.host.client?.$readStates.get().get(dialog.id);
    const why = offers.explain.map((reason) => {
      switch (reason) {
        case 'not_manager':
          return a?.kind === 'bot' ? this.b.t('why.notManagerBot', { name: view.assigneeName(a) }) : this.b.t('why.notManager', { name: view.assigneeName(a) });
        case 'not_reassigner':
          return this.b.t('why.notReassigner');
        case 'detached':
          return this.b.t('why.detached');
        case 'not_visible':
          return '';
      }
    });
    const busy = this.busy !== null;
    // While an action runs the buttons say so (aria-disabled) but keep focus: a disabled button
    // would drop it to <body>, and the next key would go nowhere.
    const btn = (key: ChatWindowKey, icon: TemplateResult, onClick: (e: Event) => void, cls = '') =>
      html`<button
        type="button"
        class="icon-button ${cls}"
        data-action=${cls}
        aria-label=${this.b.t(key)}
        title=${this.b.t(key)}
        aria-disabled=${busy ? 'true' : 'false'}
        @click=${(e: Event) => {
          if (this.busy === null) onClick(e);
        }}
      >
        ${icon}
      </button>`;
    return html`<header class="header" part="header">
      <div class="who">
        <h2 class="title" part="title" id="chat-title" dir="auto" tabindex="-1">${name}</h2>
        <p class="subtitle">
          ${channel ? html`<span class="channel" title=${this.b.t('header.channel', { name: channel.name })}>${namedChannelIcon(channel.kind, this.b.locale())}<span>${channel.name}</span></span>` : nothing}
          <span class="assignee">${assignee}</span>
          ${dialog.status === 'closed' ? html`<span class="badge closed">${this.b.t('badge.closed')}</span>` : nothing}
          ${customer?.blocked ? html`<span class="badge danger">${this.b.t('badge.blocked')}</span>` : nothing}
          ${dialog.clientId === null ? html`<span class="badge">${this.b.t('badge.detached')}</span>` : nothing}
          ${reads?.markedUnread ? html`<span class="badge">${this.b.t('badge.unread')}</span>` : nothing}
        </p>
      </div>
      <div class="actions" part="actions" role="group" aria-label=${this.b.t('actions.label')} aria-busy=${busy ? 'true' : 'false'}>
        ${offers.reassign.ok ? btn('action.reassign', icons.reassign, (e) => this.openModal('reassign', e.currentTarget), 'reassign') : nothing}
        ${
          offers.close.ok
            ? offers.close.action === 'reopen'
              ? btn('action.reopen', icons.reopen, () => this.onToggleClosed(dialog), 'reopen')
              : btn('action.close', icons.closeDialog, () => this.onToggleClosed(dialog), 'close')
            : nothing
        }
        ${offers.markUnread.ok ? btn('action.markUnread', icons.unread, () => void this.act('mark-unread', () => this.host.client!.markUnread(dialog.id)), 'mark-unread') : nothing}
        ${
          offers.block.ok && customer
            ? offers.block.action === 'unblock'
              ? btn('action.unblock', icons.block, () => this.onToggleBlock(customer), 'unblock')
              : btn('action.block', icons.block, () => this.onToggleBlock(customer), 'block')
            : nothing
        }
        ${offers.detach.ok ? btn('action.detach', icons.detach, (e) => this.openModal('detach', e.currentTarget), 'detach') : nothing}
        ${offers.showAttachments.ok ? btn('action.showAttachments', icons.attachments, (e) => this.onShowAttachments(dialog, e.currentTarget), 'show-attachments') : nothing}
      </div>
      ${why.some(Boolean) ? html`<p class="why" part="explanation">${why.filter(Boolean).join(' ')}</p>` : nothing}
      <p class="header-status" role="status">${this.actionMessage}</p>
      <p class="header-error" role="alert">${this.actionError}</p>
    </header>`;
  }

  renderModals(view: ChatView, offers: HeaderOffers): TemplateResult | typeof nothing {
    const client = this.host.client;
    const modal = this.modal;
    if (!modal || !client) return nothing;
    const { dialog } = view;
    const close = () => this.closeModal();
    if (modal === 'attachments')
      return html`<dialog data-modal="attachments" class="modal attachments-modal" aria-label=${this.b.t('attachments.title')} @close=${this.onModalClosed}>
        ${this.attachmentViewer(dialog.id, client)}
      </dialog>`;
    // The other windows' content is loaded when one first opens; it opens once it is there.
    const loaded = modals.value;
    if (!loaded) {
      if (!modals.failed(this.host)) return nothing;
      return html`<dialog data-modal=${modal} class="modal" aria-labelledby="modal-failed" @close=${this.onModalClosed}>
        <p id="modal-failed" class="modal-failed" role="alert">${this.b.tc('error.unavailable')}</p>
        <div class="modal-actions">
          <button type="button" class="button" @click=${close}>${this.b.tc('cancel')}</button>
          <button type="button" class="button primary" autofocus @click=${() => void this.load()}>${this.b.tc('retry')}</button>
        </div>
      </dialog>`;
    }
    if (modal === 'help') return nothing;
    adoptChunkStyles(this.host, loaded.laterStyles);
    return loaded.renderModal(modal, this, view, offers, client);
  }

  /**
   * H6: the page's `<attachment-viewer>` for a dialog. Made with `createElement` because this
   * module does not import it: the viewer is used only when the page registered it.
   */
  private attachmentViewer(dialogId: Id, client: ChatClient): HTMLElement {
    let v = this.viewer;
    if (!v) {
      v = this.viewer = document.createElement('attachment-viewer');
      v.addEventListener('attachment-viewer-close', () => this.closeModal());
    }
    v.setAttribute('dialog-id', dialogId);
    v.setAttribute('locale', this.b.locale());
    (v as HTMLElement & { client?: ChatClient }).client = client;
    return v;
  }
}
