/**
 * Design tokens. Every colour, size and font of every element comes through a `--chatdesk-*`
 * custom property; `:host` aliases them (with light defaults) as private `--_*` properties.
 * Set the public ones on any ancestor (or use `<chat-provider theme="dark">`) to theme.
 */
import { css, unsafeCSS } from 'lit';

/** Light values of every public token: the defaults. */
export const LIGHT_TOKENS = {
  '--chatdesk-color-bg': '#ffffff',
  '--chatdesk-color-surface': '#f6f7f9',
  '--chatdesk-color-surface-hover': '#eef1f5',
  '--chatdesk-color-surface-selected': '#e3ecfd',
  '--chatdesk-color-text': '#1b1f24',
  '--chatdesk-color-text-muted': '#5b6472',
  '--chatdesk-color-border': '#d5dae1',
  '--chatdesk-color-accent': '#1f5fd1',
  '--chatdesk-color-accent-text': '#ffffff',
  '--chatdesk-color-focus': '#1f5fd1',
  '--chatdesk-color-danger': '#b42318',
  '--chatdesk-color-danger-bg': '#fdecea',
  '--chatdesk-color-warning': '#8a5a00',
  '--chatdesk-color-warning-bg': '#fff4d6',
  '--chatdesk-color-success': '#147a3d',
  '--chatdesk-color-read': '#1f5fd1',
  '--chatdesk-color-bubble-in': '#f0f2f5',
  '--chatdesk-color-bubble-in-text': '#1b1f24',
  '--chatdesk-color-bubble-out': '#dbe8ff',
  '--chatdesk-color-bubble-out-text': '#11233f',
  '--chatdesk-color-bubble-bot': '#ece8fb',
  '--chatdesk-color-badge': '#1f5fd1',
  '--chatdesk-color-badge-text': '#ffffff',
  '--chatdesk-color-overlay': 'rgba(15, 20, 30, 0.45)',
  '--chatdesk-color-shadow': 'rgba(15, 20, 30, 0.18)',
  '--chatdesk-color-tag-text-dark': '#000000',
  '--chatdesk-color-tag-text-light': '#ffffff',
  '--chatdesk-color-link': '#1a56c4',
  '--chatdesk-color-channel-webchat': '#1f5fd1',
  '--chatdesk-color-channel-telegram': '#26a5e4',
  '--chatdesk-color-channel-whatsapp': '#1faa52',
  '--chatdesk-color-channel-viber': '#7360f2',
  '--chatdesk-color-channel-vk': '#0077ff',
  '--chatdesk-color-channel-instagram': '#ff0069',
  '--chatdesk-color-channel-facebook': '#0866ff',
  '--chatdesk-color-channel-email': '#b45309',
  '--chatdesk-color-channel-sms': '#147a3d',
  '--chatdesk-color-channel-other': '#5b6472',
  '--chatdesk-font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  '--chatdesk-font-size': '14px',
  '--chatdesk-font-size-small': '12px',
  '--chatdesk-radius': '8px',
  '--chatdesk-space': '8px',
} as const;

/** The names of the public tokens. */
export type TokenName = keyof typeof LIGHT_TOKENS;

/** Dark values (only colours change). */
export const DARK_TOKENS: Partial<Record<TokenName, string>> = {
  '--chatdesk-color-bg': '#15181d',
  '--chatdesk-color-surface': '#1d2128',
  '--chatdesk-color-surface-hover': '#262b34',
  '--chatdesk-color-surface-selected': '#1f3357',
  '--chatdesk-color-text': '#e7eaee',
  '--chatdesk-color-text-muted': '#a3acb9',
  '--chatdesk-color-border': '#363c47',
  '--chatdesk-color-accent': '#6ea2ff',
  '--chatdesk-color-accent-text': '#0b1220',
  '--chatdesk-color-focus': '#8fb7ff',
  '--chatdesk-color-danger': '#ff8a80',
  '--chatdesk-color-danger-bg': '#3a1e1c',
  '--chatdesk-color-warning': '#ffcf66',
  '--chatdesk-color-warning-bg': '#3a3016',
  '--chatdesk-color-success': '#6fd49a',
  '--chatdesk-color-read': '#8fb7ff',
  '--chatdesk-color-bubble-in': '#242932',
  '--chatdesk-color-bubble-in-text': '#e7eaee',
  '--chatdesk-color-bubble-out': '#1f3357',
  '--chatdesk-color-bubble-out-text': '#e7eefc',
  '--chatdesk-color-bubble-bot': '#2d2842',
  '--chatdesk-color-badge': '#6ea2ff',
  '--chatdesk-color-badge-text': '#0b1220',
  '--chatdesk-color-overlay': 'rgba(0, 0, 0, 0.6)',
  '--chatdesk-color-shadow': 'rgba(0, 0, 0, 0.5)',
  '--chatdesk-color-link': '#8fb7ff',
  '--chatdesk-color-channel-webchat': '#6ea2ff',
  '--chatdesk-color-channel-whatsapp': '#25d366',
  '--chatdesk-color-channel-viber': '#9d8cff',
  '--chatdesk-color-channel-vk': '#4c9dff',
  '--chatdesk-color-channel-facebook': '#4c8dff',
  '--chatdesk-color-channel-email': '#f0a050',
  '--chatdesk-color-channel-sms': '#6fd49a',
  '--chatdesk-color-channel-other': '#a3acb9',
};

