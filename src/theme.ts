/** Theming: the public `--chatdesk-*` tokens with their light and dark values. */
import { DARK_TOKENS, LIGHT_TOKENS, tokenDeclarations, type TokenName } from '../components/styles.js';

export { DARK_TOKENS, LIGHT_TOKENS, tokenDeclarations, type TokenName };

/**
 * What each public token styles. Typed by {@link TokenName}, so a token added to the theme
 * without a description fails the type check; the custom-elements manifest, Storybook and the
 * theming guide read this table.
 */
export const TOKEN_DESCRIPTIONS: Readonly<Record<TokenName, string>> = {
  '--chatdesk-color-bg': 'Background of every element.',
  '--chatdesk-color-surface': 'Raised surfaces: headers, toolbars, panels, inputs.',
  '--chatdesk-color-surface-hover': 'A surface under the pointer (rows, buttons).',
  '--chatdesk-color-surface-selected': 'A selected or active surface (the open dialog, a chosen tag).',
  '--chatdesk-color-text': 'Body text.',
  '--chatdesk-color-text-muted': 'Secondary text: times, counts, hints, icons.',
  '--chatdesk-color-border': 'Borders and separators.',
  '--chatdesk-color-accent': 'Primary buttons, checked controls, links to actions.',
  '--chatdesk-color-accent-text': 'Text and icons on the accent colour.',
  '--chatdesk-color-focus': 'The keyboard focus ring.',
  '--chatdesk-color-danger': 'Errors, failed messages (S5), destructive actions.',
  '--chatdesk-color-danger-bg': 'Background of error notices.',
  '--chatdesk-color-warning': 'Warnings (blocked client, overdue waits).',
  '--chatdesk-color-warning-bg': 'Background of warning notices.',
  '--chatdesk-color-success': 'Confirmations (forwarded, saved).',
  '--chatdesk-color-read': 'The two checks of a read message (S4).',
  '--chatdesk-color-bubble-in': 'Bubble of a message from the client.',
  '--chatdesk-color-bubble-in-text': 'Text in a client message bubble.',
  '--chatdesk-color-bubble-out': 'Bubble of a message from an operator.',
  '--chatdesk-color-bubble-out-text': 'Text in an operator message bubble.',
  '--chatdesk-color-bubble-bot': 'Bubble of a message from a bot.',
  '--chatdesk-color-badge': 'Unread counters (L1, N2).',
  '--chatdesk-color-badge-text': 'Text on unread counters.',
  '--chatdesk-color-overlay': 'The backdrop behind modal windows.',
  '--chatdesk-color-shadow': 'Shadows of menus, alerts and windows.',
  '--chatdesk-color-tag-text-dark': 'Text on light tag colours (tag colours are data; the text stays readable).',
  '--chatdesk-color-tag-text-light': 'Text on dark tag colours.',
  '--chatdesk-color-link': 'Links in message text.',
  '--chatdesk-font-family': 'Font of every element.',
  '--chatdesk-font-size': 'Base font size.',
  '--chatdesk-font-size-small': 'Small text: times, counts, hints.',
  '--chatdesk-radius': 'Corner radius of controls, bubbles and panels.',
  '--chatdesk-space': 'The spacing unit (paddings and gaps are multiples of it).',
};

/**
 * A stylesheet text defining the dark theme on `selector` (default `.chatdesk-theme-dark`), for
 * hosts that theme without `<chat-provider theme="dark">`.
 */
export function darkThemeCss(selector = '.chatdesk-theme-dark'): string {
  return `${selector} {\n${tokenDeclarations(DARK_TOKENS)}\ncolor-scheme: dark;\n}`;
}

/**
 * A stylesheet text that follows the user's `prefers-color-scheme` on `selector` (default
 * `.chatdesk-theme-auto`): light values, and the dark ones when the system asks for dark. The same
 * as `<chat-provider theme="auto">`, for hosts that theme without the provider.
 */
export function autoThemeCss(selector = '.chatdesk-theme-auto'): string {
  return `${selector} {\n${tokenDeclarations(LIGHT_TOKENS)}\ncolor-scheme: light dark;\n}\n@media (prefers-color-scheme: dark) {\n${darkThemeCss(selector)}\n}`;
}
