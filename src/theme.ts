/** Theming: the public `--chatdesk-*` tokens with their light and dark values. */
import { DARK_TOKENS, LIGHT_TOKENS, tokenDeclarations, type TokenName } from '../components/styles.js';

export { DARK_TOKENS, LIGHT_TOKENS, tokenDeclarations, type TokenName };

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
