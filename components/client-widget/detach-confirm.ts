/**
 * W2, H5: "Detach client" (loaded on demand with client-widget.windows.ts): the modal confirmation (opened with
 * `showModal`, focus back to its trigger or to the notice that replaced it), the detach itself
 * with its error (in the confirmation, or under the title when it was closed meanwhile), and why
 * the action is not offered.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { Client, Dialog } from '../../sdk/model.js';
import { ModalController } from '../internal/on-demand.js';
import type { ClientDetachDetail } from './client-widget.js';
import type { ClientWidgetKey } from './client-widget.messages.js';
import { channelLabel, type SectionContext } from './sections.js';

/** What the detach confirmation needs from the widget besides its host API. */
export interface DetachConfirmDeps {
  t(key: ClientWidgetKey, params?: Record<string, string | number>): string;
  /** A common string (Cancel). */
  cancel(): string;
  errorText(error: unknown): string;
  /** Says something through the widget's live region. */
  say(text: string): void;
  /** The client was detached: `client-detach`. */
  detached(detail: ClientDetachDetail): void;
  sectionContext(client: ChatClient): SectionContext;
}

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment; readonly client?: ChatClient | undefined };

/** State and template of the detach confirmation; it asks its host to render when the state changes. */
export class DetachConfirm {
  /** The dialog and client the confirmation is about, while it is open. */
  private target: { dialog: Dialog; customer: Client } | null = null;
  private busy = false;
  private error = '';
  /** A detach that failed after its confirmation was closed. */
  private actionErrorValue = '';
  /** `showModal`, then focus back to its trigger. */
  private readonly modal: ModalController;

  constructor(
    private readonly host: Host,
    private readonly deps: DetachConfirmDeps,
  ) {
    this.modal = new ModalController(host, () => host.renderRoot?.querySelector<HTMLDialogElement>('dialog.confirm'));
  }

  /** The error of a detach whose confirmation was closed, for under the title. */
  get actionError(): string {
    return this.actionErrorValue;
  }

  /** The block moved to another dialog (or the client went elsewhere) while confirming: drop it (call from `willUpdate`). */
  follow(shown: { dialog: Dialog | null; client: Client } | null): void {
    const cf = this.target;
    if (cf && !this.busy && (!shown || shown.dialog?.id !== cf.dialog.id || shown.client.id !== cf.customer.id)) this.target = null;
  }

  /** Opens the confirmation for `dialog` and `customer`; focus returns to `trigger` when it closes. */
  open(trigger: HTMLElement | null, dialog: Dialog, customer: Client): void {
    this.error = '';
    this.actionErrorValue = '';
    this.target = { dialog, customer };
    this.host.requestUpdate();
    void this.modal.show(trigger);
  }

  /** Closes the confirmation. */
  close(): void {
    const dlg = this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.confirm');
    if (dlg?.open) dlg.close();
    this.finish();
  }

  /** The confirmation closed (Cancel, Escape, or done): focus goes back to the trigger, or to the notice that replaced it. */
  private finish(): void {
    if (!this.target) return;
    this.target = null;
    this.error = '';
    this.host.requestUpdate();
    this.modal.closed(() => this.host.renderRoot.querySelector<HTMLElement>('.notice[tabindex]')?.focus());
  }

  private readonly onClosed = (): void => this.finish();

  private async onConfirm(): Promise<void> {
    const client = this.host.client;
    const target = this.target;
    if (!client || !target || this.busy) return;
    this.busy = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      await client.detach(target.dialog.id);
      this.deps.say(this.deps.t('detach.done'));
      this.deps.detached({ dialogId: target.dialog.id, clientId: target.customer.id });
      this.busy = false;
      this.close();
    } catch (e) {
      // Said in the confirmation, or under the title when it was closed meanwhile.
      if (this.target === target) this.error = this.deps.errorText(e);
      else this.actionErrorValue = this.deps.errorText(e);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  /** The confirmation `<dialog>`, while it is open. */
  render(): TemplateResult | typeof nothing {
    const target = this.target;
    const client = this.host.client;
    if (!target || !client) return nothing;
    const { dialog, customer } = target;
    const t = this.deps.t;
    return html`<dialog class="confirm" part="dialog" aria-labelledby="detach-title" aria-describedby="detach-body" @close=${this.onClosed}>
      <h2 id="detach-title" class="dialog-title">${t('detach.title')}</h2>
      <p id="detach-body">${t('detach.body', { name: customer.name })}</p>
      <p class="dialog-channel">${channelLabel(this.deps.sectionContext(client), dialog.channelId)}<span dir="auto">${dialog.title}</span></p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="dialog-actions">
        <button type="button" class="button cancel" @click=${() => this.close()}>${this.deps.cancel()}</button>
        <button type="button" class="button danger confirm-detach" ?disabled=${this.busy} @click=${() => void this.onConfirm()}>${t('detach.confirm')}</button>
      </div>
    </dialog>`;
  }
}
