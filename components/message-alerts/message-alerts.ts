/**
 * `<chat-alerts>` (N1): shows each new client message briefly, with the client's name, clickable
 * to open the dialog. It renders `client.$alerts`; the SDK already skips muted operators and the
 * dialog open and visible, and this element also drops alerts of a dialog once it is opened.
 */
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { NewMessageAlert } from '../../sdk/client.js';
import type { Id } from '../../sdk/model.js';
import { ChatdeskElement } from '../base.js';
import { icons } from '../icons.js';
import { namedChannelIcon } from '../channel-icons.js';
import { baseStyles } from '../styles.js';
import { styles } from './message-alerts.styles.js';
import { messages } from './message-alerts.messages.js';

/** Detail of `dialog-select` from an alert (same event as `<dialog-list>`'s). */
export interface AlertSelectDetail {
  dialogId: Id;
}

/** Where the stack sits. */
export type AlertsPosition = 'bottom-end' | 'top-end' | 'bottom-start' | 'top-start' | 'inline';

/**
 * New-message alerts (N1): a small stack of toasts, newest first, each with the client's name,
 * the channel and the message text (three lines at most). Clicking one opens the dialog;
 * each hides by itself after `duration` (paused while pointed at or focused). Nothing shows
 * while the operator is muted (`client.$muted`), and never for the dialog already open and
 * visible. Screen readers hear one polite summary per burst, not one per message.
 *
 * @summary New client message alerts (N1).
 *
 * @fires {CustomEvent<DialogSelectDetail>} dialog-select - An alert was clicked. Cancelable: when not prevented, `client.openDialog(id)` is called. Detail: `{ dialogId }`.
 *
 * @csspart stack - The list of alerts.
 * @csspart alert - One alert (the clickable area).
 * @csspart name - The client's name.
 * @csspart text - The message text.
 * @csspart channel - The channel line.
 * @csspart dismiss - The dismiss button.
 * @csspart footer - The "+N more / Dismiss all" line.
 *
 * @cssprop --chat-alerts-width - Width of the stack (default 340px).
 * @cssprop --chat-alerts-offset - Distance from the viewport edges (default 16px).
 * @cssprop --chat-alerts-offset-inline - Distance from the side edge (default `--chat-alerts-offset`): e.g. the client block's width, so the stack does not cover it.
 * @cssprop --chat-alerts-offset-block - Distance from the top or bottom edge (default `--chat-alerts-offset`): e.g. to stay above a composer.
 * @cssprop --chat-alerts-z-index - Stacking order (default 1000).
 */
export class ChatAlerts extends ChatdeskElement {
  static override styles = [baseStyles, styles];
  static override get properties(): PropertyDeclarations {
    return {
      duration: { type: Number },
      max: { type: Number },
      position: { reflect: true },
      announcement: { state: true, attribute: false },
    };
  }

  /** How long an alert stays, in milliseconds; 0 keeps it until dismissed. */
  duration = 8000;

  /** How many alerts show at once (the newest). */
  max = 3;

  /** Where the stack sits: `bottom-end` (default), `top-end`, `bottom-start`, `top-start`, or `inline` (in the page flow). */
  position: AlertsPosition = 'bottom-end';

  private announcement = '';

