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
