/**
 * The content of `<chat-window>`'s modal windows (reassign, detach, quick reply, image), loaded
 * when one first opens ({@link HeaderActions}): a page pays for them only then. The attachments
 * window stays in the element (it only holds the page's `<attachment-viewer>`).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Attachment, Message } from '../../sdk/model.js';
import type { HeaderOffers } from '../../sdk/session/offered.js';
import { icons } from '../icons.js';
import type { ChatWindowAction } from './chat-window.events.js';
import type { ActionsBridge, Modal } from './header-actions.js';
import { renderReassignDialog } from './reassign-dialog.js';
import { modalWindowStyles } from './styles/modal-window.styles.js';
import type { ChatView } from './view.js';

export { modalWindowStyles };

/** What a modal window shows and does (from the header actions). */
export interface ModalContext {
  view: ChatView;
  offers: HeaderOffers;
  b: ActionsBridge;
  /** Why the last try in the window failed. */
  error: string;
  busy: ChatWindowAction | null;
  reassign: { query: string; pick: string; operators: ReassignOperators; bots: ReassignBots; isAdmin: boolean };
  quickReplyFor: Message | null;
  imageFor: Attachment | null;
  on: {
    query(query: string): void;
    pick(pick: string): void;
    reassign(e: Event): void;
    detach(): void;
    quickReply(e: Event): void;
    /** Cancel / Close pressed. */
    close(): void;
    /** The `<dialog>` closed (Escape included). */
    closed(): void;
  };
}

type ReassignOperators = Parameters<typeof renderReassignDialog>[1]['operators'];
type ReassignBots = Parameters<typeof renderReassignDialog>[1]['bots'];

/** The modal window `modal` (not `attachments`). */
export function renderModal(modal: Exclude<Modal, 'attachments'>, c: ModalContext): TemplateResult | typeof nothing {
  const { view, b, on } = c;
  const errorLine = c.error ? html`<p class="error" role="alert">${c.error}</p>` : nothing;
  switch (modal) {
    case 'reassign':
      if (!c.offers.reassign.ok) return nothing;
      return renderReassignDialog(
        view,
        { ...c.reassign, busy: c.busy === 'reassign', error: c.error },
        { onQuery: on.query, onPick: on.pick, onSubmit: on.reassign, onCancel: on.close, onClose: on.closed },
      );
    case 'detach':
      return html`<dialog data-modal="detach" class="modal" aria-labelledby="detach-title" aria-describedby="detach-body" @close=${on.closed}>
        <h2 id="detach-title" class="modal-title">${b.t('detach.title')}</h2>
        <p id="detach-body">${b.t('detach.body', { name: view.authorName({ kind: 'client', id: view.dialog.clientId ?? '' }) })}</p>
        ${errorLine}
        <div class="modal-actions">
          <button type="button" class="button" autofocus @click=${on.close}>${b.tc('cancel')}</button>
          <button type="button" class="button danger" ?disabled=${c.busy === 'detach'} @click=${on.detach}>${b.t('detach.confirm')}</button>
        </div>
      </dialog>`;
    case 'quick-reply': {
      const m = c.quickReplyFor;
      return html`<dialog data-modal="quick-reply" class="modal" aria-labelledby="qr-title" @close=${on.closed}>
        <form class="modal-form" novalidate @submit=${on.quickReply}>
          <h2 id="qr-title" class="modal-title">${b.t('qr.title')}</h2>
          <label class="field"><span>${b.t('qr.name')}</span><input name="title" type="text" maxlength="80" placeholder=${b.t('qr.namePlaceholder')} /></label>
          <label class="field"><span>${b.t('qr.text')}</span><textarea name="text" rows="5" .value=${live(m?.text ?? '')} autofocus></textarea></label>
          ${errorLine}
          <div class="modal-actions">
            <button type="button" class="button" @click=${on.close}>${b.tc('cancel')}</button>
            <button type="submit" class="button primary">${b.t('qr.save')}</button>
          </div>
        </form>
      </dialog>`;
    }
    case 'image': {
      const a = c.imageFor;
      if (!a) return nothing;
      return html`<dialog data-modal="image" class="modal image-modal" aria-labelledby="image-title" @close=${on.closed}>
        <h2 id="image-title" class="modal-title" dir="auto">${a.name}</h2>
        <img class="image-full" src=${a.url} alt=${b.t('att.image', { name: a.name })} />
        <div class="modal-actions">
          <a class="button" href=${a.url} download=${a.name}>${icons.download}${b.t('image.download')}</a>
          <button type="button" class="button primary" autofocus @click=${on.close}>${b.tc('close')}</button>
        </div>
      </dialog>`;
    }
  }
}
