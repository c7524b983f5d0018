/**
 * `<chat-settings>` (F2): the chat settings an administrator edits, the response-time limit first.
 * It reads `client.$settings` and saves through `client.updateSettings`; every operator's list
 * re-sorts as soon as the server announces the change. Operators who are not administrators see
 * the current values, read-only, and why.
 */
import { css, html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { ChatSettings } from '../../sdk/model.js';
import { MAX_RESPONSE_TIME_LIMIT_MS, MIN_RESPONSE_TIME_LIMIT_MS } from '../../sdk/protocol.js';
import { ChatdeskElement } from '../base.js';
import { formatDuration } from '../i18n.js';
import { baseStyles } from '../styles.js';
import { messages } from './chat-settings.messages.js';

/** Detail of `settings-change`: the settings as the server stored them. */
export type ChatSettingsChangeDetail = ChatSettings;

const MIN_MINUTES = MIN_RESPONSE_TIME_LIMIT_MS / 60_000;
const MAX_MINUTES = MAX_RESPONSE_TIME_LIMIT_MS / 60_000;

/**
 * The chat settings form (F2): "No time limit" or a response-time limit in minutes, saved by an
 * administrator. Without a limit, processing order is unavailable and lists sort by last activity.
 * Changes another administrator makes show at once unless this form has unsaved edits.
 *
 * @summary Chat settings: the response-time limit (F2).
 *
 * @fires settings-change - The settings were saved; `detail` is the stored {@link ChatSettings}.
 * @csspart form - The form.
 * @csspart limit - The response-time limit group.
 * @csspart minutes - The minutes field.
 * @csspart current - The line saying the limit now in force.
 * @csspart status - The line saying saved, the error, or why the form is read-only.
 * @csspart save - The save button.
 *
 * @cssprop --chat-settings-gap - Space between the form's rows (default `--chatdesk-space`).
 */
export class ChatSettingsPanel extends ChatdeskElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        --_gap: var(--chat-settings-gap, var(--_space));
      }
      form {
        display: grid;
        gap: calc(var(--_gap) * 1.5);
      }
      fieldset {
        margin: 0;
        padding: var(--_gap) calc(var(--_gap) * 1.5) calc(var(--_gap) * 1.5);
        border: 1px solid var(--_color-border);
        border-radius: var(--_radius);
        display: grid;
        gap: var(--_gap);
      }
      legend {
        font-weight: 600;
        padding-inline: 4px;
      }
      .hint,
      .current {
        margin: 0;
        color: var(--_color-text-muted);
        font-size: var(--_font-size-small);
      }
      .choice {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: var(--_gap);
      }
      input[type='number'] {
        inline-size: 7em;
        padding: 4px 6px;
        font: inherit;
        color: var(--_color-text);
        background: var(--_color-bg);
        border: 1px solid var(--_color-border);
        border-radius: calc(var(--_radius) / 2);
      }
      input[aria-invalid='true'] {
        border-color: var(--_color-danger);
      }
      .status {
        margin: 0;
        min-block-size: 1.4em;
      }
      .status.error {
        color: var(--_color-danger);
      }
      .status.saved {
        color: var(--_color-success);
      }
      .status.readonly {
        color: var(--_color-warning);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
      }
    `,
  ];
  static override get properties(): PropertyDeclarations {
    return {
      mode: { state: true, attribute: false },
      minutes: { state: true, attribute: false },
      dirty: { state: true, attribute: false },
      status: { state: true, attribute: false },
    };
  }

  private mode: 'none' | 'limit' = 'limit';
  private minutes = '';
  private dirty = false;
  private status: { kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; text: string } = { kind: 'idle' };
  private shown: ChatSettings | null = null;

  /** Fills the form from the stored settings when it has no unsaved edits. */
  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const settings = this.client?.$settings.get() ?? null;
    if (settings && settings !== this.shown && !this.dirty) {
      this.mode = settings.responseTimeLimitMs === null ? 'none' : 'limit';
      this.minutes = settings.responseTimeLimitMs === null ? this.minutes || '15' : String(Math.round(settings.responseTimeLimitMs / 60_000));
      this.shown = settings;
    }
  }

  private edit(patch: Partial<{ mode: 'none' | 'limit'; minutes: string }>): void {
    if (patch.mode) this.mode = patch.mode;
    if (patch.minutes !== undefined) this.minutes = patch.minutes;
    this.dirty = true;
    if (this.status.kind !== 'saving') this.status = { kind: 'idle' };
  }

  /** The minutes typed, or null when they are not whole minutes in range. */
  private get validMinutes(): number | null {
    const n = Number(this.minutes);
    return this.minutes.trim() !== '' && Number.isInteger(n) && n >= MIN_MINUTES && n <= MAX_MINUTES ? n : null;
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const client = this.client;
    if (!client || this.status.kind === 'saving') return;
    const minutes = this.validMinutes;
    if (this.mode === 'limit' && minutes === null) {
      this.status = { kind: 'error', text: this.tr(messages, 'invalidMinutes', { min: MIN_MINUTES, max: MAX_MINUTES }) };
      this.renderRoot.querySelector<HTMLInputElement>('input[type="number"]')?.focus();
      return;
    }
    this.status = { kind: 'saving' };
    try {
      const saved = await client.updateSettings({ responseTimeLimitMs: this.mode === 'none' ? null : minutes! * 60_000 });
      this.dirty = false;
      this.shown = null;
      this.status = { kind: 'saved' };
      this.emit<ChatSettingsChangeDetail>('settings-change', saved);
    } catch (err) {
      this.status = { kind: 'error', text: this.errorText(err) };
    }
  }

  protected override render(): TemplateResult {
    const client = this.client;
    const settings = client ? this.use(client.$settings) : null;
    const canEdit = client ? this.use(client.$canEditSettings) : false;
    const t = (key: keyof typeof messages.en, params?: Record<string, string | number>) => this.tr(messages, key, params);
    const invalid = this.status.kind === 'error' && this.mode === 'limit' && this.validMinutes === null;
    const disabled = !canEdit || this.status.kind === 'saving';
    const current = settings === null ? nothing : settings.responseTimeLimitMs === null ? t('currentNone') : t('current', { value: formatDuration(this.currentLocale, settings.responseTimeLimitMs) });
    const statusText = !client
      ? this.tc('notConnected')
      : !canEdit && this.use(client.$me)
        ? t('readOnly')
        : this.status.kind === 'error'
          ? this.status.text
          : this.status.kind === 'saved'
            ? t('saved')
            : this.status.kind === 'saving'
              ? t('saving')
              : '';
    const statusKind = !canEdit ? 'readonly' : this.status.kind;
    return html`<form part="form" aria-label=${t('title')} @submit=${(e: Event) => void this.save(e)} novalidate>
      <fieldset part="limit" aria-describedby="limit-hint">
        <legend>${t('limitLegend')}</legend>
        <p class="hint" id="limit-hint">${t('limitHint')}</p>
        <label class="choice">
          <input type="radio" name="limit" value="none" .checked=${this.mode === 'none'} ?disabled=${disabled} @change=${() => this.edit({ mode: 'none' })} />
          <span>${t('noLimit')}</span>
        </label>
        <div class="choice">
          <input id="with-limit" type="radio" name="limit" value="limit" .checked=${this.mode === 'limit'} ?disabled=${disabled} @change=${() => this.edit({ mode: 'limit' })} />
          <label for="with-limit">${t('withLimit')}</label>
          <input
            part="minutes"
            type="number"
            inputmode="numeric"
            min=${MIN_MINUTES}
            max=${MAX_MINUTES}
            step="1"
            aria-label=${t('minutesLabel')}
            aria-invalid=${invalid ? 'true' : 'false'}
            aria-describedby="status"
            .value=${this.minutes}
            ?disabled=${disabled || this.mode === 'none'}
            @input=${(e: Event) => this.edit({ minutes: (e.target as HTMLInputElement).value })}
          />
          <span aria-hidden="true">${t('minutes')}</span>
        </div>
        <p class="current" part="current">${current}</p>
      </fieldset>
      <p id="status" class="status ${statusKind}" part="status" role=${this.status.kind === 'error' ? 'alert' : 'status'}>${statusText}</p>
      ${
        canEdit
          ? html`<div class="actions">
            <button type="submit" class="button primary" part="save" ?disabled=${this.status.kind === 'saving'}>${this.tc('save')}</button>
          </div>`
          : nothing
      }
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-settings': ChatSettingsPanel;
  }
  interface GlobalEventHandlersEventMap {
    'settings-change': CustomEvent<ChatSettingsChangeDetail>;
  }
}