/** CSS declarations for a token set, e.g. for a `.dark` rule. */
export function tokenDeclarations(tokens: Partial<Record<TokenName, string>>): string {
  return Object.entries(tokens)
    .map(([k, v]) => `${k}: ${v};`)
    .join('\n');
}

/**
 * Aliases the library build keeps long: null in the sources (every alias is `--_` and the token's name
 * without `--chatdesk-`). The build (scripts/mangle-members.js `privateCssNames`) sets this to the
 * positions of the aliases that scripts also name (`var(--_color-tag-text-dark)`), and names every
 * other alias `--_` and its position in LIGHT_TOKENS (base 36), renaming its uses in the styles to match.
 */
const LONG_ALIASES = null as readonly number[] | null;

const aliases = Object.entries(LIGHT_TOKENS)
  .map(([name, value], i) => `--_${LONG_ALIASES && !LONG_ALIASES.includes(i) ? i.toString(36) : name.slice('--chatdesk-'.length)}: var(${name}, ${value});`)
  .join('\n');

/**
 * Shared base styles: private aliases of every token (`--_color-bg`...), the host font, focus
 * rings, a visually-hidden helper and an icon-button reset.
 */
export const baseStyles = css`
  :host {
    ${unsafeCSS(aliases)}
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    color: var(--_color-text);
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  :focus-visible {
    outline: 2px solid var(--_color-focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
  }
  .icon-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    inline-size: 32px;
    block-size: 32px;
    padding: 0;
    border: 0;
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_color-text-muted);
    cursor: pointer;
  }
  .icon-button:hover {
    background: var(--_color-surface-hover);
    color: var(--_color-text);
  }
  .icon-button[aria-pressed='true'] {
    color: var(--_color-accent);
  }
  .icon-button:disabled {
    opacity: 0.45;
    cursor: default;
  }
  .icon {
    inline-size: 18px;
    block-size: 18px;
    flex: none;
  }
  /* L2: each channel kind in its own colour (brand colours by default). */
  svg.icon.channel-icon { color: var(--_color-channel-other); }
  svg.channel-icon.channel-webchat { color: var(--_color-channel-webchat); }
  svg.channel-icon.channel-telegram { color: var(--_color-channel-telegram); }
  svg.channel-icon.channel-whatsapp { color: var(--_color-channel-whatsapp); }
  svg.channel-icon.channel-viber { color: var(--_color-channel-viber); }
  svg.channel-icon.channel-vk { color: var(--_color-channel-vk); }
  svg.channel-icon.channel-instagram { color: var(--_color-channel-instagram); }
  svg.channel-icon.channel-facebook { color: var(--_color-channel-facebook); }
  svg.channel-icon.channel-email { color: var(--_color-channel-email); }
  svg.channel-icon.channel-sms { color: var(--_color-channel-sms); }
  .button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 6px 12px;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-bg);
    color: var(--_color-text);
    cursor: pointer;
  }
  .button.primary {
    background: var(--_color-accent);
    border-color: var(--_color-accent);
    color: var(--_color-accent-text);
  }
  .button.danger {
    background: var(--_color-danger);
    border-color: var(--_color-danger);
    color: var(--_color-bg);
  }
  .button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  dialog {
    color: var(--_color-text);
    background: var(--_color-bg);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    box-shadow: 0 12px 32px var(--_color-shadow);
    padding: 16px;
  }
  dialog::backdrop {
    background: var(--_color-overlay);
  }
`;
