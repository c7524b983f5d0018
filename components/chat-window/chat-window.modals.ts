/**
 * The part of `<chat-window>` loaded on first use (later.ts): the content of its modal windows
 * (reassign, detach, quick reply, image), loaded when one first opens ({@link HeaderActions}), and
 * the attached files' chips (composer-uploads.ts), loaded when files are first attached, and the
 * controller of the "Keyboard shortcuts" window (when no `<chat-inbox>` shows it): a page
 * pays for them only then. The attachments window stays in the element (it only holds the page's
 * `<attachment-viewer>`).
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ChatClient } from '../../sdk/client.js';
import type { Assignee, Dialog, Id } from '../../sdk/model.js';
import type { HeaderOffers } from '../../sdk/session/offered.js';
import { icons } from '../icons.js';
import type { QuickReplyCreateDetail } from './chat-window.events.js';
import { chatWindowStrings } from './chat-window.messages.js';
import { laterStrings } from './chat-window.later-messages.js';
import type { HeaderActions, Modal } from './header-actions.js';
import { renderReassignDialog } from './reassign-dialog.js';
import { modalWindowStyles } from './styles/modal-window.styles.js';
import { uploadsStyles } from './styles/uploads.styles.js';
import { shortcutHelpStyles } from '../internal/shortcut-help.js';
import type { ChatView } from './view.js';

export { renderRefusals, renderUploads } from './composer-uploads.js';
export { ShortcutHelp } from '../internal/shortcut-help.js';

/** The styles of what this chunk renders (added to the element's when it first renders any of it). */
export const laterStyles = css`
  ${modalWindowStyles}
  ${uploadsStyles}
  ${shortcutHelpStyles}
`;

// Their English strings come with them.
Object.assign(chatWindowStrings.en, laterStrings);

/** H1: the reassign window's submit: the pick is checked, then the dialog handed over. */
async function onReassignSubmit(a: HeaderActions, e: Event, client: ChatClient, dialog: Dialog): Promise<void> {
  e.preventDefault();
  const [kind, ...rest] = a.reassignPick.split(':');
  const targetId = rest.join(':');
  if ((kind !== 'operator' && kind !== 'bot') || !targetId) {
    a.modalError = a.b.t('reassign.pick');
    return;
  }
  const to: Assignee = { kind, id: targetId };
  const name = a.b.view()?.assigneeName(to) ?? targetId;
  if (
    !(await confirmed(
      a,
      a.act('reassign', () => client.reassign(dialog.id, to), a.b.t('done.reassign', { name })),
    ))
  )
    return;
  if (!client.$dialogs.get().has(dialog.id)) a.handedAway = { dialogId: dialog.id, name };
  a.reassignPick = '';
  a.reassignQuery = '';
}

/** Whether an action run from a window succeeded: it closes; a failure shows in the window. */
async function confirmed(a: HeaderActions, run: Promise<boolean>): Promise<boolean> {
  if (await run) {
    a.closeModal();
    return true;
  }
  a.modalError = a.actionError;
  a.actionError = '';
  return false;
}

/** M1: the quick reply window's submit. */
async function onQuickReplySubmit(a: HeaderActions, e: Event, client: ChatClient, dialogId: Id): Promise<void> {
  e.preventDefault();
  const source = a.quickReplyFor;
  if (!source) return;
  const form = e.target as HTMLFormElement;
  const title = (form.elements.namedItem('title') as HTMLInputElement | null)?.value ?? '';
  const text = (form.elements.namedItem('text') as HTMLTextAreaElement | null)?.value ?? '';
  if (!text.trim()) {
    a.modalError = a.b.t('qr.empty');
    return;
  }
  try {
    const qr = await client.createQuickReply(text, { title, ...(source.n > 0 ? { messageId: source.id } : {}) });
    a.actionError = '';
    a.actionMessage = a.b.t('done.quickReply', { title: qr.title });
    a.b.emit<QuickReplyCreateDetail>('quick-reply-create', { dialogId, quickReplyId: qr.id, messageId: source.id });
    a.closeModal();
  } catch (err) {
    a.modalError = a.b.errorText(err);
  }
}

