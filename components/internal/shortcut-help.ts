/**
 * The "Keyboard shortcuts" window (opened with `?`): a modal `<dialog>` listing the keys in use,
 * as the host configured them. `<chat-inbox>` shows every group; `<chat-window>` and
 * `<dialog-list>` used on their own show theirs.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { translate, type Locale } from '../i18n.js';
import { icons } from '../icons.js';
import { rememberFocus } from './focus.js';
import { keyCaps, type ShortcutAction, type ResolvedShortcuts } from './shortcuts.js';
import { shortcutStrings, type ShortcutKey } from './shortcuts.messages.js';

/** A group of the help window. */
export type HelpGroupId = 'panes' | 'dialogs' | 'list' | 'messages' | 'composer' | 'help';

interface HelpItem {
  /** Each alternative as keycaps; empty when the action is off. */
  keys: string[][];
  label: string;
}

/** What the help window needs to describe the composer's send key. */
export interface HelpOptions {
  sendOn?: 'enter' | 'mod-enter';
}

const ACTIONS_BY_GROUP: Record<HelpGroupId, readonly ShortcutAction[]> = {
  panes: ['nextPane', 'previousPane'],
  dialogs: ['previousDialog', 'nextDialog', 'previousUnread', 'nextUnread', 'jumpToDialog'],
  list: [],
  messages: ['quote', 'quickReply'],
  composer: [],
  help: ['help'],
};

/** The groups and lines of the help window, from the resolved keys. */
export function helpGroups(ids: readonly HelpGroupId[], keys: ResolvedShortcuts, locale: Locale, options: HelpOptions = {}): Array<{ id: HelpGroupId; title: string; items: HelpItem[] }> {
  const t = (k: ShortcutKey) => translate(shortcutStrings, locale, k);
  const caps = (...combos: string[]) => combos.map((c) => keyCaps(c));
  return ids.map((id) => {
    const items: HelpItem[] = [];
    if (id === 'list') {
      items.push(
        { keys: caps('ArrowUp', 'ArrowDown'), label: t('fixed.listMove') },
        { keys: caps('Home', 'End'), label: t('fixed.listEnds') },
        { keys: caps('Enter'), label: t('fixed.listOpen') },
        { keys: caps('Space'), label: t('fixed.listSelect') },
        { keys: [[t('key.letters')]], label: t('fixed.listTypeahead') },
        { keys: caps('Delete'), label: t('fixed.listDelete') },
        { keys: caps('Mod+A'), label: t('fixed.listSelectAll') },
      );
    }
    if (id === 'messages') {
      items.push(
        { keys: caps('ArrowUp', 'ArrowDown', 'PageUp', 'PageDown'), label: t('fixed.feedMove') },
        { keys: caps('Home', 'End'), label: t('fixed.feedEnds') },
        { keys: caps('Ctrl+Home', 'Ctrl+End'), label: t('fixed.feedLeave') },
      );
    }
    for (const action of ACTIONS_BY_GROUP[id]) items.push({ keys: keys[action].map((k) => keyCaps(k)), label: t(`action.${action}`) });
    if (id === 'panes') items.push({ keys: [['Tab']], label: t('fixed.skip') });
    if (id === 'composer') {
      const mod = options.sendOn === 'mod-enter';
      items.push(
        { keys: caps(mod ? 'Mod+Enter' : 'Enter'), label: t('fixed.send') },
        { keys: caps(mod ? 'Enter' : 'Shift+Enter'), label: t('fixed.newline') },
        { keys: caps('Escape'), label: t('fixed.escape') },
      );
    }
    return { id, title: t(`group.${id}`), items };
  });
}

/** Styles of the help window (add to the element's styles). */
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
  .sh-groups {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
    gap: 4px 24px;
    padding: 0 16px 16px;
  }
  .sh-group h3 {
    margin: 12px 0 6px;
    font-size: var(--_font-size);
  }
  .sh-group dl {
    margin: 0;
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .sh-row {
    display: grid;
    grid-template-columns: minmax(0, 10em) minmax(0, 1fr);
    gap: 10px;
    align-items: baseline;
  }
  .sh-row dt {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    align-items: center;
  }
  .sh-row dd {
    margin: 0;
  }
  .sh-or {
    color: var(--_color-text-muted);
    font-size: var(--_font-size-small);
  }
  kbd {
    display: inline-block;
    min-inline-size: 1.6em;
    padding: 1px 6px;
    border: 1px solid var(--_color-border);
    border-block-end-width: 2px;
    border-radius: 4px;
    background: var(--_color-surface);
    color: var(--_color-text);
    font: inherit;
    font-size: var(--_font-size-small);
    text-align: center;
    white-space: nowrap;
  }
  .sh-off {
    color: var(--_color-text-muted);
    font-style: italic;
    font-size: var(--_font-size-small);
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
    this.host.requestUpdate();
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

  /** The `<dialog>` (rendered only while open). */
  render(ids: readonly HelpGroupId[], keys: ResolvedShortcuts, locale: Locale, options?: HelpOptions): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    const t = (k: ShortcutKey) => translate(shortcutStrings, locale, k);
    const or = t('key.or');
    const groups = helpGroups(ids, keys, locale, options);
    return html`<dialog class="shortcut-help" part="shortcut-help" aria-labelledby="shortcut-help-title" aria-describedby="shortcut-help-intro" @close=${this.onClosed}>
      <div class="sh-head">
        <h2 id="shortcut-help-title">${t('help.title')}</h2>
        <button type="button" class="icon-button" autofocus aria-label=${t('help.close')} title=${t('help.close')} @click=${() => this.close()}>${icons.x}</button>
      </div>
      <p class="sh-intro" id="shortcut-help-intro">${t('help.intro')}</p>
      <div class="sh-groups">
        ${groups.map(
          (g) => html`<div class="sh-group" role="group" aria-labelledby=${`sh-${g.id}`}>
            <h3 id=${`sh-${g.id}`}>${g.title}</h3>
            <dl>
              ${g.items.map(
                (item) => html`<div class="sh-row">
                  <dt>
                    ${
                      item.keys.length === 0
                        ? html`<span class="sh-off">${t('help.disabled')}</span>`
                        : item.keys.map((alt, i) => html`${i > 0 ? html`<span class="sh-or">${or}</span>` : nothing}${alt.map((cap) => html`<kbd>${cap}</kbd>`)}`)
                    }
                  </dt>
                  <dd>${item.label}</dd>
                </div>`,
              )}
            </dl>
          </div>`,
        )}
      </div>
    </dialog>`;
  }
}
