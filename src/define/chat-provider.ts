/**
 * Registers `<chat-provider>` and exports its class; importing it also brings the
 * `HTMLElementTagNameMap` and event-map declarations into scope.
 */
import { ChatProvider } from '../../components/chat-provider/chat-provider.js';
import { defineElement } from '../../components/define-element.js';

export { ChatProvider } from '../../components/chat-provider/chat-provider.js';

defineElement('chat-provider', ChatProvider);
