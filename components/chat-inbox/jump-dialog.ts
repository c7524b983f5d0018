/**
 * "Go to a dialog" (Mod+K in `<chat-inbox>`): a modal window with a search field and the dialogs
 * whose client or title matches (its content, jump-search.ts, is loaded when the window is first
 * asked for: the window opens once it is there; a failed load opens it with why and "Retry").
 * Enter opens the chosen dialog; Escape closes the window and focus returns where it was.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ChatClient } from '../../sdk/client.js';
import type { Id } from '../../sdk/model.js';
import { rememberFocus } from '../internal/focus.js';
import { adoptChunkStyles, OnDemandChunk } from '../internal/on-demand.js';
import type { InboxKey } from './chat-inbox.messages.js';
import type { JumpSearch } from './jump-search.js';

/** What the window needs from the inbox. */
export interface JumpHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly client?: ChatClient | undefined;
  /** Opens the chosen dialog (and moves focus into it). */
  jumpTo(id: Id): void;
  /** Closed without a choice, and what had focus before is gone: focus somewhere sensible. */
  focusAfterJumpCancelled(): void;
}

/** The strings of the window, and the common ones its failure shows. */
type Text = (key: InboxKey, params?: Record<string, string | number>) => string;

/** The window's state and frame. */
export class JumpDialog implements ReactiveController {
  /** One loader for the page; once loaded, every inbox renders the window at once. */
  private static readonly chunk = new OnDemandChunk(() => import('./jump-search.js'));
  open = false;
  private restore: (() => boolean) | null = null;
  private chosen: Id | null = null;
  /** This opening's search, once the content is there. */
  private search: JumpSearch | null = null;

  constructor(private readonly host: JumpHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostUpdated(): void {
    const dlg = this.dialog();
    if (this.open && dlg && !dlg.open) {
      dlg.showModal();
      dlg.querySelector<HTMLElement>('input, button')?.focus();
    }
  }

  private dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.jump');
  }

  /** Opens the window with an empty search. */
  show(): void {
    if (this.open) return;
    this.restore = rememberFocus();
    this.open = true;
    this.chosen = null;
    this.search = null;
    if (JumpDialog.chunk.value) this.host.requestUpdate();
    else this.load();
  }

  /** Loads the window's content; the window opens when it is there, or with why it is not. */
  private load(): void {
    void JumpDialog.chunk.request(this.host).then(async () => {
      await this.host.updateComplete;
      // After "Retry" the window is open already: focus on its search field (Retry is gone).
      this.dialog()?.querySelector<HTMLElement>('input')?.focus();
    });
  }

  private close(chosen: Id | null): void {
    this.chosen = chosen;
    const dlg = this.dialog();
    if (dlg?.open) dlg.close();
    else this.onClosed();
  }

  private readonly onClosed = (): void => {
    if (!this.open) return;
    this.open = false;
    this.search?.stop();
    this.search = null;
    const chosen = this.chosen;
    const restore = this.restore;
    this.chosen = null;
    this.restore = null;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      if (chosen) this.host.jumpTo(chosen);
      else if (!restore?.()) this.host.focusAfterJumpCancelled();
    });
  };

  /** The `<dialog>` (rendered only while open, once its content is loaded or failed to load). */
  render(t: Text, failed: { why: string; retry: string }): TemplateResult | typeof nothing {
    const client = this.host.client;
    const loaded = JumpDialog.chunk.value;
    if (!this.open || !client || !(loaded || JumpDialog.chunk.failed(this.host))) return nothing;
    if (loaded) {
      adoptChunkStyles(this.host, loaded.jumpSearchStyles);
      this.search ??= new loaded.JumpSearch(this.host, (id) => this.close(id));
    }
    return html`<dialog class="jump" part="jump-dialog" aria-labelledby="jump-title" aria-describedby="jump-hint" @close=${this.onClosed}>
      <h2 id="jump-title" class="jump-title">${t('jump.title')}</h2>
      ${
        this.search
          ? this.search.render(client, t)
          : html`<p class="jump-hint" id="jump-hint" role="alert">${failed.why} <button type="button" class="button" @click=${() => this.load()}>${failed.retry}</button></p>`
      }
    </dialog>`;
  }
}
