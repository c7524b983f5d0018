/**
 * H6: the forward window of `<attachment-viewer>`: a modal `<dialog>` to forward one attachment
 * into this dialog or into another one chosen from a searchable list. Dialogs whose channel would
 * refuse the file (type, size, no files at all) or where the operator may not write are shown
 * disabled with the reason; a refusal from the backend is shown in words and the window stays
 * open.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Channel, Dialog, Id } from '../../sdk/model.js';
import type { AttachmentItem } from '../../sdk/protocol.js';
import { checkAttachment } from '../../sdk/rules/attachments.js';
import { canWrite } from '../../sdk/rules/permissions.js';
import { includesFolded } from '../../sdk/rules/text.js';
import { clientDisplayName, displayNameText } from '../../sdk/session/names.js';
import { formatBytes } from '../i18n.js';
import { icons } from '../icons.js';
import { adoptChunkStyles } from '../internal/on-demand.js';
import { attachmentViewerStylesForward } from './attachment-viewer.forward.styles.js';
import type { AttachmentView } from './view.js';

/** A dialog the attachment can be forwarded into, with why it cannot, if it cannot. */
export interface ForwardTarget {
  dialog: Dialog;
  /** The client's name (or the dialog's title after a detach). */
  name: string;
  channel: Channel | undefined;
  /** Why the forward would be refused, in words; `null` when it would be accepted. */
  refusal: string | null;
}

/** What the forward window asks of its host. */
export interface ForwardSource {
  /** Forwards the attachment; rejects with the backend's refusal. */
  forward(item: AttachmentItem, toDialogId: Id): Promise<void>;
}

type Host = ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment };

/** How many matching dialogs the list shows before asking for a narrower search. */
const FORWARD_LIST_LIMIT = 50;

/** H6: why `item` cannot go into `dialog` (channel rules, then the right to write), or `null`. */
function forwardRefusal(view: AttachmentView, item: AttachmentItem, dialog: Dialog): string | null {
  const a = item.attachment;
  if (!a.available) return view.t('refusal.unavailable');
  const channel = view.channels.get(dialog.channelId);
  const channelName = channel?.name ?? view.tc('unknown');
  if (!channel) return view.t('refusal.not_allowed', { channel: channelName });
  const r = checkAttachment(channel, { name: a.name, type: a.mime, size: a.size });
  if (r) return view.t(`refusal.${r}`, { channel: channelName, max: formatBytes(view.locale, channel.capabilities.attachments.maxBytes) });
  if (view.me) {
    const client = dialog.clientId ? view.clients.get(dialog.clientId) : null;
    const w = canWrite(view.me, dialog, client);
    if (!w.ok) return view.t(`refusal.${w.reason}`);
  }
  return null;
}

/** The forward window's state and template. */
export class ForwardDialog implements ReactiveController {
  /** The attachment being forwarded, while open. */
  item: AttachmentItem | null = null;
  private query = '';
  private selected: Id | null = null;
  private sending = false;
  private error = '';
  private trigger: HTMLElement | null = null;

  constructor(
    private readonly host: Host,
    private readonly source: ForwardSource,
  ) {
    host.addController(this);
    // Loaded on first open (windows.ts): its styles come with it.
    adoptChunkStyles(host, attachmentViewerStylesForward);
  }

  hostDisconnected(): void {
    // A window left open when the element goes away is dropped, with what it was forwarding.
    this.item = null;
    this.trigger = null;
    this.sending = false;
  }

  private dialogEl(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.forward');
  }

  /** Whether the window is open. */
  get isOpen(): boolean {
    return this.dialogEl()?.open ?? false;
  }

  /** Opens the window for an attachment; `here` is preselected when it accepts the file. */
  async open(view: AttachmentView, item: AttachmentItem, trigger: HTMLElement | null): Promise<void> {
    this.item = item;
    this.query = '';
    this.error = '';
    this.sending = false;
    this.trigger = trigger;
    const here = view.dialogs.get(view.dialogId);
    this.selected = here && !forwardRefusal(view, item, here) ? here.id : null;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.dialogEl();
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
  }

  /** Closes the window; focus returns to the button that opened it. */
  close(): void {
    const d = this.dialogEl();
    if (d?.open) d.close();
  }

  private onClose(): void {
    const trigger = this.trigger;
    this.item = null;
    this.trigger = null;
    this.sending = false;
    this.host.requestUpdate();
    if (trigger?.isConnected) trigger.focus();
  }

  private onKeydown(e: KeyboardEvent, view: AttachmentView): void {
    if (e.key === 'Tab') view.trapTab(e.currentTarget as HTMLDialogElement, e);
    else if (e.key === 'Escape') {
      e.stopPropagation();
      if (this.sending) e.preventDefault();
    }
  }

