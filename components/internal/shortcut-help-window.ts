/**
 * The content of the "Keyboard shortcuts" window: its groups of keys, their template and styles. Loaded
 * on first open by {@link ShortcutHelp} (shortcut-help.ts), so an element pays for it only when a
 * user first asks for the window.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { translate, type Locale } from '../i18n.js';
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

/** Styles of the window's content (adopted into the host's shadow root when this chunk loads). */
export const shortcutHelpWindowStyles = css`
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

/** The intro and the groups of keys. */
export function renderHelpBody(ids: readonly HelpGroupId[], keys: ResolvedShortcuts, locale: Locale, options?: HelpOptions): TemplateResult {
  const t = (k: ShortcutKey) => translate(shortcutStrings, locale, k);
  const or = t('key.or');
  const groups = helpGroups(ids, keys, locale, options);
  return html`<p class="sh-intro" id="shortcut-help-intro">${t('help.intro')}</p>
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
      </div>`;
}