  private timers = new Map<Id, ReturnType<typeof setTimeout>>();
  private paused = false;
  private announced = new Set<Id>();
  private pendingAnnounce: NewMessageAlert[] = [];
  private announceTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    clearTimeout(this.announceTimer);
  }

  /** Alerts to show: not muted, not for the open dialog. */
  private visible(): NewMessageAlert[] {
    const c = this.client;
    if (!c) return [];
    const alerts = this.use(c.$alerts);
    const muted = this.use(c.$muted);
    const active = this.use(c.$activeDialogId);
    if (muted) return [];
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    return alerts.filter((a) => hidden || a.dialogId !== active);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const c = this.client;
    if (!c) return;
    const alerts = this.use(c.$alerts);
    const visible = this.visible();
    // Muted, or the dialog got opened: those alerts are done.
    if (alerts.length !== visible.length) {
      const keep = new Set(visible.map((a) => a.id));
      queueMicrotask(() => {
        for (const a of alerts) if (!keep.has(a.id)) c.dismissAlert(a.id);
      });
    }
    for (const a of visible) {
      if (!this.announced.has(a.id)) {
        this.announced.add(a.id);
        this.pendingAnnounce.push(a);
      }
    }
    if (this.pendingAnnounce.length && !this.announceTimer) {
      this.announceTimer = setTimeout(() => this.flushAnnouncement(), 600);
    }
    if (this.announced.size > 200) this.announced = new Set(alerts.map((a) => a.id));
  }

  private flushAnnouncement(): void {
    this.announceTimer = undefined;
    const batch = this.pendingAnnounce;
    this.pendingAnnounce = [];
    if (batch.length === 0) return;
    const one = batch[0]!;
    const text =
      batch.length === 1
        ? this.tr(messages, 'announceOne', { name: one.clientName, text: one.text.length > 140 ? `${one.text.slice(0, 140)}…` : one.text })
        : this.tr(messages, 'announceMany', { count: batch.length });
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = text));
  }

  protected override updated(): void {
    this.schedule();
  }

  /** Starts a hide timer for every shown alert that has none (unless paused). */
  private schedule(): void {
    const c = this.client;
    if (!c) return;
    const shown = new Set(this.shownAlerts().map((a) => a.id));
    for (const [id, t] of this.timers) {
      if (!shown.has(id)) {
        clearTimeout(t);
        this.timers.delete(id);
      }
    }
    if (this.paused || this.duration <= 0) return;
    for (const id of shown) {
      if (this.timers.has(id)) continue;
      this.timers.set(
        id,
        setTimeout(() => {
          this.timers.delete(id);
          c.dismissAlert(id);
        }, this.duration),
      );
    }
  }

  private pause = (): void => {
    this.paused = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  };

  private resume = (e: Event): void => {
    const section = e.currentTarget as HTMLElement;
    if (e.type === 'focusout') {
      const to = (e as FocusEvent).relatedTarget as Node | null;
      if (to && section.contains(to)) return;
    } else if ((this.renderRoot as ShadowRoot).activeElement) {
      // The pointer left but focus is still on an alert: keep it.
      return;
    }
    this.paused = false;
    this.schedule();
  };

  private shownAlerts(): NewMessageAlert[] {
    return this.visible().slice(-Math.max(1, this.max)).reverse();
  }

  private open(a: NewMessageAlert): void {
    const c = this.client;
    if (!c) return;
    c.dismissAlert(a.id);
    this.paused = false;
    if (!this.emit<AlertSelectDetail>('dialog-select', { dialogId: a.dialogId }, true)) return;
    void c.openDialog(a.dialogId).catch(() => undefined);
  }

  private dismissAll(): void {
    const c = this.client;
    if (!c) return;
    for (const a of this.visible()) c.dismissAlert(a.id);
    this.paused = false;
  }

  protected override render(): TemplateResult {
    const c = this.client;
    const all = this.visible();
    const shown = this.shownAlerts();
    const more = all.length - shown.length;
    const dialogs = c ? this.use(c.$dialogs) : undefined;
    const channels = c ? this.use(c.$channelsById) : undefined;
    return html`<section aria-label=${this.tr(messages, 'region')} @pointerenter=${this.pause} @pointerleave=${this.resume} @focusin=${this.pause} @focusout=${this.resume}>
      ${
        shown.length
          ? html`<ul class="stack" part="stack">
            ${repeat(
              shown,
              (a) => a.id,
              (a) => {
                const ch = channels?.get(dialogs?.get(a.dialogId)?.channelId ?? '');
                return html`<li class="toast">
                  <button type="button" class="open" part="alert" data-dialog=${a.dialogId} title=${this.tr(messages, 'open', { name: a.clientName })} @click=${() => this.open(a)}>
                    <span class="top" part="channel">${ch ? html`${namedChannelIcon(ch.kind, this.currentLocale)}<span class="channel">${ch.name}</span>` : html`${icons.bell}<span>${this.tr(messages, 'newMessage')}</span>`}</span>
                    <span class="name" part="name">${a.clientName}</span>
                    <span class="text" part="text">${a.text}</span>
                  </button>
                  <button type="button" class="icon-button dismiss" part="dismiss" aria-label=${this.tr(messages, 'dismiss')} title=${this.tr(messages, 'dismiss')} @click=${() => c?.dismissAlert(a.id)}>${icons.x}</button>
                </li>`;
              },
            )}
          </ul>`
          : nothing
      }
      ${
        more > 0 || shown.length > 1
          ? html`<div class="footer" part="footer">
            <span>${more > 0 ? this.tr(messages, 'more', { count: more }) : ''}</span>
            <button type="button" class="link-button" @click=${() => this.dismissAll()}>${this.tr(messages, 'dismissAll')}</button>
          </div>`
          : nothing
      }
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-alerts': ChatAlerts;
  }
}