  private async submit(e: Event, view: AttachmentView): Promise<void> {
    e.preventDefault();
    const item = this.item;
    if (!item || this.sending) return;
    if (!this.selected) {
      this.error = view.t('forward.pick');
      this.host.requestUpdate();
      return;
    }
    this.sending = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      await this.source.forward(item, this.selected);
      this.sending = false;
      this.close();
    } catch (err) {
      this.sending = false;
      this.error = view.t('forward.refused', { reason: view.errorText(err) });
      this.host.requestUpdate();
      await this.host.updateComplete;
      this.dialogEl()?.querySelector<HTMLElement>('button[type="submit"]')?.focus();
    }
  }

  /** Every dialog but the current one matching the search (title, client or channel name), most recently active first. */
  targets(view: AttachmentView, item: AttachmentItem): { shown: ForwardTarget[]; matching: number } {
    const list: ForwardTarget[] = [];
    let matching = 0;
    const q = this.query.trim();
    const sorted = [...view.dialogs.values()].filter((d) => d.id !== view.dialogId).sort((a, b) => b.lastActivityAt - a.lastActivityAt || a.id.localeCompare(b.id));
    for (const d of sorted) {
      const client = d.clientId ? view.clients.get(d.clientId) : undefined;
      // The SDK's one name rule: the client's name, else the dialog's title, else "Unknown".
      const name = displayNameText(clientDisplayName({ client, dialog: d }), () => view.tc('unknown'));
      const channel = view.channels.get(d.channelId);
      if (q && !includesFolded(d.title, q) && !includesFolded(name, q) && !(channel && includesFolded(channel.name, q))) continue;
      matching++;
      if (list.length < FORWARD_LIST_LIMIT) list.push({ dialog: d, name, channel, refusal: forwardRefusal(view, item, d) });
    }
    return { shown: list, matching };
  }

  private option(view: AttachmentView, t: ForwardTarget, here: boolean): TemplateResult {
    // A DOM-safe id from any dialog id.
    const reasonId = `fwd-reason-${t.dialog.id.replace(/[^\w-]/g, '_')}`;
    const title = t.name === t.dialog.title ? t.name : `${t.name} (${t.dialog.title})`;
    return html`<li>
      <label class="fwd-target ${t.refusal ? 'refused' : ''}" part="forward-target">
        <input
          type="radio"
          name="fwd-target"
          value=${t.dialog.id}
          .checked=${live(this.selected === t.dialog.id)}
          ?disabled=${!!t.refusal || this.sending}
          aria-describedby=${t.refusal ? reasonId : nothing}
          @change=${() => {
            this.selected = t.dialog.id;
            this.error = '';
            this.host.requestUpdate();
          }}
        />
        <span class="fwd-text">
          <span class="fwd-name" dir="auto">${here ? html`<strong>${view.t('forward.here')}</strong> · ` : nothing}${title}</span>
          <span class="fwd-channel">${t.channel?.name ?? view.tc('unknown')}</span>
          ${t.refusal ? html`<span class="fwd-reason" id=${reasonId}>${icons.warning}<span>${t.refusal}</span></span>` : nothing}
        </span>
      </label>
    </li>`;
  }

  /** The `<dialog>` (always rendered; its content only while open). */
  render(view: AttachmentView): TemplateResult {
    return html`<dialog
      class="forward"
      part="forward-dialog"
      aria-labelledby="fwd-title"
      @keydown=${(e: KeyboardEvent) => this.onKeydown(e, view)}
      @close=${() => this.onClose()}
    >
      ${this.item ? this.renderContent(view, this.item) : nothing}
    </dialog>`;
  }

  private renderContent(view: AttachmentView, item: AttachmentItem): TemplateResult {
    const hereDialog = view.dialogs.get(view.dialogId);
    const here: ForwardTarget | null = hereDialog
      ? {
          dialog: hereDialog,
          name: (hereDialog.clientId ? view.clients.get(hereDialog.clientId)?.name : undefined) ?? hereDialog.title,
          channel: view.channels.get(hereDialog.channelId),
          refusal: forwardRefusal(view, item, hereDialog),
        }
      : null;
    const { shown, matching } = this.targets(view, item);
    const q = this.query.trim();
    return html`<form class="fwd-form" @submit=${(e: Event) => void this.submit(e, view)} aria-busy=${this.sending ? 'true' : 'false'}>
      <header class="fwd-head">
        <h2 id="fwd-title" class="fwd-heading" dir="auto">${view.t('forward.title', { name: item.attachment.name })}</h2>
        <button type="button" class="icon-button" aria-label=${view.tc('close')} title=${view.tc('close')} @click=${() => this.close()}>${icons.x}</button>
      </header>
      <fieldset class="fwd-targets">
        <legend id="fwd-legend">${view.t('forward.targets')}</legend>
        ${here ? html`<ul class="fwd-list fwd-here" role="list">${this.option(view, here, true)}</ul>` : nothing}
        <div class="fwd-search">
          <label for="fwd-search">${view.t('forward.search')}</label>
          <div class="fwd-search-box">
            ${icons.search}
            <input
              id="fwd-search"
              type="search"
              autocomplete="off"
              ?readonly=${this.sending}
              placeholder=${view.t('forward.searchPlaceholder')}
              .value=${live(this.query)}
              aria-controls=${shown.length ? 'fwd-list' : nothing}
              @input=${(e: Event) => {
                this.query = (e.target as HTMLInputElement).value;
                this.host.requestUpdate();
              }}
            />
          </div>
        </div>
        ${
          shown.length
            ? html`<ul class="fwd-list" id="fwd-list" role="list" part="forward-list" tabindex="0" aria-labelledby="fwd-legend">
              ${shown.map((t) => this.option(view, t, false))}
            </ul>`
            : nothing
        }
        <p class="fwd-note" role="status">${matching === 0 && q ? view.t('forward.noMatch', { query: q }) : matching > shown.length ? view.t('forward.more', { count: matching - shown.length }) : nothing}</p>
      </fieldset>
      <div class="fwd-error" role="alert" part="forward-error">${this.error ? html`${icons.warning}<span>${this.error}</span>` : nothing}</div>
      <footer class="fwd-actions">
        <span class="fwd-progress" role="status">${this.sending ? view.t('forward.sending') : nothing}</span>
        <button type="button" class="button" @click=${() => this.close()}>${view.tc('cancel')}</button>
        <button type="submit" class="button primary" ?disabled=${this.sending || !this.selected}>${icons.forward}<span>${view.t('forward.submit')}</span></button>
      </footer>
    </form>`;
  }
}
