/**
 * The bulk actions of `<dialog-list>` (D1-D4): the Actions menu of the selection bar and the
 * delete windows ({@link DeleteConfirm}), loaded the first time the operator opens the menu or
 * presses Delete (`dialog-list.ts` holds it in an `OnDemand`): a page pays for them only then.
 * Their styles travel with them.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Id, Operator } from '../../sdk/model.js';
import { canDelete } from '../../sdk/rules/permissions.js';
import { adoptChunkStyles } from '../internal/on-demand.js';
import { MenuController } from '../internal/menu.js';
import { DeleteConfirm, type DeleteConfirmDeps, type DeleteConfirmHost } from './delete-confirm.js';
import { messages } from './dialog-list.messages.js';

/** The English strings of the menu and the delete windows (the list's bundle, `dialog-list.messages.ts`). */
export const bulkActionStrings = {
  deleteAction: 'Delete',
  noDeleteRight: 'You cannot delete dialogs: your user group does not have the right. Ask an administrator to grant it.',
  confirmTitle_one: 'Delete {count} dialog?',
  confirmTitle_other: 'Delete {count} dialogs?',
  confirmTitle: 'Delete {count} dialogs?',
  confirmText: 'The dialogs and their whole history are removed for every operator. The clients are not deleted. This cannot be undone.',
  confirmDelete: 'Delete',
  deleting: 'Deleting…',
  deleted_one: '{count} dialog deleted.',
  deleted_other: '{count} dialogs deleted.',
  deleted: '{count} dialogs deleted.',
  notDeleted_one: '{count} could not be deleted.',
  notDeleted_other: '{count} could not be deleted.',
  notDeleted: '{count} could not be deleted.',
  partialTitle: 'Some dialogs were not deleted',
  partialText: '{ok} of {total} deleted. These could not be:',
  deleteFailed: 'The dialogs could not be deleted.',
};
// They join the list's bundle (whose type already names them) when this chunk loads.
Object.assign(messages.en, bulkActionStrings);

/** The styles of the menu and the delete windows. */
const bulkStyles = css`
  .menu {
    position: absolute;
    inset-block-start: calc(100% - 4px);
    inset-inline-start: 8px;
    min-inline-size: min(220px, calc(100% - 16px));
    max-inline-size: calc(100% - 16px);
    z-index: 5;
    padding: 4px;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-bg);
    box-shadow: 0 8px 24px var(--_color-shadow);
  }
  .menu-item {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    inline-size: 100%;
    padding: 8px 10px;
    border: 0;
    border-radius: calc(var(--_radius) - 2px);
    background: transparent;
    text-align: start;
    cursor: pointer;
  }
  .menu-item:hover,
  .menu-item:focus-visible {
    background: var(--_color-surface-hover);
  }
  .menu-item.danger {
    color: var(--_color-danger);
  }
  .menu-item[aria-disabled='true'] {
    color: var(--_color-text-muted);
    cursor: not-allowed;
  }
  .menu-hint {
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
    white-space: normal;
  }
  dialog.confirm {
    inline-size: min(420px, calc(100vw - 32px));
  }
  dialog.confirm h2 {
    margin: 0 0 8px;
    font-size: 17px;
  }
  dialog.confirm p {
    margin: 0 0 8px;
  }
  .names,
  .failures {
    margin: 0 0 12px;
    padding-inline-start: 20px;
    max-block-size: 160px;
    overflow-y: auto;
  }
  .error {
    color: var(--_color-danger);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
  }
`;

/** What the bulk actions need from the list. */
export interface BulkActionsDeps extends DeleteConfirmDeps {
  /** The selected dialogs. */
  selection(): readonly Id[];
}

/** The Actions menu and the delete windows of one list. */
export class BulkActions {
  readonly menu: MenuController;
  readonly deletion: DeleteConfirm;

  constructor(
    private readonly host: DeleteConfirmHost,
    private readonly deps: BulkActionsDeps,
  ) {
    this.menu = new MenuController(host, { button: '.actions-button', wrap: '.menu-wrap' });
    this.deletion = new DeleteConfirm(host, deps);
  }

  /** Closes the menu (focus stays where it is). */
  close(): void {
    this.menu.close(false);
  }

  /** The Delete item was chosen: without the right, says why; else asks to confirm. */
  private choose(e: Event, allowed: boolean): void {
    this.menu.close(false);
    const button = this.host.renderRoot.querySelector<HTMLElement>('.actions-button');
    if (!allowed) {
      this.deps.notice(this.deps.t('noDeleteRight'));
      button?.focus();
      return;
    }
    e.stopPropagation();
    this.deletion.request([...this.deps.selection()], button);
  }

  /** The Actions menu (D2), while open. */
  renderMenu(me: Operator | null): TemplateResult | typeof nothing {
    if (!this.menu.open) return nothing;
    const t = this.deps.t;
    const allowed = me ? canDelete(me) : false;
    return html`<div class="menu" id="actions-menu" role="menu" part="actions-menu" aria-label=${t('actions')} @keydown=${this.menu.onMenuKeydown}>
      <button
        type="button"
        role="menuitem"
        tabindex="-1"
        class="menu-item danger"
        data-action="delete"
        aria-disabled=${ifDefined(allowed ? undefined : 'true')}
        @click=${(e: Event) => this.choose(e, allowed)}
      >
        <span>${t('deleteAction')}</span>
        ${allowed ? nothing : html`<span class="menu-hint">${t('noDeleteRight')}</span>`}
      </button>
    </div>`;
  }

  /** The delete windows (their styles join the list's). */
  render(): TemplateResult {
    adoptChunkStyles(this.host, bulkStyles);
    return this.deletion.render();
  }
}
