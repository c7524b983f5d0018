/** How elements reach the SDK: `@lit/context` keys provided by `<chat-provider>` or any host. */
import { createContext } from '@lit/context';
import type { ChatClient } from '../sdk/client.js';
import type { Locale } from './i18n.js';

/** The page's `ChatClient`. */
export const chatClientContext = createContext<ChatClient | undefined>(Symbol.for('chatdesk.client'));

/** The UI language chosen by the provider. */
export const localeContext = createContext<Locale | undefined>(Symbol.for('chatdesk.locale'));
