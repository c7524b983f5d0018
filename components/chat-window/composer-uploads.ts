/**
 * The attached files of `<chat-window>`'s composer (P1, P2): a chip per file with its preview,
 * size, upload progress or failure, and a remove button; why files were refused (P1). In the on-demand chunk
 * (chat-window.modals.ts), loaded when the operator first picks, drops or pastes files.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { UploadState } from '../../sdk/client.js';
import { ChatCommandError, type ErrorCode } from '../../sdk/protocol.js';
import type { DialogSession } from '../../sdk/session/dialog-session.js';
import { formatBytes } from '../i18n.js';
import { icons } from '../icons.js';
import type { Channel } from '../../sdk/model.js';
import type { AttachmentRefusal } from '../../sdk/rules/attachments.js';
import type { AttachRefusal } from '../../sdk/session/composer-state.js';
import { acceptsSentence, type Composer } from './composer.js';
import type { ChatView } from './view.js';

/** The reason a file is refused, in words (P1). */
export function refusalText(view: Pick<ChatView, 't' | 'tc' | 'locale'>, refusal: AttachmentRefusal, channel: Channel | undefined): string {
  const accepts = channel ? ` ${acceptsSentence(view, channel)}` : '';
  switch (refusal) {
    case 'not_allowed':
      return view.tc('error.attachment_not_allowed');
    case 'type':
      return view.tc('error.attachment_type') + accepts;
    case 'size':
      return view.tc('error.attachment_size') + accepts;
    case 'count':
      return view.tc('error.attachment_count') + accepts;
    case 'empty':
      return view.t('composer.emptyFile');
  }
}

/** Why files were refused, one alert line each. */
export function renderRefusals(view: ChatView, refusals: readonly AttachRefusal[]): TemplateResult[] {
  return refusals.map((r) => html`<p class="error refusal">${view.t('composer.refused', { name: r.name, reason: refusalText(view, r.refusal, view.channel) })}</p>`);
}

/**
 * Removes an attached file. The chip (and the button pressed) goes away: focus moves to the
 * next chip's remove button, else the previous one, else the input.
 */
function removeUpload(c: Composer, session: DialogSession, key: string, button: HTMLElement): void {
  const { host } = c;
  const buttons = [...host.renderRoot.querySelectorAll<HTMLElement>('button.remove-upload')];
  const i = buttons.indexOf(button);
  const next = buttons[i + 1] ?? buttons[i - 1];
  const nextKey = next?.dataset['upload'];
  const hadFocus = (button.getRootNode() as ShadowRoot).activeElement === button;
  session.removeUpload(key);
  host.requestUpdate();
  if (!hadFocus) return;
  void host.updateComplete.then(() => {
    const target = nextKey ? host.renderRoot.querySelector<HTMLElement>(`button.remove-upload[data-upload="${CSS.escape(nextKey)}"]`) : null;
    if (target) target.focus();
    else c.focus();
  });
}

function renderUpload(c: Composer, view: ChatView, session: DialogSession, u: UploadState): TemplateResult {
  const errorCode = u.error as ErrorCode | undefined;
  const remove = view.t('composer.removeFile', { name: u.name });
  return html`<li class="upload ${u.state}" part="upload">
    ${u.previewUrl ? html`<img class="upload-thumb" src=${u.previewUrl} alt="" width="40" height="40" />` : html`<span class="upload-icon">${icons.file}</span>`}
    <span class="upload-text">
      <span class="upload-name" dir="auto">${u.name}</span>
      <span class="upload-meta">${formatBytes(view.locale, u.size)}</span>
      ${u.state === 'uploading' ? html`<progress class="upload-progress" max="1" .value=${u.progress} aria-label=${view.t('composer.uploadingFile', { name: u.name })}></progress>` : nothing}
      ${u.state === 'failed' ? html`<span class="upload-error">${errorCode ? c.host.composerErrorText(new ChatCommandError(errorCode, errorCode)) : view.tc('error.unavailable')}</span>` : nothing}
      ${u.state === 'done' ? html`<span class="visually-hidden">${view.t('composer.uploaded', { name: u.name })}</span>` : nothing}
    </span>
    <button
      type="button"
      class="icon-button remove-upload"
      data-upload=${u.key}
      aria-label=${remove}
      title=${remove}
      @click=${(e: Event) => removeUpload(c, session, u.key, e.currentTarget as HTMLElement)}
    >
      ${icons.x}
    </button>
  </li>`;
}

/** The list of attached files of composer `c`. */
export function renderUploads(c: Composer, view: ChatView, session: DialogSession, uploads: readonly UploadState[]): TemplateResult | typeof nothing {
  if (!uploads.length) return nothing;
  return html`<ul class="uploads" aria-label=${view.t('composer.files')}>
    ${repeat(
      uploads,
      (u) => u.key,
      (u) => renderUpload(c, view, session, u),
    )}
  </ul>`;
}
