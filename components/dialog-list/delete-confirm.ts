/**
 * Bulk delete of `<dialog-list>` (D1-D4): the confirmation window, the delete itself, and the
 * window listing what could not be deleted. A reactive controller over a {@link ModalController}
 * (focus goes back to what asked for the delete).
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { Id } from '../../sdk/model.js';
import type { DeleteResult } from '../../sdk/protocol.js';
import { canDelete } from '../../sdk/rules/permissions.js';
import { common } from '../common.messages.js';
import { ModalController } from '../internal/on-demand.js';
import type { ListKey } from './dialog-row.js';

type ConfirmState =
  { phase: 'confirm' | 'deleting'; ids: Id[]; names: Map<Id, string>; error?: string | undefined } | { phase: 'result'; ids: Id[]; names: Map<Id, string>; ok: number; failed: DeleteResult[] };

/** The list, as the controller's host. */
export type DeleteConfirmHost = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment; readonly client?: ChatClient | undefined };

/** What the delete needs from the list besides its host API. */
export interface DeleteConfirmDeps {
  t(key: ListKey, params?: Record<string, string | number>): string;
  tc(key: keyof typeof common.en): string;
  errorText(error: unknown): string;
  /** The name a dialog is shown by (its client's). */
  nameOf(id: Id): string;
  /** Says something in the list's visible status area. */
  notice(text: string): void;
  /** A delete finished: `dialogs-delete` and the new selection (the dialogs that stay). */
  deleted(results: DeleteResult[], kept: Id[]): void;
  /** Focus when the trigger is gone. */
  refocus(): void;
}

/** The delete windows; focus return through its {@link ModalController} (a reactive controller of the host). */
export class DeleteConfirm {
  state: ConfirmState | null = null;
  private readonly modal: ModalController;

  constructor(
    private readonly host: DeleteConfirmHost,
    private readonly deps: DeleteConfirmDeps,
  ) {
    this.modal = new ModalController(host, () => host.renderRoot.querySelector<HTMLDialogElement>('dialog.confirm'));
  }

  /** D1-D4: asks to delete `ids`; without the right, says why instead. */
  request(ids: Id[], trigger: HTMLElement | null): void {
    const c = this.host.client;
    const me = c?.$me.get();
    if (!c || !me || ids.length === 0) return;
    if (!canDelete(me)) {
      this.deps.notice(this.deps.t('noDeleteRight'));
      return;
    }
    const names = new Map<Id, string>();
    for (const id of ids) names.set(id, this.deps.nameOf(id));
    this.set({ phase: 'confirm', ids, names });
    void this.modal.show(trigger);
  }

  private set(state: ConfirmState | null): void {
    this.state = state;
    this.host.requestUpdate();
  }

  private async confirm(): Promise<void> {
    const c = this.host.client;
    const st = this.state;
    if (!c || !st || st.phase !== 'confirm') return;
    this.set({ ...st, phase: 'deleting', error: undefined });
    try {
      const results = await c.deleteDialogs(st.ids);
      const failed = results.filter((r) => !r.ok);
      const ok = results.length - failed.length;
      this.deps.deleted(
        results,
        failed.map((r) => r.dialogId).filter((id) => c.$dialogs.get().has(id)),
      );
      // D1-D3: the result, in the list's status region (announced); the failures, one by one, in the window below.
      const said = [ok ? this.deps.t('deleted', { count: ok }) : '', failed.length ? this.deps.t('notDeleted', { count: failed.length }) : ''];
      this.deps.notice(said.filter(Boolean).join(' '));
      if (failed.length === 0) {
        this.set(null);
        await this.modal.hide();
      } else {
        this.set({ phase: 'result', ids: st.ids, names: st.names, ok, failed });
        await this.host.updateComplete;
        this.host.renderRoot.querySelector<HTMLElement>('dialog.confirm .button.primary')?.focus();
      }
    } catch (e) {
      this.set({ ...st, phase: 'confirm', error: `${this.deps.t('deleteFailed')} ${this.deps.errorText(e)}` });
    }
  }

  private readonly close = (): void => {
    if (this.state?.phase === 'deleting') return;
    this.set(null);
    void this.modal.hide();
  };

  private readonly onClose = (): void => {
    this.set(null);
    this.modal.closed(() => this.deps.refocus());
  };

  private readonly onCancel = (e: Event): void => {
    if (this.state?.phase === 'deleting') e.preventDefault();
  };

  private reasonText(code: string | undefined): string {
    const key = `error.${code ?? 'internal'}` as keyof typeof common.en;
    return key in common.en ? this.deps.tc(key) : this.deps.tc('error.internal');
  }

  render(): TemplateResult {
    const st = this.state;
    const t = (key: ListKey, params?: Record<string, string | number>) => this.deps.t(key, params);
    let body: TemplateResult | typeof nothing = nothing;
    if (st && st.phase === 'result') {
      body = html`<h2 id="confirm-title">${t('partialTitle')}</h2>
        <p>${t('partialText', { ok: st.ok, total: st.ids.length })}</p>
        <ul class="failures" part="delete-failures">
          ${st.failed.map((r) => html`<li><strong>${st.names.get(r.dialogId) ?? r.dialogId}</strong>: ${this.reasonText(r.reason)}</li>`)}
        </ul>
        <div class="dialog-actions">
          <button type="button" class="button primary" autofocus @click=${this.close}>${this.deps.tc('close')}</button>
        </div>`;
    } else if (st) {
      const busy = st.phase === 'deleting';
      const names = st.ids.slice(0, 5).map((id) => st.names.get(id) ?? id);
      body = html`<h2 id="confirm-title">${t('confirmTitle', { count: st.ids.length })}</h2>
        <p>${t('confirmText')}</p>
        <ul class="names">
          ${names.map((nm) => html`<li>${nm}</li>`)}${st.ids.length > 5 ? html`<li>…</li>` : nothing}
        </ul>
        ${st.error ? html`<p class="error" role="alert">${st.error}</p>` : nothing}
        <div class="dialog-actions">
          <button type="button" class="button" autofocus ?disabled=${busy} @click=${this.close}>${this.deps.tc('cancel')}</button>
          <button type="button" class="button danger" data-action="confirm-delete" ?disabled=${busy} @click=${() => void this.confirm()}>
            ${busy ? t('deleting') : t('confirmDelete')}
          </button>
        </div>`;
    }
    return html`<dialog class="confirm" part="confirm" aria-labelledby="confirm-title" @close=${this.onClose} @cancel=${this.onCancel}>${body}</dialog>`;
  }
}
