/**
 * H1: the "Reassign dialog" window: the operators available for assignment and the bots,
 * searchable, in a modal `<dialog>`. A closed dialog stays closed after the reassignment.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Bot, Operator } from '../../sdk/model.js';
import { foldText } from '../../sdk/rules/text.js';
import { icons } from '../icons.js';
import type { ChatView } from './view.js';

/** State of the reassign window. */
export interface ReassignChoice {
  query: string;
  /** `operator:<id>` or `bot:<id>`, or empty. */
  pick: string;
  operators: readonly Operator[];
  bots: readonly Bot[];
  isAdmin: boolean;
  busy: boolean;
  error: string;
}

/** Handlers of the reassign window. */
export interface ReassignHandlers {
  onQuery(query: string): void;
  onPick(pick: string): void;
  onSubmit(e: Event): void;
  onCancel(): void;
  onClose(): void;
}

/** The operators and bots matching a search (case and accents ignored); online operators first. */
export function reassignCandidates(operators: readonly Operator[], bots: readonly Bot[], query: string): { operators: Operator[]; bots: Bot[] } {
  const q = foldText(query.trim());
  const match = (name: string) => !q || foldText(name).includes(q);
  return {
    operators: operators.filter((o) => match(o.name)).sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name)),
    bots: bots.filter((b) => match(b.name)).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Renders the reassign window (opened with `showModal()` by the window). */
export function renderReassignDialog(view: ChatView, choice: ReassignChoice, on: ReassignHandlers): TemplateResult {
  const { dialog } = view;
  const current = dialog.assignee;
  const found = reassignCandidates(choice.operators, choice.bots, choice.query);
  const option = (value: string, name: string, note: string, disabled: boolean, online?: boolean) =>
    html`<label class="choice ${disabled ? 'disabled' : ''}">
      <input type="radio" name="assignee" .value=${value} .checked=${live(choice.pick === value)} ?disabled=${disabled} @change=${() => on.onPick(value)} />
      ${online === undefined ? html`<span class="presence bot" aria-hidden="true"></span>` : html`<span class="presence ${online ? 'online' : 'offline'}" aria-hidden="true"></span>`}
      <span class="choice-name">${name}</span>
      <span class="choice-note">${note}</span>
    </label>`;
  const nothingFound = found.operators.length === 0 && found.bots.length === 0;
  return html`<dialog data-modal="reassign" class="modal reassign-modal" aria-labelledby="reassign-title" @close=${on.onClose}>
    <form class="modal-form" novalidate @submit=${on.onSubmit}>
      <h2 id="reassign-title" class="modal-title">${view.t('reassign.title')}</h2>
      ${dialog.status === 'closed' ? html`<p class="note">${view.t('reassign.closedNote')}</p>` : nothing}
      ${choice.isAdmin ? nothing : html`<p class="note">${view.t('reassign.loseAccess')}</p>`}
      <div class="search-field">
        ${icons.search}
        <input
          type="search"
          class="search"
          aria-label=${view.t('reassign.search')}
          placeholder=${view.t('reassign.search')}
          .value=${live(choice.query)}
          @input=${(e: Event) => on.onQuery((e.target as HTMLInputElement).value)}
          autofocus
        />
      </div>
      <div class="choices">
        ${
          found.operators.length
            ? html`<fieldset>
              <legend>${view.t('reassign.operators')}</legend>
              ${found.operators.map((o) => {
                const isCurrent = current?.kind === 'operator' && current.id === o.id;
                const note = isCurrent ? view.t('reassign.current') : o.online ? view.t('reassign.online') : view.t('reassign.offline');
                // H1: only operators available for assignment (online) may be chosen.
                return option(`operator:${o.id}`, o.name, note, isCurrent || !o.online, o.online);
              })}
            </fieldset>`
            : nothing
        }
        ${
          found.bots.length
            ? html`<fieldset>
              <legend>${view.t('reassign.bots')}</legend>
              ${found.bots.map((b) => {
                const isCurrent = current?.kind === 'bot' && current.id === b.id;
                return option(`bot:${b.id}`, b.name, isCurrent ? view.t('reassign.current') : '', isCurrent);
              })}
            </fieldset>`
            : nothing
        }
        ${nothingFound ? html`<p class="note">${view.t('reassign.noMatch', { query: choice.query })}</p>` : nothing}
      </div>
      ${choice.error ? html`<p class="error" role="alert">${choice.error}</p>` : nothing}
      <div class="modal-actions">
        <button type="button" class="button" @click=${on.onCancel}>${view.tc('cancel')}</button>
        <button type="submit" class="button primary" ?disabled=${!choice.pick || choice.busy}>${view.t('reassign.submit')}</button>
      </div>
    </form>
  </dialog>`;
}
