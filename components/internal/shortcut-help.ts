/**
 * The "Keyboard shortcuts" window (opened with `?`): a modal `<dialog>` listing the keys in use,
 * as the host configured them. `<chat-inbox>` shows every group; `<chat-window>` and
 * `<dialog-list>` used on their own show theirs. Its content (shortcut-help-window.ts) is loaded
 * when the window is first asked for: the window opens once it is there; a failed load opens it
 * with why and "Retry".
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { common } from '../common.messages.js';
import { translate, type Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { rememberFocus } from './focus.js';
import { adoptChunkStyles, OnDemandChunk } from './on-demand.js';
import type { HelpGroupId, HelpOptions } from './shortcut-help-window.js';
import type { ResolvedShortcuts } from './shortcuts.js';
import { shortcutStrings, type ShortcutKey } from './shortcuts.messages.js';

export type { HelpGroupId, HelpOptions } from './shortcut-help-window.js';

type WindowModule = typeof import('./shortcut-help-window.js');

// One loader for the page; once loaded, every element renders the window at once.
const help = new OnDemandChunk<WindowModule>(() => import('./shortcut-help-window.js'));

/** Styles of the help window's frame (add to the element's styles; its content brings its own). */
export const shortcutHelpStyles = css`
  dialog.shortcut-help {
    inline-size: min(640px, calc(100vw - 24px));
    max-block-size: min(86vh, 760px);
    padding: 0;
  }
  .sh-head {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 12px 12px 4px 16px;
  }
  .sh-head h2 {
    flex: 1;
    margin: 0;
    font-size: calc(var(--_font-size) * 1.15);
  }
  .sh-intro {
    margin: 0;
    padding: 0 16px 8px;
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  .sh-intro[role='alert'] {
    color: var(--_color-danger);
  }
`;

/** The help window's state: open / close and where focus returns. */
export class ShortcutHelp implements ReactiveController {
  private restore: (() => boolean) | null = null;
  open = false;

  /** `fallback` puts focus somewhere sensible when what had it before is gone. */
  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment },
    private readonly fallback?: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostUpdated(): void {
    const dlg = this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.shortcut-help');
    if (this.open && dlg && !dlg.open) dlg.showModal();
  }

  /** Opens the window; focus returns to what had it when the window closes. */
  show(): void {
    if (this.open) return;
    this.restore = rememberFocus();
    this.open = true;
    if (help.value) this.host.requestUpdate();
    else this.load();
  }

  /** Loads the window's content; the window opens when it is there, or with why it is not. */
  private load(): void {
    void help.request(this.host).then(async () => {
      await this.host.updateComplete;
      // After "Retry" the window is open already: focus on its close button (Retry is gone).
      const dlg = this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.shortcut-help');
      if (dlg?.open && !dlg.contains((this.host.renderRoot as ShadowRoot).activeElement)) dlg.querySelector<HTMLElement>('.sh-head button')?.focus();
    });
  }

  /** Closes the window. */
  close(): void {
    const dlg = this.host.renderRoot.querySelector<HTMLDialogElement>('dialog.shortcut-help');
    if (dlg?.open) dlg.close();
    else this.onClosed();
  }

  private readonly onClosed = (): void => {
    if (!this.open) return;
    this.open = false;
    this.host.requestUpdate();
    const restore = this.restore;
    this.restore = null;
    void this.host.updateComplete.then(() => {
      if (!restore?.()) this.fallback?.();
    });
  };

  /** The `<dialog>` (rendered only while open, once its content is loaded or failed to load). */
  render(ids: readonly HelpGroupId[], keys: ResolvedShortcuts, locale: Locale, options?: HelpOptions): TemplateResult | typeof nothing {
    const loaded = help.value;
    if (!this.open || !(loaded || help.failed(this.host))) return nothing;
    const t = (k: ShortcutKey) => translate(shortcutStrings, locale, k);
    if (loaded) adoptChunkStyles(this.host, loaded.shortcutHelpWindowStyles);
    return html`<dialog class="shortcut-help" part="shortcut-help" aria-labelledby="shortcut-help-title" aria-describedby="shortcut-help-intro" @close=${this.onClosed}>
      <div class="sh-head">
        <h2 id="shortcut-help-title">${t('help.title')}</h2>
        <button type="button" class="icon-button" autofocus aria-label=${translate(common, locale, 'close')} title=${translate(common, locale, 'close')} @click=${() => this.close()}>${icons.x}</button>
      </div>
      ${
        loaded
          ? loaded.renderHelpBody(ids, keys, locale, options)
          : html`<p class="sh-intro" id="shortcut-help-intro" role="alert">
              ${translate(common, locale, 'error.unavailable')} <button type="button" class="button" @click=${() => this.load()}>${translate(common, locale, 'retry')}</button>
            </p>`
      }
    </dialog>`;
  }
}