/** The modal window `modal` (not `attachments`) of the header actions `a`. */
export function renderModal(modal: Exclude<Modal, 'attachments' | 'help'>, a: HeaderActions, view: ChatView, offers: HeaderOffers, client: ChatClient): TemplateResult | typeof nothing {
  const { b } = a;
  const { dialog } = view;
  const close = () => a.closeModal();
  const errorLine = a.modalError ? html`<p class="error" role="alert">${a.modalError}</p>` : nothing;
  switch (modal) {
    case 'reassign':
      if (!offers.reassign.ok) return nothing;
      return renderReassignDialog(
        view,
        {
          query: a.reassignQuery,
          pick: a.reassignPick,
          operators: b.use(client.$operators),
          bots: b.use(client.$bots),
          isAdmin: view.me?.role === 'administrator',
          busy: a.busy === 'reassign',
          error: a.modalError,
        },
        {
          onQuery: (q) => (a.reassignQuery = q),
          onPick: (p) => {
            a.reassignPick = p;
            a.modalError = '';
          },
          onSubmit: (e) => void onReassignSubmit(a, e, client, dialog),
          onCancel: close,
          onClose: a.onModalClosed,
        },
      );
    case 'detach':
      return html`<dialog data-modal="detach" class="modal" aria-labelledby="detach-title" aria-describedby="detach-body" @close=${a.onModalClosed}>
        <h2 id="detach-title" class="modal-title">${b.t('detach.title')}</h2>
        <p id="detach-body">${b.t('detach.body', { name: view.authorName({ kind: 'client', id: dialog.clientId ?? '' }) })}</p>
        ${errorLine}
        <div class="modal-actions">
          <button type="button" class="button" autofocus @click=${close}>${b.tc('cancel')}</button>
          <button type="button" class="button danger" ?disabled=${a.busy === 'detach'} @click=${() =>
            void confirmed(
              a,
              a.act('detach', () => client.detach(dialog.id)),
            )}>${b.t('detach.confirm')}</button>
        </div>
      </dialog>`;
    case 'quick-reply': {
      const m = a.quickReplyFor;
      return html`<dialog data-modal="quick-reply" class="modal" aria-labelledby="qr-title" @close=${a.onModalClosed}>
        <form class="modal-form" novalidate @submit=${(e: Event) => void onQuickReplySubmit(a, e, client, dialog.id)}>
          <h2 id="qr-title" class="modal-title">${b.t('qr.title')}</h2>
          <label class="field"><span>${b.t('qr.name')}</span><input name="title" type="text" maxlength="80" placeholder=${b.t('qr.namePlaceholder')} /></label>
          <label class="field"><span>${b.t('qr.text')}</span><textarea name="text" rows="5" .value=${live(m?.text ?? '')} autofocus></textarea></label>
          ${errorLine}
          <div class="modal-actions">
            <button type="button" class="button" @click=${close}>${b.tc('cancel')}</button>
            <button type="submit" class="button primary">${b.t('qr.save')}</button>
          </div>
        </form>
      </dialog>`;
    }
    case 'image': {
      const img = a.imageFor;
      if (!img) return nothing;
      return html`<dialog data-modal="image" class="modal image-modal" aria-labelledby="image-title" @close=${a.onModalClosed}>
        <h2 id="image-title" class="modal-title" dir="auto">${img.name}</h2>
        <img class="image-full" src=${img.url} alt=${b.t('att.image', { name: img.name })} />
        <div class="modal-actions">
          <a class="button" href=${img.url} download=${img.name}>${icons.download}${b.t('image.download')}</a>
          <button type="button" class="button primary" autofocus @click=${close}>${b.tc('close')}</button>
        </div>
      </dialog>`;
    }
  }
}
