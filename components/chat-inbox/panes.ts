/**
 * The panes of `<chat-inbox>`: what the inbox calls on the elements in them (found by what they
 * can do, not by tag name), and the bar above the chat and client panes when they do not all fit
 * (back buttons, the client drawer's toggle and close).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Id } from '../../sdk/model.js';
import { icons } from '../icons.js';
import type { InboxKey } from './chat-inbox.messages.js';
import type { InboxLayout, InboxPane } from './chat-inbox.js';

export const PANES: readonly InboxPane[] = ['list', 'chat', 'client'];

export interface ListLike extends HTMLElement {
  readonly dialogIds?: Id[];
  focusList?(): Promise<boolean>;
  focusDialog?(id: Id): Promise<boolean>;
}
export interface ChatLike extends HTMLElement {
  focusComposer?(): boolean;
  focusHeading?(): boolean;
  revealMessage?(dialogId: Id, messageId: Id): void;
}
export interface ClientLike extends HTMLElement {
  focusHeading?(): boolean;
}

/** Whether a key press comes from inside an open modal window (its keys are its own). */
export function fromModal(e: Event): boolean {
  return e.composedPath().some((n) => n instanceof HTMLDialogElement && n.open && n.matches(':modal'));
}

/** What the pane bar shows and calls. */
export interface PaneBarView {
  t(key: InboxKey): string;
  /** The pane shown in one- and two-pane layouts. */
  pane: InboxPane | undefined;
  back(to: InboxPane): () => void;
  toggleDrawer(): void;
}

/** The bar above the chat or client pane (nothing when all three panes fit). */
export function renderPaneBar(v: PaneBarView, pane: 'chat' | 'client', layout: InboxLayout): TemplateResult | typeof nothing {
  if (layout === 'three') return nothing;
  if (pane === 'chat') {
    return html`<div class="pane-bar" part="pane-bar">
      ${layout === 'one' ? html`<button type="button" class="bar-button back" part="back-button" @click=${v.back('list')}>${icons.prev}<span>${v.t('back.list')}</span></button>` : nothing}
      <span class="spacer"></span>
      <button
        type="button"
        class="bar-button client-toggle"
        part="client-button"
        aria-controls="client-pane"
        aria-expanded=${ifDefined(layout === 'two' ? (v.pane === 'client' ? 'true' : 'false') : undefined)}
        @click=${layout === 'two' ? v.toggleDrawer : v.back('client')}
      >
        <span>${v.t('client.show')}</span>${icons.next}
      </button>
    </div>`;
  }
  return html`<div class="pane-bar" part="pane-bar">
    ${
      layout === 'one'
        ? html`<button type="button" class="bar-button back" part="back-button" @click=${v.back('chat')}>${icons.prev}<span>${v.t('back.chat')}</span></button>`
        : html`<span class="spacer"></span
          ><button type="button" class="icon-button close-drawer" part="close-drawer" aria-label=${v.t('drawer.close')} title=${v.t('drawer.close')} @click=${v.toggleDrawer}>
            ${icons.x}
          </button>`
    }
  </div>`;
}
