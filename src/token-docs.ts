/**
 * Documentation of the public tokens (not part of the runtime entries): the custom-elements
 * manifest (custom-elements-manifest.config.mjs), Storybook and the theming guide read it.
 */
import type { TokenName } from '../components/styles.js';

/**
 * What each public token styles. Typed by {@link TokenName}, so a token added to the theme
 * without a description fails the type check.
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
