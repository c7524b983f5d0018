/**
 * `<chat-unread-badge>` (N2): the number of unread dialogs for a CRM header. It reads
 * `client.$unreadDialogCount`, derived from the same read positions as the list's per-row counts
 * (L1), so the two can never disagree.
 */
import { css, html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { ChatdeskElement } from '../base.js';
import { formatNumber } from '../i18n.js';
import { icons } from '../icons.js';
import { baseStyles } from '../styles.js';
import { messages } from './unread-badge.messages.js';

/**
 * The number of unread dialogs (N2), for the CRM header. Shows a bell (or the slotted icon) and a
 * count; with nothing unread the count disappears (or shows 0 with `show-zero`). The accessible
 * text always says the number in words ("3 unread dialogs").
 *
 * @summary Unread dialogs counter (N2).
 *
 * @slot icon - Replaces the default bell icon.
 * @csspart base - The wrapper.
 * @csspart icon - The icon wrapper.
 * @csspart count - The number.
 *
 * @cssprop --chat-unread-badge-bg - Background of the count (default `--chatdesk-color-badge`).
 * @cssprop --chat-unread-badge-color - Text of the count (default `--chatdesk-color-badge-text`).
 * @cssprop --chat-unread-badge-size - Height of the count (default 18px).
 */
export class ChatUnreadBadge extends ChatdeskElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-flex;
        vertical-align: middle;
        --_badge-bg: var(--chat-unread-badge-bg, var(--_color-badge));
        --_badge-color: var(--chat-unread-badge-color, var(--_color-badge-text));
        --_badge-size: var(--chat-unread-badge-size, 18px);
      }
      .base {
        position: relative;
        display: inline-flex;
        align-items: center;
        color: var(--_color-text-muted);
      }
      .icon-wrap {
        display: inline-flex;
      }
      .icon {
        inline-size: 22px;
        block-size: 22px;
      }
      .count {
        min-inline-size: var(--_badge-size);
        block-size: var(--_badge-size);
        padding-inline: 5px;
        border-radius: calc(var(--_badge-size) / 2);
        background: var(--_badge-bg);
        color: var(--_badge-color);
        font-size: 11px;
        font-weight: 700;
        line-height: var(--_badge-size);
        text-align: center;
        margin-inline-start: -8px;
        margin-block-start: -12px;
      }
      :host([no-icon]) .count {
        margin: 0;
      }
      .count.zero {
        background: var(--_color-surface);
        color: var(--_color-text-muted);
      }
    `,
  ];
  static override get properties(): PropertyDeclarations {
    return {
      max: { type: Number },
      showZero: { type: Boolean, attribute: 'show-zero' },
      noIcon: { type: Boolean, attribute: 'no-icon', reflect: true },
    };
  }

  /** Counts above this show as "99+". */
  max = 99;

  /** Show the count also when it is 0. */
  showZero = false;

  /** Hide the bell icon (and the `icon` slot): only the count. */
  noIcon = false;

  /** The number shown (read-only; from `client.$unreadDialogCount`). */
  get count(): number {
    return this.client?.$unreadDialogCount.get() ?? 0;
  }

  protected override render(): TemplateResult {
    const n = this.client ? this.use(this.client.$unreadDialogCount) : 0;
    const label = n > 0 ? this.tr(messages, 'unread', { count: n }) : this.tr(messages, 'none');
    const shown = n > this.max ? `${formatNumber(this.currentLocale, this.max)}+` : formatNumber(this.currentLocale, n);
    return html`<span class="base" part="base" title=${label}>
      ${this.noIcon ? nothing : html`<span class="icon-wrap" part="icon" aria-hidden="true"><slot name="icon">${icons.bell}</slot></span>`}
      ${n > 0 || this.showZero ? html`<span class="count ${n === 0 ? 'zero' : ''}" part="count" aria-hidden="true">${shown}</span>` : nothing}
      <span class="visually-hidden">${label}</span>
    </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-unread-badge': ChatUnreadBadge;
  }
}
